"""The governance of the RhinOcc, written from the seed text: the steering committee, the strategic
orientation committee, a technical committee and the 13 territorial poles. Nobody the seed does not
name is seated: the COS, the CoTech's working groups and the poles' coordination are left to staff."""

from django.utils.text import slugify

from core.departements import Departement
from core.site_builder import paragraph, section
from members.models import MemberIndexPage, OrganisationPage

from .models import (
    BodyKind,
    GovernanceBodyPage,
    GovernanceIndexPage,
    Seat,
    SeatRole,
    TerritorialPoleIndexPage,
    TerritorialPolePage,
)

GOVERNANCE_INDEX = {
    "title": "La gouvernance du RhinOcc",
    "show_in_menus": True,
    "introduction": (
        "<p>Le RhinOcc s'organise autour de quatre instances : un comité de pilotage qui décide, un comité "
        "d'orientation stratégique qui conseille, des comités techniques où les groupes de travail agissent, "
        "et des pôles territoriaux qui animent le réseau dans chaque département d'Occitanie.</p>"
    ),
}


# (slug, title, kind, acronym, summary, mission, members' slugs)
BODIES = [
    (
        "copil",
        "Comité de pilotage",
        BodyKind.COPIL,
        "CoPil",
        "Composé des membres de La Mêlée et de ceux de Coll.in, le comité de pilotage décide des actions que "
        "le RhinOcc met en œuvre.",
        paragraph(
            "Le comité de pilotage réunit les membres de La Mêlée, porteuse du hub, et les membres de Coll.in, "
            "qui le copilote.",
            "C'est l'instance de décision du RhinOcc : elle arrête les actions à mettre en œuvre.",
        ),
        ["la-melee", "coll-in"],
    ),
    (
        "cos",
        "Comité d'orientation stratégique",
        BodyKind.COS,
        "COS",
        "Les acteurs clés de l'inclusion numérique y sont sollicités pour conseiller le RhinOcc et orienter son "
        "action.",
        paragraph(
            "Le comité d'orientation stratégique rassemble des acteurs clés, sollicités pour conseiller le "
            "RhinOcc et orienter son action.",
        ),
        [],
    ),
    (
        "cotech",
        "Comités techniques",
        BodyKind.COTECH,
        "CoTech",
        "Des instances opérationnelles, animées par les membres du hub, où se forment les groupes de travail "
        "thématiques.",
        paragraph(
            "Les comités techniques sont les instances opérationnelles du RhinOcc. Animés par les membres du hub, "
            "ils accueillent les groupes de travail thématiques : c'est là qu'ils se forment et qu'ils "
            "coordonnent leurs actions.",
        ),
        [],
    ),
]

POLE_INDEX = {
    "title": "Les pôles territoriaux",
    "summary": "Ils organisent l'animation du RhinOcc à l'échelle de chaque département d'Occitanie.",
    "introduction": (
        "<p>Les pôles territoriaux permettent au RhinOcc d'organiser son animation à l'échelle départementale. "
        "Chacun des 13 départements d'Occitanie a son pôle, avec la ou les organisations qui le coordonnent et "
        "les organisations du réseau qui y agissent.</p>"
    ),
}


@section(50)
def build_governance_index(builder):
    home = builder.home
    builder.ensure_page(home, GovernanceIndexPage, "gouvernance", **GOVERNANCE_INDEX)


@section(51)
def build_bodies(builder):
    index = GovernanceIndexPage.objects.first()
    members = OrganisationPage.objects.child_of(MemberIndexPage.objects.first())
    organisations = {organisation.slug: organisation for organisation in members}
    for slug, title, kind, acronym, summary, mission, member_slugs in BODIES:
        builder.ensure_page(
            index,
            GovernanceBodyPage,
            slug,
            title=title,
            kind=kind,
            acronym=acronym,
            summary=summary,
            mission=mission,
            composition=[
                Seat(organisation=organisations[member], role=SeatRole.MEMBER)
                for member in member_slugs
                if member in organisations
            ],
        )


@section(52)
def build_territorial_poles(builder):
    index = GovernanceIndexPage.objects.first()
    poles = builder.ensure_page(index, TerritorialPoleIndexPage, "poles", **POLE_INDEX)
    for departement in Departement:
        builder.ensure_page(
            poles,
            TerritorialPolePage,
            slugify(departement.label),
            title=f"Pôle territorial {departement.label} ({departement.value})",
            departement=departement.value,
            summary=(
                f"{departement.label} ({departement.value}) : le pôle territorial organise l'animation du RhinOcc "
                "à l'échelle du département."
            ),
        )
