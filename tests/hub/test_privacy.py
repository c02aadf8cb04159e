"""hub.privacy: the view restrictions are read once per request, and hide a page with its descendants."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from hub.models import StandardPage
from hub.privacy import is_public, public, restricted_q, view_rules

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    reserved = StandardPageFactory(parent=home_page, title="Réservée", slug="reservee")
    child = StandardPageFactory(parent=reserved, title="Enfant", slug="enfant")
    sibling = StandardPageFactory(parent=home_page, title="Sœur", slug="soeur")
    PageViewRestriction.objects.create(page=reserved, restriction_type=PageViewRestriction.LOGIN)
    return reserved, child, sibling


@pytest.fixture
def request_():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_rules_are_read_once_per_request(pages, request_, django_assert_num_queries):
    with django_assert_num_queries(1):
        public(StandardPage.objects.all(), request_)
        public(Page.objects.live(), request_)
        restricted_q(request_)
        is_public(pages[2], request_)


def test_restricted_page_and_its_descendants_are_hidden(pages, request_):
    reserved, child, sibling = pages
    visible = set(public(StandardPage.objects.all(), request_).values_list("pk", flat=True))
    assert sibling.pk in visible
    assert reserved.pk not in visible
    assert child.pk not in visible
    assert set(StandardPage.objects.filter(restricted_q(request_)).values_list("pk", flat=True)) == {
        reserved.pk,
        child.pk,
    }
    assert not is_public(child, request_)
    assert is_public(sibling, request_)


def test_same_pages_as_wagtail_public(pages):
    """Without a request the rules are read at each call; the result is Wagtail's own `.public()`."""
    assert list(public(Page.objects.order_by("path")).values_list("pk", flat=True)) == list(
        Page.objects.public().order_by("path").values_list("pk", flat=True)
    )


def test_no_rule_matches_nothing_and_keeps_the_queryset(home_page, request_):
    queryset = StandardPage.objects.all()
    assert public(queryset, request_) is queryset
    assert not Page.objects.filter(restricted_q(request_)).exists()


def test_rules_read_for_a_user_aware_listing_serve_the_public_lists(pages, request_, django_assert_num_queries):
    view_rules(request_)
    with django_assert_num_queries(0):
        public(StandardPage.objects.all(), request_)
        restricted_q(request_)
