"""The privacy rules of the site (Wagtail's page view restrictions), read once per request.

`privacy(request)` is the one way the apps ask what is reserved. Its vocabulary:

- `public(pages)`: the pages anyone may see, for what every visitor shares (menus, footer, feeds,
  sitemap, cards on cached pages);
- `visible(pages)`: the pages this visitor may see listed (a COS member also gets the pages
  reserved to the COS), for search, the publications index and the home page's latest news;
- `is_reserved(page)`: a privacy rule covers the page (its badge; nothing public links to it).

Wagtail's `PageQuerySet.public()` reads every restriction each time it is called, and a page
renders a dozen such lists: here the rules are read once per request and kept on the request, in one
query (for a logged-in visitor, the same query also says which group restrictions let him in).
`audience()` names the rules a visitor passes: the key of what the cache keeps per kind of visitor
(core/fragments.py). Same rule as Wagtail: a page is hidden when it or any of its ancestors has a view
restriction, whatever its kind.
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.models import PageViewRestriction

from .fragments import kept

_REQUEST_ATTR = "_rhinocc_privacy"


def _under(paths, path_field="path"):
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


class Privacy:
    """The site's privacy rules, as they apply to one visitor (None: anonymous)."""

    def __init__(self, user=None, restrictions=None):
        self.user = user if user is not None and user.is_authenticated else None
        if restrictions is None or self.user is not None:
            restrictions = self.read(self.user)
        self.restrictions = restrictions
        self._audience = None

    @staticmethod
    def read(user=None):
        """Every restriction with its page's path; for a logged-in `user`, in the same query, whether
        one of his groups is among the restriction's groups."""
        restrictions = PageViewRestriction.objects.select_related("page").only(
            "id", "restriction_type", "page_id", "page__path"
        )
        if user is not None:
            through = PageViewRestriction.groups.through
            restrictions = restrictions.annotate(
                lets_user_in=Exists(through.objects.filter(pageviewrestriction=OuterRef("pk"), group__user=user))
            )
        return list(restrictions.order_by("pk"))

    def allows(self, restriction):
        """Same rule as PageViewRestriction.accept_request, without the request and its queries."""
        if self.user is None:
            return False
        if restriction.restriction_type == PageViewRestriction.LOGIN or self.user.is_superuser:
            return True
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            return getattr(restriction, "lets_user_in", False)
        return False  # shared passwords only open one page at a time: such pages stay out of listings

    def audience(self):
        """The restrictions this visitor passes, as a short text ("" for anyone who passes none, such
        as anonymous visitors): two visitors with the same audience see the same pages."""
        if self._audience is None:
            self._audience = ",".join(str(r.pk) for r in self.restrictions if self.allows(r))
        return self._audience

    def restrictions_of(self, page):
        """The restrictions that cover `page` (its own and its ancestors')."""
        return [r for r in self.restrictions if page.path and page.path.startswith(r.page.path)]

    def is_reserved(self, page):
        """True when a privacy rule covers this page (it is not public)."""
        return bool(self.restrictions_of(page))

    def lets_see(self, page):
        """True when this visitor may open `page` (anything with a `path`), as `visible()` decides for
        a queryset: for a list kept for every visitor and filtered per visitor."""
        return all(self.allows(r) for r in self.restrictions_of(page))

    def public(self, queryset, path_field="path"):
        """`queryset` (of pages) without any page under a privacy rule; `path_field`: of the rows
        whose page at `path_field` (such as "body__path") is under no privacy rule."""
        paths = [r.page.path for r in self.restrictions]
        return queryset.exclude(_under(paths, path_field)) if paths else queryset

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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            rules = Privacy(user)
        else:
            # Everyone who is not logged in shares the rules: kept with the content generation,
            # which every change of a restriction renews (core/fragments.py).
            rules = Privacy(restrictions=kept(request, "privacy", Privacy.read))
        setattr(request, _REQUEST_ATTR, rules)
    return rules
