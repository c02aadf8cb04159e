"""Publications shown on other pages: latest items on the home page, feed links in <head>."""

from django import template

register = template.Library()


@register.inclusion_tag("publications/includes/latest_publications.html", takes_context=True)
def latest_publications(context, heading="", count=3):
    return {"publications": [], "heading": heading, "request": context.get("request")}


@register.simple_tag
def feed_links():
    return ""
