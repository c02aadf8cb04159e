"""The privacy rules of the site (Wagtail's page view restrictions), read once per request.

Wagtail's `PageQuerySet.public()` reads every restriction each time it is called; a page renders
a dozen such lists (menu, footer, home sections...). `public(queryset, request)` reads the rules
once per request and keeps them on the request object. Same rule as Wagtail: a page is hidden
when it or any of its ancestors has a view restriction, whatever its kind.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

_PATHS_ATTR = "_rhinocc_restricted_paths"
_RULES_ATTR = "_rhinocc_view_rules"


class ViewRules:
    """The privacy rules of the site, read once, to tell which pages a given user may see."""

    def __init__(self, user):
        self.user = user
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        self.restrictions = list(restrictions)
        if (
            user is not None
            and user.is_authenticated
            and any(r.restriction_type == PageViewRestriction.GROUPS for r in self.restrictions)
        ):
            self.group_ids = set(user.groups.values_list("pk", flat=True))
        else:
            self.group_ids = set()

    def allows(self, restriction):
        """Same rule as PageViewRestriction.accept_request, without the request and its queries."""
        user = self.user
        if user is None or not user.is_authenticated:
            return False
        if restriction.restriction_type == PageViewRestriction.LOGIN or user.is_superuser:
            return True
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            return any(group.pk in self.group_ids for group in restriction.groups.all())
        return False  # shared passwords only open one page at a time: such pages stay out of listings

    def hidden_q(self):
        """A Q matching the pages this user must not see listed, or None when everything is visible."""
        q = Q()
        for restriction in self.restrictions:
            if not self.allows(restriction):
                q |= Q(path__startswith=restriction.page.path)
        return q or None

    def is_reserved(self, page):
        """True when a privacy rule covers this page (it is not public)."""
        return any(page.path.startswith(r.page.path) for r in self.restrictions)


def view_rules(request):
    """The rules for `request.user`, read once per request (kept on the request)."""
    rules = getattr(request, _RULES_ATTR, None)
    if rules is None:
        rules = ViewRules(getattr(request, "user", None))
        setattr(request, _RULES_ATTR, rules)
    return rules


def restricted_paths(request=None):
    """The paths of the pages that carry a view restriction: one query per request, or per call
    when there is no request."""
    if request is None:
        return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    paths = getattr(request, _PATHS_ATTR, None)
    if paths is None:
        rules = getattr(request, _RULES_ATTR, None)
        if rules is not None:  # already read with their groups for a user-aware listing
            paths = tuple(restriction.page.path for restriction in rules.restrictions)
        else:
            paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        setattr(request, _PATHS_ATTR, paths)
    return paths


def _q(paths):
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def restricted_q(request=None):
    """A Q matching the pages under any view restriction (the restricted page included);
    it matches nothing when there is no restriction."""
    return _q(restricted_paths(request)) or Q(pk__in=[])


def is_public(page, request=None):
    """True when no view restriction covers `page` (read from the rules, no query of its own)."""
    return not any(page.path.startswith(path) for path in restricted_paths(request))


def public(queryset, request=None):
    """`queryset` (of pages) without the pages under a view restriction, like Wagtail's `.public()`
    but with the rules read once per request."""
    paths = restricted_paths(request)
    return queryset.exclude(_q(paths)) if paths else queryset
