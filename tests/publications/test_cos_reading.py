"""COS members find the publications reserved to them where they look (search, home page), marked
« Réservé au COS »; nobody else does, and the anonymous page cache never keeps nor serves their pages."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from tests.conftest import count_queries
from tests.hub.factories import StandardPageFactory

from .factories import PublicationPageFactory, reserve_for_cos
from .test_queries import make_publications

SECRET = "Compte rendu secret du comité"
BADGE = '<span class="badge badge--reserved">Réservé au COS</span>'
READERS = ["cos_member", "admin_user"]
OTHERS = ["anonymous", "outsider"]


@pytest.fixture
def reserved(public_publication, reserved_publication):
    # Tags are added after the page row is indexed: index both again, as test_search.py does.
    backend = get_search_backend()
    backend.add(public_publication)
    backend.add(reserved_publication)
    return reserved_publication


def log_in(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


def result_item(html, title):
    """The search result (<li>) or home page card (<article>) that shows `title`, or None."""
    for item in html.replace("<article", "<li").split("<li")[1:]:
        if title in item:
            return item
    return None


@pytest.mark.parametrize("who", READERS)
def test_search_lists_the_reserved_publication_with_its_badge(client, request, reserved, who):
    log_in(client, request, who)
    response = client.get("/recherche/", {"q": "comité"})
    item = result_item(response.content.decode(), SECRET)
    assert item is not None
    assert f'href="{reserved.url}"' in item
    assert BADGE in item


@pytest.mark.parametrize("who", OTHERS)
def test_search_hides_the_reserved_publication(client, request, reserved, who):
    log_in(client, request, who)
    html = client.get("/recherche/", {"q": "comité"}).content.decode()
    assert SECRET not in html
    assert reserved.url not in html
    assert "Réservé au COS" not in html


def test_public_results_carry_no_badge(client, cos_member, reserved):
    client.force_login(cos_member)
    html = client.get("/recherche/", {"q": "ateliers"}).content.decode()
    item = result_item(html, "Ateliers numériques à Toulouse")
    assert item is not None and "Réservé au COS" not in item


def test_search_lists_no_reserved_page_of_any_kind_to_an_outsider(client, outsider, home_page, reserved):
    by_group = reserve_for_cos(StandardPageFactory(parent=home_page, title="Ordre du jour du comité", slug="odj"))
    by_password = StandardPageFactory(parent=home_page, title="Archives du comité", slug="archives")
    PageViewRestriction.objects.create(
        page=by_password, restriction_type=PageViewRestriction.PASSWORD, password="mot-de-passe"
    )
    client.force_login(outsider)
    response = client.get("/recherche/", {"q": "comité"})
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == []
    html = response.content.decode()
    for page in (reserved, by_group, by_password):
        assert page.title not in html


@pytest.mark.parametrize("who", READERS)
def test_home_page_lists_the_reserved_publication_with_its_badge(client, request, reserved, who):
    log_in(client, request, who)
    html = client.get("/").content.decode()
    item = result_item(html, SECRET)
    assert item is not None
    assert f'href="{reserved.url}"' in item
    assert BADGE in item
    public = result_item(html, "Ateliers numériques à Toulouse")
    assert public is not None and "Réservé au COS" not in public


@pytest.mark.parametrize("who", OTHERS)
def test_home_page_hides_the_reserved_publication(client, request, reserved, who):
    log_in(client, request, who)
    html = client.get("/").content.decode()
    assert "Ateliers numériques à Toulouse" in html
    assert SECRET not in html
    assert reserved.url not in html
    assert "Réservé au COS" not in html


@pytest.mark.parametrize("url", ["/", "/recherche/?q=comit%C3%A9"])
def test_a_cos_members_page_never_goes_into_or_comes_from_the_anonymous_cache(client, cos_member, reserved, url):
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=600):
        # A member first: their page is not stored...
        client.force_login(cos_member)
        member = client.get(url)
        assert SECRET in member.content.decode()
        assert "X-Cache" not in member
        assert "private" in member["Cache-Control"]
        client.logout()
        first = client.get(url)
        assert first["X-Cache"] == "MISS"
        assert SECRET not in first.content.decode()
        # ... and the anonymous page now cached is not what the member gets.
        assert client.get(url)["X-Cache"] == "HIT"
        client.force_login(cos_member)
        again = client.get(url)
        assert "X-Cache" not in again
        assert SECRET in again.content.decode()
    cache.clear()


@pytest.mark.parametrize("url", ["/", "/recherche/?q=publication"])
def test_queries_do_not_grow_for_a_cos_member(client, cos_member, index, url):
    client.force_login(cos_member)
    pages = make_publications(index, 5)
    backend = get_search_backend()
    for page in pages:
        backend.add(page)
    with_few = count_queries(client, url)
    pages = make_publications(index, 20)
    for page in pages:
        backend.add(page)
    assert count_queries(client, url) == with_few


def test_reserved_publication_is_among_the_latest_in_date_order(client, cos_member, index, cos_group):
    """The home page shows the three newest a member may read, reserved ones in their place."""
    older = [PublicationPageFactory(parent=index, title=f"Ancienne {n}") for n in range(3)]
    newest = reserve_for_cos(PublicationPageFactory(parent=index, title="Toute dernière, réservée"))
    client.force_login(cos_member)
    html = client.get("/").content.decode()
    assert "Toute dernière, réservée" in html
    assert older[0].title not in html
    assert newest.url in html


def test_login_then_back_to_the_reserved_page(client, cos_member, reserved_publication):
    response = client.post(
        "/connexion/",
        {"username": "membre-cos", "password": "un-mot-de-passe-solide", "next": reserved_publication.url},
    )
    assert response.status_code == 302
    assert response["Location"] == reserved_publication.url
    assert client.get(reserved_publication.url).status_code == 200
