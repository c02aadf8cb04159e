import factory
import wagtail_factories

from governance.models import (
    BodyKind,
    GovernanceBodyPage,
    GovernanceIndexPage,
    Seat,
    SeatRole,
    TerritorialPoleIndexPage,
    TerritorialPolePage,
    WorkingGroup,
)


class GovernanceIndexPageFactory(wagtail_factories.PageFactory):
    title = "La gouvernance du RhinOcc"
    slug = "gouvernance"

    class Meta:
        model = GovernanceIndexPage


class GovernanceBodyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Instance {n}")
    kind = BodyKind.COPIL
    summary = "Une instance de gouvernance."

    class Meta:
        model = GovernanceBodyPage


class TerritorialPoleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Les pôles territoriaux"
    slug = "poles"

    class Meta:
        model = TerritorialPoleIndexPage


class TerritorialPolePageFactory(wagtail_factories.PageFactory):
    title = "Pôle territorial Aude (11)"
    slug = "aude"
    departement = "11"

    class Meta:
        model = TerritorialPolePage


def seat(body, organisation, role=SeatRole.MEMBER, note=""):
    """Seat an organisation in a body, the way the admin's inline panel does (saved with the page)."""
    body.composition.add(Seat(organisation=organisation, role=role, note=note, sort_order=body.composition.count()))
    body.save()
    return body


def working_group(body, **fields):
    body.working_groups.add(WorkingGroup(sort_order=body.working_groups.count(), **fields))
    body.save()
    return body
