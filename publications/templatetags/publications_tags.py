"""Publications shown on other pages: latest items on the home page, feed links in <head>."""

from django import template
from django.utils.html import format_html_join

from core.fragments import shared_inclusion_tag
from core.navigation import top_pages
from core.pictures import with_renditions
from core.privacy import privacy
from publications.models import PublicationIndexPage, PublicationPage

register = template.Library()


def _public_index(request):
    """The public publications index, found among the pages under the site's root that the main menu
    reads (no query of its own); None when there is none."""
    for page in top_pages(request):
        if page.specific_class is PublicationIndexPage:
            return page
    return None


@shared_inclusion_tag(register, "publications/includes/latest_publications.html", per_audience=True)
def latest_publications(context, heading="", count=3):
    """The latest publications this visitor may read: a COS member also sees those reserved to the
    COS, with their badge. Anonymous visitors see public ones only. Kept per audience (COS members share
    theirs, anonymous visitors theirs: core/fragments.py)."""
    request = context.get("request")
    rules = privacy(request)  # shared with the menu and footer
    publications = PublicationPage.objects.visible_to(request).newest_first()
    publications = list(publications.prefetch_related(with_renditions("image", "card"))[:count])
    for publication in publications:
        publication.is_reserved = rules.is_reserved(publication)
    index = _public_index(request) if publications else None
    return {
        "publications": publications,
        "heading": heading,
        "index": index,
        "request": request,
    }


def _feed_link_tags(index_url, category=None):
    """The <link rel="alternate"> tags of the feeds under `index_url`: all publications or one category."""
    name = f"Publications du RhinOcc : {category.label}" if category else "Publications du RhinOcc"
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}{}">',
        [
            ("application/rss+xml", name, "RSS", index_url, PublicationIndexPage.feed_path("feed_rss", category)),
            ("application/atom+xml", name, "Atom", index_url, PublicationIndexPage.feed_path("feed_atom", category)),
        ],
    )


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The feeds' links in every page's <head>: they follow the publications index, found among the
    pages under the site's root that the main menu reads (no query of their own)."""
    request = context.get("request")
    index = _public_index(request)
    return _feed_link_tags(index.get_url(request)) if index else ""


@register.simple_tag(takes_context=True)
def category_feed_links(context, index, category):
    """Feed links for one category, added to the index page's <head> when it is filtered by category."""
    index_url = index.get_url(context.get("request"))
    return _feed_link_tags(index_url, category) if category and index_url else ""
