"""Home page sections fed by the governance app: public pages only, the same for every visitor, so
their HTML is kept with the content generation (core/fragments.py)."""

from django import template

from core.fragments import shared_inclusion_tag
from core.privacy import privacy
from governance.models import BodyKind, GovernanceBodyPage, GovernanceIndexPage, body_cards

register = template.Library()


@shared_inclusion_tag(register, "governance/includes/governance_bodies.html")
def governance_bodies(context):
    """The governance index's children that staff chose to show, in tree order."""
    request = context.get("request")
    index = privacy(request).public(GovernanceIndexPage.objects.live()).first()
    bodies = [card for card in body_cards(request, index) if card["show_on_home_page"]] if index else []
    return {"bodies": bodies, "index": index, "request": request}


@shared_inclusion_tag(register, "governance/includes/cos_participants.html")
def cos_participants(context, heading=""):
    """The logos of the COS's composition, in the order staff gave it; nothing while it is empty."""
    request = context.get("request")
    cos = privacy(request).public(GovernanceBodyPage.objects.live()).filter(kind=BodyKind.COS).order_by("path").first()
    participants = [seat.organisation for seat in cos.get_seats(request)] if cos else []
    if not participants:
        cos = None
    return {"participants": participants, "cos": cos, "heading": heading, "request": request}
