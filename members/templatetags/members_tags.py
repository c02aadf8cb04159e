"""Home page sections fed by the members app (filled in by the members issue)."""

from django import template

register = template.Library()


@register.inclusion_tag("members/includes/powered_by.html", takes_context=True)
def powered_by(context, heading=""):
    return {"organisations": [], "heading": heading, "request": context.get("request")}


@register.inclusion_tag("members/includes/founding_members.html", takes_context=True)
def founding_members(context):
    return {"organisations": [], "request": context.get("request")}
