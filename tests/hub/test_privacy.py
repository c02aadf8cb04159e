"""core.privacy: the view restrictions are read once per request, and hide a page with its descendants."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from core.privacy import privacy
from hub.models import StandardPage

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    reserved = StandardPageFactory(parent=home_page, title="Réservée", slug="reservee")
    child = StandardPageFactory(parent=reserved, title="Enfant", slug="enfant")
    sibling = StandardPageFactory(parent=home_page, title="Sœur", slug="soeur")
    PageViewRestriction.objects.create(page=reserved, restriction_type=PageViewRestriction.LOGIN)
    return reserved, child, sibling


def _request(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


@pytest.fixture
def request_():
    return _request()


def _pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_rules_are_read_once_per_request(pages, request_, django_assert_num_queries):
    with django_assert_num_queries(1):
        privacy(request_).public(StandardPage.objects.all())
        privacy(request_).visible(Page.objects.live())
        privacy(request_).is_reserved(pages[2])
        assert privacy(request_) is privacy(request_)


def test_restricted_page_and_its_descendants_are_hidden(pages, request_):
    reserved, child, sibling = pages
    rules = privacy(request_)
    for shown in (_pks(rules.public(StandardPage.objects.all())), _pks(rules.visible(StandardPage.objects.all()))):
        assert sibling.pk in shown
        assert reserved.pk not in shown
        assert child.pk not in shown
    assert rules.is_reserved(child)
    assert rules.is_reserved(reserved)
    assert not rules.is_reserved(sibling)


def test_same_pages_as_wagtail_public(pages):
    """Without a request the rules are read at each call; the result is Wagtail's own `.public()`."""
    assert list(privacy(None).public(Page.objects.order_by("path")).values_list("pk", flat=True)) == list(
        Page.objects.public().order_by("path").values_list("pk", flat=True)
    )


def test_no_rule_keeps_the_queryset(home_page, request_):
    queryset = StandardPage.objects.all()
    assert privacy(request_).public(queryset) is queryset
    assert privacy(request_).visible(queryset) is queryset


def test_a_group_member_sees_what_their_group_opens_but_public_lists_stay_public(
    pages, django_user_model, django_assert_num_queries
):
    reserved, child, sibling = pages
    group = Group.objects.create(name="Lecteurs")
    group_page = StandardPageFactory(parent=pages[0].get_parent(), title="Groupe", slug="groupe")
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    member = django_user_model.objects.create_user("lecteur", password="x")
    member.groups.add(group)
    outsider = django_user_model.objects.create_user("autre", password="x")

    member_rules = privacy(_request(member))
    assert group_page.pk in _pks(member_rules.visible(StandardPage.objects.all()))
    assert reserved.pk in _pks(member_rules.visible(StandardPage.objects.all()))  # any login opens it
    assert group_page.pk not in _pks(member_rules.public(StandardPage.objects.all()))
    assert member_rules.is_reserved(group_page)

    outsider_rules = privacy(_request(outsider))
    assert group_page.pk not in _pks(outsider_rules.visible(StandardPage.objects.all()))
    assert sibling.pk in _pks(outsider_rules.visible(StandardPage.objects.all()))
    assert group_page.pk not in _pks(privacy(_request()).visible(StandardPage.objects.all()))


def test_groups_are_read_only_for_a_logged_in_visitor(pages, request_, django_assert_num_queries):
    """An anonymous visitor's rules cost one query (the restrictions' groups come with them); a
    visitor's own groups are never read for him."""
    group = Group.objects.create(name="Lecteurs")
    restriction = PageViewRestriction.objects.create(page=pages[2], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    with django_assert_num_queries(1):
        rules = privacy(request_)
        rules.visible(StandardPage.objects.all())
        rules.is_reserved(pages[1])


def test_a_change_of_a_restrictions_groups_is_seen_at_once_with_fragments_on(
    pages, django_user_model, django_assert_num_queries, fragment_cache
):
    """The rules are kept with the content generation; the groups a restriction lets in are saved
    after it (the admin's form), and that change renews the generation too."""
    readers, others = Group.objects.create(name="Lecteurs"), Group.objects.create(name="Autres")
    group_page = StandardPageFactory(parent=pages[0].get_parent(), title="Groupe", slug="groupe")
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(others)
    member = django_user_model.objects.create_user("lecteur", password="x")
    member.groups.add(readers)

    assert group_page.pk not in _pks(privacy(_request(member)).visible(StandardPage.objects.all()))
    login_rule = PageViewRestriction.objects.get(page=pages[0])
    with django_assert_num_queries(2):  # the generation and the member's groups: the rules are kept
        assert privacy(_request(member)).audience() == str(login_rule.pk)
    restriction.groups.set([readers])
    assert group_page.pk in _pks(privacy(_request(member)).visible(StandardPage.objects.all()))
    restriction.groups.remove(readers)
    assert group_page.pk not in _pks(privacy(_request(member)).visible(StandardPage.objects.all()))
