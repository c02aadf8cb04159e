"""Home page sections fed by the governance app (filled in by the governance issue)."""

from django import template

register = template.Library()


@register.inclusion_tag("governance/includes/governance_bodies.html", takes_context=True)
def governance_bodies(context):
    return {"bodies": [], "request": context.get("request")}


@register.inclusion_tag("governance/includes/cos_participants.html", takes_context=True)
def cos_participants(context, heading=""):
    return {"participants": [], "heading": heading, "request": context.get("request")}
