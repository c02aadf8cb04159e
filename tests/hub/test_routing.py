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
