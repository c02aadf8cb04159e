"""What every page shows around its content: main menu, breadcrumbs, footer links, feed links."""

from django import template

from core.navigation import site_root, top_pages
from core.privacy import privacy
from hub.models import SiteSettings, StandardPage
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
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("hub/includes/footer_links.html", takes_context=True)
def footer_links(context):
    request = context.get("request")
    pages = list(privacy(request).public(StandardPage.objects.live()).filter(show_in_footer=True).order_by("path"))
    site_settings = SiteSettings.for_request(request) if request else None
    for page in pages:
        if site_settings and page.pk == site_settings.accessibility_page_id:
            # The statement's link always tells its status, as the RGAA asks, from the one setting.
            page.footer_label = site_settings.accessibility_label
    return {"links": pages, "request": request}
