"""The privacy rules of the site (Wagtail's page view restrictions), read once per request.

`privacy(request)` is the one way the apps ask what is reserved. Its vocabulary:

- `public(pages)`: the pages anyone may see, for what every visitor shares (menus, footer, feeds,
  sitemap, cards on cached pages);
- `visible(pages)`: the pages this visitor may see listed (a COS member also gets the pages
  reserved to the COS), for search, the publications index and the home page's latest news;
- `is_reserved(page)`: a privacy rule covers the page (its badge; nothing public links to it).

Wagtail's `PageQuerySet.public()` reads every restriction each time it is called, and a page
renders a dozen such lists: here the rules are read once per request and kept on the request, in one
query, shared by every visitor; a logged-in visitor's groups cost one more, when a group restriction asks.
`audience()` names the rules a visitor passes: the key of what the cache keeps per kind of visitor
(core/fragments.py). Same rule as Wagtail: a page is hidden when it or any of its ancestors has a view
restriction, whatever its kind.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Q
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
        self.restrictions = self.read() if restrictions is None else restrictions
        self._audience = None
        self._user_group_ids = None

    @staticmethod
    def read():
        """Every restriction with its page's path and the ids of its groups (`group_ids`), in one
        query: the same for every visitor, kept with the content generation (`privacy()`)."""
        rows = (
            PageViewRestriction.objects.select_related("page")
            .only("id", "restriction_type", "page_id", "page__path")
            .annotate(group_id=F("groups__id"))
            .order_by("pk")
        )
        restrictions = {}
        for row in rows:  # one row per group of a restriction (one, with no group, for the others)
            restriction = restrictions.setdefault(row.pk, row)
            restriction.group_ids = getattr(restriction, "group_ids", frozenset())
            if row.group_id is not None:
                restriction.group_ids |= {row.group_id}
        for restriction in restrictions.values():
            del restriction.group_id
        return list(restrictions.values())

    def user_group_ids(self):
        """The ids of the visitor's groups, read when a group restriction first asks (plain SQL)."""
        if self._user_group_ids is None:
            table = get_user_model().groups.through._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT group_id FROM {table} WHERE user_id = %s", [self.user.pk])
                self._user_group_ids = frozenset(row[0] for row in cursor.fetchall())
        return self._user_group_ids

    def allows(self, restriction):
        """Same rule as PageViewRestriction.accept_request, without the request and its queries."""
        if self.user is None:
            return False
        if restriction.restriction_type == PageViewRestriction.LOGIN or self.user.is_superuser:
            return True
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            return bool(restriction.group_ids & self.user_group_ids())
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
        # Every visitor shares the rules, kept with the content generation, which every change of a
        # restriction or of its groups renews (core/cache.py); a logged-in visitor's groups are his.
        rules = Privacy(getattr(request, "user", None), restrictions=kept(request, "privacy-rules", Privacy.read))
        setattr(request, _REQUEST_ATTR, rules)
    return rules
