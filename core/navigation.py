"""The pages every page's frame shows (main menu, feed links in <head>), read once per request."""

from wagtail.models import Site

from .fragments import shared
from .privacy import privacy

_REQUEST_ATTR = "_rhinocc_top_pages"


def site_root(request):
    """The root page of the request's site (None without a request or a site)."""
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def top_pages(request):
    """The live, public pages just under the site's root, in the editors' order (generic `Page`s): kept
    with the content generation (core/fragments.py) and on the request, shared by the main menu, the
    links in <head> and the search page."""
    if request is None:
        return []
    pages = getattr(request, _REQUEST_ATTR, None)
    if pages is None:

        def read():
            root = site_root(request)
            return list(privacy(request).public(root.get_children().live())) if root else []

        pages = shared(request, "top_pages", read)
        setattr(request, _REQUEST_ATTR, pages)
    return pages
