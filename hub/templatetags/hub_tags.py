"""What every page shows around its content: main menu, breadcrumbs, footer links, feed links."""

from django import template
from django.utils.safestring import mark_safe

from core.fragments import shared, shared_inclusion_tag
from core.navigation import site_root, top_pages
from core.pictures import share_image_url
from core.privacy import privacy
from core.seo import json_ld, meta_description
from hub.models import SiteSettings, StandardPage
from publications.templatetags.publications_tags import feed_links

register = template.Library()


@register.simple_tag(takes_context=True, name="feed_links")
def head_feed_links(context):
    """The publications' feeds, announced in every page's head: the same for every page and visitor."""
    return mark_safe(shared(context.get("request"), "feed_links", lambda: str(feed_links(context))))


def _menu_links(request):
    """The home page's URL and the main menu's [(title, url)]: the same for every page and visitor."""
    root = site_root(request)
    links = [(page.title, page.get_url(request)) for page in top_pages(request) if page.show_in_menus]
    return (root.get_url(request) if root else "/"), links


@register.inclusion_tag("hub/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    current_path = request.path if request else ""
    home_url, links = shared(request, "main_menu_links", lambda: _menu_links(request))
    items = [
        {
            "title": title,
            "url": url,
            "current": current_path == url,
            "active": bool(url) and current_path.startswith(url),
        }
        for title, url in links
    ]
    return {"items": items, "home_url": home_url, "current_path": current_path}


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
    pages = list(privacy(request).public(StandardPage.objects.live()).filter(show_in_footer=True).order_by("path"))
    site_settings = SiteSettings.for_request(request) if request else None
    for page in pages:
        if site_settings and page.pk == site_settings.accessibility_page_id:
            # The statement's link always tells its status, as the RGAA asks, from the one setting.
            page.footer_label = site_settings.accessibility_label
    return {"links": pages, "request": request}


@register.inclusion_tag("hub/includes/page_meta.html", takes_context=True)
def page_meta(context):
    """The head's description, canonical link, sharing preview (Open Graph, Twitter card) and schema.org
    data of the page, or of what its route shows (`meta_subject`: a place; `canonical_path` when the
    route is another view of it). A reserved page gets its description only: nothing about it is meant
    for search engines or previews."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    subject = context.get("meta_subject") or page
    site = SiteSettings.for_request(request)
    description = meta_description(subject) or site.description
    if page is not None and getattr(page, "path", None) and privacy(request).is_reserved(page):
        return {"description": description, "reserved": True}
    canonical = request.build_absolute_uri(context.get("canonical_path") or request.path)
    image = getattr(subject, "image", None) or site.share_image
    data = subject.structured_data(request) if hasattr(subject, "structured_data") else None
    if data:
        data.setdefault("url", canonical)
        if data["@type"] == "NewsArticle":
            data["publisher"] = site.organisation_data(request)
    return {
        "description": description,
        "canonical": canonical,
        "title": getattr(subject, "seo_title", "") or getattr(subject, "title", "") or subject or site.short_name,
        "site_name": site.short_name,
        "og_type": "article" if data and data.get("@type") == "NewsArticle" else "website",
        "image_url": share_image_url(image, request) if image else "",
        "image_alt": getattr(subject, "image_alt", "") if image is getattr(subject, "image", None) else "",
        "structured_data": json_ld(data) if data else "",
    }
