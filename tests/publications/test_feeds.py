import datetime

import feedparser
import pytest
from django.test import override_settings

from .factories import PublicationPageFactory


@pytest.fixture
def feed_items(index, reserved_publication):
    return [
        PublicationPageFactory(
            parent=index, title="Aide à l'équipement", category="financement", date=datetime.date(2021, 1, 15)
        ),
        PublicationPageFactory(
            parent=index, title="Appel AFNIC", category="appel-a-projets", date=datetime.date(2021, 1, 26)
        ),
    ]


@pytest.mark.parametrize("url", ["/publications/flux/rss/", "/publications/flux/atom/"])
def test_feed_parses_and_holds_only_public_items(client, feed_items, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Appel AFNIC", "Aide à l'équipement"]
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/publications/")
        assert entry.published_parsed.tm_year == 2021
    assert feed.entries[0].published_parsed[:3] == (2021, 1, 26)
    assert feed.feed.link.startswith("http://testserver/")


def test_rss_is_rss2_and_atom_is_atom(client, feed_items):
    assert feedparser.parse(client.get("/publications/flux/rss/").content).version == "rss20"
    assert feedparser.parse(client.get("/publications/flux/atom/").content).version == "atom10"


def test_category_feed(client, feed_items):
    feed = feedparser.parse(client.get("/publications/flux/financement/atom/").content)
    assert [entry.title for entry in feed.entries] == ["Aide à l'équipement"]
    assert "Financement" in feed.feed.title
    reserved = feedparser.parse(client.get("/publications/flux/compte-rendu/rss/").content)
    assert reserved.entries == []


def test_unknown_category_feed_is_404(client, index):
    assert client.get("/publications/flux/inconnue/rss/").status_code == 404


def test_every_page_announces_the_feeds(client, index):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/publications/flux/rss/"' in html
    assert 'href="/publications/flux/atom/"' in html


def render(template, request):
    from django.template import Context, Template

    return Template("{% load hub_tags %}" + template).render(Context({"request": request}))


def test_feed_links_cost_no_query_of_their_own(rf, index, django_assert_num_queries):
    # They find the index among the pages under the site's root, which the main menu reads anyway.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    render("{% feed_links %}{% main_menu %}", rf.get("/"))  # warms the per-process caches
    with CaptureQueriesContext(connection) as menu_alone:
        render("{% main_menu %}", rf.get("/"))
    with django_assert_num_queries(len(menu_alone)):
        html = render("{% feed_links %}{% main_menu %}", rf.get("/"))
    assert 'href="/publications/flux/atom/"' in html
    request = rf.get("/")
    render("{% main_menu %}", request)
    with django_assert_num_queries(0):
        assert 'href="/publications/flux/rss/"' in render("{% feed_links %}", request)


def test_feeds_follow_their_index(client, index):
    index.slug = "actualites"
    index.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/actualites/flux/rss/"' in html
    feed = feedparser.parse(client.get("/actualites/flux/atom/").content)
    assert not feed.bozo
    assert feed.feed.link == "http://testserver/actualites/"
    assert client.get("/publications/flux/rss/").status_code == 404


def test_no_index_no_feed_links(client, home_page):
    assert "application/rss+xml" not in client.get("/").content.decode()


@override_settings(PAGE_CACHE_SECONDS=600)
def test_feeds_are_cached_once_whatever_their_query(client, feed_items):
    assert client.get("/publications/flux/rss/")["X-Cache"] == "MISS"
    assert client.get("/publications/flux/rss/")["X-Cache"] == "HIT"
    # A feed reads no parameter, not even the index's: such a request is served, never stored.
    for query in ("?page=2", "?categorie=financement", "?x=1"):
        response = client.get("/publications/flux/rss/" + query)
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_sitemap_lists_public_pages_only(client, public_publication, reserved_publication):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/publications/ateliers-numeriques/" in xml
    assert "http://testserver/publications/" in xml
    assert "compte-rendu-secret" not in xml


def test_robots_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_robots_answers_head(client, home_page):
    response = client.head("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
