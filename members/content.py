"""The network's organisations, written from the seed text: the five founding members and the six
field structures of Coll.in. Départements are left for staff, except where a name says it."""

from core.departements import Departement
from core.site_builder import paragraph, section

from .models import ActionDepartement, MemberIndexPage, NetworkRole, OrganisationPage
from .roles import Role

MEMBER_INDEX = {
    "title": "Les membres du réseau",
    "show_in_menus": True,
    "introduction": (
        "<p>Le RhinOcc réunit des organisations complémentaires, des acteurs de l'économie numérique à ceux "
        "de l'action sociale, pour couvrir toute la chaîne de l'inclusion numérique en Occitanie. Filtrez la "
        "liste par rôle dans le réseau ou par département.</p>"
    ),
}


FIELD_STRUCTURES_TEXT = (
    "Combustible-Numérique, Avenir, la Nouvelle Maison des Chômeurs, la Fédération des Femmes pour l'Europe, "
    "la MJC de Lézignan-Corbières et la Fédération Interdépartementale Garonne Occitanie (FIGO) des centres sociaux"
)

# (slug, title, initials, colour, roles, summary, description)
FOUNDING_MEMBERS = [
    (
        "la-melee",
        "La Mêlée",
        "LM",
        "#0b4f8a",
        [Role.CARRIER],
        "La Mêlée porte le RhinOcc, le Réseau et Hub pour l'Inclusion Numérique en Occitanie.",
        paragraph(
            "La Mêlée est la structure porteuse du RhinOcc. Elle conduit le projet avec Coll.in, qui le "
            "copilote, et en collaboration avec Envoi Insertion et Handicap, La Mêlée Adour et La Compagnie "
            "du Code.",
            "Ses membres siègent au Comité de pilotage, qui décide des actions du hub.",
        ),
    ),
    (
        "coll-in",
        "Coll.in",
        "CI",
        "#7a2e8c",
        [Role.CO_PILOT],
        "Coll.in copilote le RhinOcc et apporte une expertise de terrain en médiation numérique et sociale "
        "auprès des publics en difficulté.",
        paragraph(
            "L'association Coll.in s'est engagée dans le hub pour y apporter son expertise de terrain : la "
            "médiation numérique et sociale auprès des publics en difficulté.",
            f"Coll.in est née de la collaboration de six structures de terrain : {FIELD_STRUCTURES_TEXT}.",
            "Ses membres siègent, avec ceux de La Mêlée, au Comité de pilotage du RhinOcc.",
        ),
    ),
    (
        "envoi-insertion-et-handicap",
        "Envoi Insertion et Handicap",
        "EIH",
        "#1d6b45",
        [Role.FOUNDING_MEMBER],
        "Membre fondateur du RhinOcc, Envoi Insertion et Handicap collabore au projet porté par La Mêlée.",
        paragraph(
            "Envoi Insertion et Handicap fait partie des membres fondateurs du RhinOcc : elle collabore au "
            "projet porté par La Mêlée et copiloté par Coll.in.",
        ),
    ),
    (
        "la-melee-adour",
        "La Mêlée Adour",
        "LMA",
        "#8a4b08",
        [Role.FOUNDING_MEMBER],
        "Membre fondateur du RhinOcc, La Mêlée Adour collabore au projet porté par La Mêlée.",
        paragraph(
            "La Mêlée Adour fait partie des membres fondateurs du RhinOcc : elle collabore au projet porté par "
            "La Mêlée et copiloté par Coll.in.",
        ),
    ),
    (
        "la-compagnie-du-code",
        "La Compagnie du Code",
        "CDC",
        "#a3262a",
        [Role.FOUNDING_MEMBER],
        "Membre fondateur du RhinOcc, La Compagnie du Code collabore au projet porté par La Mêlée.",
        paragraph(
            "La Compagnie du Code fait partie des membres fondateurs du RhinOcc : elle collabore au projet "
            "porté par La Mêlée et copiloté par Coll.in.",
        ),
    ),
]

# (slug, title, initials, colour, départements)
FIELD_STRUCTURES = [
    ("combustible-numerique", "Combustible-Numérique", "CN", "#5b3f8c", []),
    ("avenir", "Avenir", "AV", "#225e7a", []),
    ("nouvelle-maison-des-chomeurs", "Nouvelle Maison des Chômeurs", "NMC", "#6b4a1d", []),
    ("federation-des-femmes-pour-l-europe", "Fédération des Femmes pour l'Europe", "FFE", "#7d2453", []),
    ("mjc-de-lezignan-corbieres", "MJC de Lézignan-Corbières", "MJC", "#2f6a2a", [Departement.AUDE]),
    (
        "figo-centres-sociaux",
        "Fédération Interdépartementale Garonne Occitanie (FIGO) des centres sociaux",
        "FIGO",
        "#3d4f9c",
        [],
    ),
]


def organisation(slug):
    index = MemberIndexPage.objects.first()
    return OrganisationPage.objects.child_of(index).filter(slug=slug).first() if index else None


@section(40)
def build_member_index(builder):
    home = builder.home
    builder.ensure_page(home, MemberIndexPage, "membres", **MEMBER_INDEX)


@section(41)
def build_founding_members(builder):
    index = MemberIndexPage.objects.first()
    for slug, title, initials, colour, roles, summary, description in FOUNDING_MEMBERS:
        builder.ensure_page(
            index,
            OrganisationPage,
            slug,
            title=title,
            logo=builder.placeholder_image(f"Logo provisoire – {title}", initials, colour),
            summary=summary,
            description=description,
            roles=list(NetworkRole.objects.filter(code__in=roles)),
        )


@section(42)
def build_field_structures(builder):
    index = MemberIndexPage.objects.first()
    coll_in = organisation("coll-in")
    for slug, title, initials, colour, departements in FIELD_STRUCTURES:
        builder.ensure_page(
            index,
            OrganisationPage,
            slug,
            title=title,
            logo=builder.placeholder_image(f"Logo provisoire – {title}", initials, colour),
            summary="L'une des six structures de terrain dont la collaboration forme Coll.in, copilote du RhinOcc.",
            description=paragraph(
                f"{title} fait partie des six structures de terrain dont la collaboration forme Coll.in, "
                "copilote du RhinOcc. Ensemble, elles apportent au hub leur expertise de la médiation "
                "numérique et sociale auprès des publics en difficulté.",
            ),
            parent_organisation=coll_in,
            roles=list(NetworkRole.objects.filter(code=Role.FIELD_STRUCTURE)),
            departements=list(ActionDepartement.objects.filter(code__in=departements)),
        )
    if OrganisationPage.objects.filter(departements__isnull=True).exists():
        builder.notes.append(
            "À compléter dans l'administration : les départements d'action des organisations "
            "(Membres > organisation > Place dans le réseau)."
        )
