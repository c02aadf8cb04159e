"""Home page sections fed by the members app: public organisations only, the same for every visitor,
so their HTML is kept with the content generation (core/fragments.py)."""

from django import template
from django.db.models import Prefetch

from core.fragments import shared_inclusion_tag
from core.privacy import privacy
from members.models import MemberIndexPage, OrganisationPage, logos_with_renditions
from members.roles import FOUNDING_ROLES, Role

register = template.Library()


@shared_inclusion_tag(register, "members/includes/powered_by.html")
def powered_by(context, heading=""):
    """The carrier and the co-pilot of the hub, in tree order."""
    request = context.get("request")
    organisations = OrganisationPage.objects.for_listing(request).with_role(Role.CARRIER, Role.CO_PILOT)
    return {"organisations": organisations, "heading": heading, "request": request}


@shared_inclusion_tag(register, "members/includes/founding_members.html")
def founding_members(context):
    """The founding members in tree order, each with its field structures."""
    request = context.get("request")
    affiliates = Prefetch(
        "affiliates",
        queryset=privacy(request)
        .public(OrganisationPage.objects.live())
        .prefetch_related(logos_with_renditions())
        .order_by("path"),
        to_attr="live_affiliates",
    )
    organisations = (
        OrganisationPage.objects.for_listing(request).with_role(*FOUNDING_ROLES).prefetch_related(affiliates)
    )
    return {
        "organisations": organisations,
        "index": privacy(request).public(MemberIndexPage.objects.live()).first(),
        "request": request,
    }
