"""Home page sections fed by the governance app."""

from django import template

from governance.models import BodyKind, GovernanceBodyPage, GovernanceIndexPage
from hub.privacy import public

register = template.Library()


@register.inclusion_tag("governance/includes/governance_bodies.html", takes_context=True)
def governance_bodies(context):
    """The governance index's children that staff chose to show, in tree order."""
    request = context.get("request")
    index = public(GovernanceIndexPage.objects.live(), request).first()
    bodies = []
    if index:
        children = public(index.get_children().live(), request).specific()
        bodies = [child for child in children if getattr(child, "show_on_home_page", False)]
    return {"bodies": bodies, "index": index, "request": request}


@register.inclusion_tag("governance/includes/cos_participants.html", takes_context=True)
def cos_participants(context, heading=""):
    """The logos of the COS's composition, in the order staff gave it."""
    request = context.get("request")
    cos = public(GovernanceBodyPage.objects.live(), request).filter(kind=BodyKind.COS).order_by("path").first()
    participants = [seat.organisation for seat in cos.get_seats(request)] if cos else []
    return {"participants": participants, "cos": cos, "heading": heading, "request": request}
