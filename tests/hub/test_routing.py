"""The home page routes a URL in two queries (core/routing.py) to exactly what Wagtail's own walk,
one level at a time, finds: the same page, the same sub-route, the same 404."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, Site

from tests.conftest import build_site


def walk(route, request, path):
    components = [part for part in path.split("/") if part]
    try:
        page, args, kwargs = route(request, components)
    except Http404:
        return "404"
    view = args[0].__name__ if args else None
    return page.pk, view, args[1:] if args else (), kwargs


def test_every_url_routes_as_wagtails_own_walk(db):
    build_site("--demo-places")
    home = Site.objects.get(is_default_site=True).root_page.specific
    paths = [page.url_path.removeprefix(home.url_path) for page in Page.objects.filter(depth__gt=2)]
    paths += ["membres/inconnue/", "publications/flux/rss/", "publications/flux/actualite/atom/", "lieux/carte/"]
    paths += ["publications/inconnue/flux/rss/", "gouvernance/poles/inconnu/", "inconnu/"]
    assert len(paths) > 20
    for path in paths:
        mine = walk(home.route, RequestFactory().get("/" + path), path)
        wagtails = walk(lambda request, parts: Page.route(home, request, parts), RequestFactory().get("/" + path), path)
        assert mine == wagtails, path


@pytest.mark.parametrize("path", ["/gouvernance/poles/ariege/", "/publications/flux/rss/"])
def test_a_deep_page_costs_two_routing_queries(db, django_assert_max_num_queries, path):
    build_site("--demo-places")
    home = Site.objects.get(is_default_site=True).root_page.specific
    with django_assert_max_num_queries(2):
        home.route(RequestFactory().get(path), [part for part in path.split("/") if part])


def test_with_fragments_on_a_route_seen_again_costs_no_query_and_follows_publication(
    db, client, fragment_cache, django_assert_max_num_queries
):
    """The page an address leads to is kept with the content generation: no routing query the second
    time, and unpublishing, renaming or republishing shows at the next request."""
    build_site("--demo-places")
    home = Site.objects.get(is_default_site=True).root_page.specific
    pole = Page.objects.get(url_path=home.url_path + "gouvernance/poles/ariege/").specific
    path = "/gouvernance/poles/ariege/"
    assert walk(home.route, RequestFactory().get(path), path)[0] == pole.pk
    with django_assert_max_num_queries(1):  # the generation only
        assert walk(home.route, RequestFactory().get(path), path)[0] == pole.pk
    pole.unpublish()
    assert walk(home.route, RequestFactory().get(path), path) == "404"
    pole.slug = "ariege-09"
    pole.save_revision().publish()
    assert walk(home.route, RequestFactory().get(path), path) == "404"
    renamed = "/gouvernance/poles/ariege-09/"
    assert walk(home.route, RequestFactory().get(renamed), renamed)[0] == pole.pk
    assert client.get(renamed).status_code == 200
