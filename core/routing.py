"""Routing a URL to its page in two queries whatever its depth.

Wagtail's `Page.route` walks down one level per URL segment, two queries a level (the child by slug,
then its specific row): six for /membres/une-organisation/. The site's root page uses this mixin:
it reads every page the URL names in one query (by `url_path`, which Wagtail keeps for each page),
then hands the rest of the walk to the first page that routes its own way (a RoutablePageMixin route
that matches, any other custom `route`) or to the last page found, exactly as Wagtail's walk would:
the same page, the same 404s, the same sub-routes.

What the walk finds (the page and how many segments it took) is also kept in each process, keyed by
the content generation (core/cache.py), which every publication, move or deletion renews: a page
seen again costs no query at all. Only in the process (bounded): unknown addresses cannot fill the
shared cache.
"""

import pickle

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .cache import request_generation
from .fragments import enabled, local_store

# (generation, root page, path) -> the pickled (page, segments taken) or None; the oldest go first.
_ROUTES = local_store()
ROUTE_ENTRIES = 2000


def _takes_over(page_class, remaining):
    """Whether a page of `page_class` answers `remaining` itself rather than passing it to a child."""
    if page_class.route is Page.route:
        return False
    if issubclass(page_class, RoutablePageMixin) and page_class.route is RoutablePageMixin.route:
        # Its own routes first, then its children (RoutablePageMixin.route): ask its routes.
        try:
            page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return False
    return True


class DescendantRouteMixin:
    """For the site's root page: find the page a URL names in one query, not two per level."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        if enabled(request):
            key = (request_generation(request), self.pk, tuple(path_components))
            kept = _ROUTES.get(key)
            if kept is None:
                found = self._find(path_components)
                if len(_ROUTES) >= ROUTE_ENTRIES:
                    del _ROUTES[next(iter(_ROUTES))]
                kept = _ROUTES[key] = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
            found = pickle.loads(kept)  # each request its own objects
        else:
            found = self._find(path_components)
        if found is None:
            return super().route(request, path_components)
        page, taken = found
        return page.route(request, path_components[taken:])

    def _find(self, path_components):
        """The page (as its own type, with its parents) that answers the rest of the address, and how
        many segments of it lead there; None when the walk stops at this root page."""
        url_paths = [self.url_path + "/".join(path_components[: n + 1]) + "/" for n in range(len(path_components))]
        # By slug (indexed; url_path is not), then by url_path in Python.
        candidates = Page.objects.filter(
            slug__in=set(path_components),
            depth__gt=self.depth,
            depth__lte=self.depth + len(path_components),
            path__startswith=self.path,
        )
        found = {page.url_path: page for page in candidates if page.url_path in url_paths}
        parent = self
        for n, url_path in enumerate(url_paths):
            page = found.get(url_path)
            if page is None or page.depth != self.depth + n + 1:
                break  # the walk stops at `parent` (its route answers 404 for an unknown child)
            remaining = path_components[n + 1 :]
            page_class = page.specific_class
            if page_class is None:
                break
            if not remaining or _takes_over(page_class, remaining):
                specific = page.specific
                specific._cached_parent_obj = parent  # treebeard's get_parent() reads it
                return specific, n + 1
            page._cached_parent_obj = parent
            parent = page
        if parent is self:
            return None
        specific = parent.specific
        specific._cached_parent_obj = parent._cached_parent_obj
        return specific, parent.depth - self.depth
