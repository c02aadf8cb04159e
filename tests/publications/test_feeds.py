import datetime

import feedparser
import pytest

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


def test_feed_links_tag_runs_no_query(db, django_assert_num_queries):
    from publications.templatetags.publications_tags import feed_links

    with django_assert_num_queries(0):
        assert "application/atom+xml" in feed_links()


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
