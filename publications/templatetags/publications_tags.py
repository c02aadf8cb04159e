"""Publications shown on other pages: latest items on the home page, feed links in <head>."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from core.privacy import privacy
from publications.models import PublicationIndexPage, PublicationPage

register = template.Library()


@register.inclusion_tag("publications/includes/latest_publications.html", takes_context=True)
def latest_publications(context, heading="", count=3):
    """The latest publications this visitor may read: a COS member also sees those reserved to the
    COS, with their badge. Anonymous visitors see public ones only, the page the cache keeps (it never
    stores a logged-in visitor's page)."""
    request = context.get("request")
    rules = privacy(request)  # shared with the menu and footer
    publications = list(PublicationPage.objects.visible_to(request).newest_first()[:count])
    for publication in publications:
        publication.is_reserved = rules.is_reserved(publication)
    index = rules.public(PublicationIndexPage.objects.live()).first() if publications else None
    return {
        "publications": publications,
        "heading": heading,
        "index": index,
        "request": request,
    }


@register.simple_tag
def feed_links():
    """The <link rel="alternate"> tags of the publications feeds: fixed URLs, no query."""
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        [
            ("application/rss+xml", "Publications du RhinOcc (RSS)", reverse("publications_feed_rss")),
            ("application/atom+xml", "Publications du RhinOcc (Atom)", reverse("publications_feed_atom")),
        ],
    )


@register.simple_tag
def category_feed_links(category):
    """Feed links for one category, added to the index page's <head> when it is filtered by category."""
    if not category:
        return ""
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="Publications du RhinOcc : {label} (RSS)" '
        'href="{rss}">\n  '
        '<link rel="alternate" type="application/atom+xml" title="Publications du RhinOcc : {label} (Atom)" '
        'href="{atom}">',
        label=category.label,
        rss=reverse("publications_feed_rss_category", args=[category.value]),
        atom=reverse("publications_feed_atom_category", args=[category.value]),
    )
