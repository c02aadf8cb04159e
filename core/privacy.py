"""The privacy rules of the site (Wagtail's page view restrictions), read once per request.

`privacy(request)` is the one way the apps ask what is reserved. Its vocabulary:

- `public(pages)`: the pages anyone may see, for what every visitor shares (menus, footer, feeds,
  sitemap, cards on cached pages);
- `visible(pages)`: the pages this visitor may see listed (a COS member also gets the pages
  reserved to the COS), for search, the publications index and the home page's latest news;
- `is_reserved(page)`: a privacy rule covers the page (its badge; nothing public links to it).

Wagtail's `PageQuerySet.public()` reads every restriction each time it is called, and a page
renders a dozen such lists: here the rules are read once per request (one query; the groups of
group restrictions and the visitor's own groups only when a logged-in visitor needs them) and kept
on the request. Same rule as Wagtail: a page is hidden when it or any of its ancestors has a view
restriction, whatever its kind.
"""

from django.db.models import Q, prefetch_related_objects
from wagtail.models import PageViewRestriction

_REQUEST_ATTR = "_rhinocc_privacy"


def _under(paths):
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q


class Privacy:
    """The site's privacy rules, as they apply to one visitor (None: anonymous)."""

    def __init__(self, user=None):
        self.user = user if user is not None and user.is_authenticated else None
        self.restrictions = list(PageViewRestriction.objects.select_related("page"))
        self._group_ids = None

    def _user_group_ids(self):
        if self._group_ids is None:
            prefetch_related_objects(self.restrictions, "groups")
            self._group_ids = set(self.user.groups.values_list("pk", flat=True))
        return self._group_ids

    def allows(self, restriction):
        """Same rule as PageViewRestriction.accept_request, without the request and its queries."""
        if self.user is None:
            return False
        if restriction.restriction_type == PageViewRestriction.LOGIN or self.user.is_superuser:
            return True
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            group_ids = self._user_group_ids()
            return any(group.pk in group_ids for group in restriction.groups.all())
        return False  # shared passwords only open one page at a time: such pages stay out of listings

    def restrictions_of(self, page):
        """The restrictions that cover `page` (its own and its ancestors')."""
        return [r for r in self.restrictions if page.path and page.path.startswith(r.page.path)]

    def is_reserved(self, page):
        """True when a privacy rule covers this page (it is not public)."""
        return bool(self.restrictions_of(page))

    def public(self, queryset):
        """`queryset` (of pages) without any page under a privacy rule."""
        paths = [r.page.path for r in self.restrictions]
        return queryset.exclude(_under(paths)) if paths else queryset

    def visible(self, queryset):
        """`queryset` (of pages) without the pages this visitor may not open."""
        paths = [r.page.path for r in self.restrictions if not self.allows(r)]
        return queryset.exclude(_under(paths)) if paths else queryset


def privacy(request):
    """The rules for `request.user`, read once per request (kept on the request); with no request
    (feeds built outside one, commands), the anonymous rules, read at each call."""
    if request is None:
        return Privacy()
    rules = getattr(request, _REQUEST_ATTR, None)
    if rules is None:
        rules = Privacy(getattr(request, "user", None))
        setattr(request, _REQUEST_ATTR, rules)
    return rules
