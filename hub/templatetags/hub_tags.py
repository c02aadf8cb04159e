"""What every page shows around its content: main menu, breadcrumbs, footer links, feed links."""

from django import template

from core.fragments import shared, shared_inclusion_tag
from core.navigation import site_root, top_pages
from core.privacy import privacy
from hub.models import StandardPage
from publications.templatetags.publications_tags import feed_links

register = template.Library()
# The publications' feeds, announced in every page's head.
register.simple_tag(feed_links, takes_context=True)


@register.inclusion_tag("hub/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = site_root(request)
    current_path = request.path if request else ""
    items = []
    for page in top_pages(request):  # shared with feed_links
        if not page.show_in_menus:
            continue
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
    request = context.get("request")
    if page.pk and page.path:
        ancestors = shared(request, "ancestors", lambda: list(page.get_ancestors().filter(depth__gt=1)), page.path)
    else:  # a new page's preview
        ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page, "request": request}


@shared_inclusion_tag(register, "hub/includes/footer_links.html")
def footer_links(context):
    request = context.get("request")
    pages = privacy(request).public(StandardPage.objects.live()).filter(show_in_footer=True).order_by("path")
    return {"links": pages, "request": request}
