"""What every page shows around its content: main menu, breadcrumbs, footer links, feed links."""

from django import template
from wagtail.models import Site

from core.privacy import privacy
from hub.models import StandardPage
from publications.templatetags.publications_tags import feed_links

register = template.Library()
# The publications' feeds, announced in every page's head.
register.simple_tag(feed_links)


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("hub/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    current_path = request.path if request else ""
    items = []
    if root:
        for page in privacy(request).public(root.get_children().live()).in_menu():
            url = page.get_url(request)
            items.append(
                {
                    "page": page,
                    "url": url,
                    "current": current_path == url,
                    "active": bool(url) and current_path.startswith(url),
                }
            )
    return {"items": items, "home_url": root.get_url(request) if root else "/", "current_path": current_path}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("hub/includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    pages = privacy(request).public(StandardPage.objects.live()).filter(show_in_footer=True).order_by("path")
    return {"links": pages, "request": request}
