"""The publications' content: index page, the seed's three publications and the COS report, reserved
to the COS group of `accounts` (whose section, 62, runs before the report's)."""

import datetime

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.content import ensure_cos_collection
from accounts.roles import COS_COLLECTION_NAME, COS_GROUP_NAME
from core.site_builder import section

from .models import Category, PublicationIndexPage, PublicationPage

INDEX = {
    "title": "Publications",
    "introduction": (
        "<p>Les actualités de l'inclusion numérique en Occitanie repérées par le RhinOcc : financements, "
        "appels à projets, annonces et comptes rendus.</p>"
    ),
    "show_in_menus": True,
}

PUBLICATIONS = [
    {
        "slug": "pret-sans-interet-materiel-informatique-allocataires-caf-haute-garonne",
        "title": (
            "Un prêt sans intérêt pour l'achat de matériel informatique destiné aux allocataires CAF en Haute-Garonne"
        ),
        # The seed gives no day for this one; a January 2021 date that keeps the seed's order.
        "date": datetime.date(2021, 1, 15),
        "category": Category.FUNDING,
        "tags": ["Équipement", "Haute-Garonne", "CAF"],
        "summary": (
            "La Caisse d'allocations familiales de Haute-Garonne propose à ses allocataires un prêt sans "
            "intérêt, qui peut notamment servir à acheter un ordinateur."
        ),
        "body": [
            (
                "paragraph",
                "<p>Ne pas avoir d'équipement reste l'un des premiers freins à l'usage du numérique. Attentive à "
                "cet enjeu d'inclusion numérique, la Caisse d'allocations familiales (CAF) de Haute-Garonne "
                "ouvre à ses allocataires un prêt sans intérêt.</p>"
                "<p>Ce prêt peut financer plusieurs dépenses, parmi lesquelles l'achat d'un ordinateur. Les "
                "conditions et les démarches sont à demander directement à la CAF de Haute-Garonne.</p>",
            )
        ],
    },
    {
        "slug": "subvention-10000-euros-ateliers-mediation-numerique",
        "title": "Une subvention de 10 000 € pour les ateliers de médiation numérique",
        "date": datetime.date(2021, 1, 26),
        "category": Category.CALL_FOR_PROJECTS,
        "tags": ["Médiation numérique", "Subvention", "AFNIC"],
        "summary": (
            "Le 22 janvier 2021, la fondation de l'AFNIC a publié un appel à projets consacré aux ateliers "
            "de médiation numérique, doté d'une subvention de 10 000 €."
        ),
        "body": [
            (
                "paragraph",
                "<p>L'Association française pour le nommage Internet en coopération (AFNIC), qui gère les noms "
                "de domaine nationaux, a publié le 22 janvier 2021, par l'intermédiaire de sa fondation, un appel "
                "à projets sur les ateliers de médiation numérique.</p>"
                "<p>Cet appel ouvre un nouveau volet de l'action de l'association en faveur de l'inclusion "
                "numérique. Il est doté d'une subvention de 10 000 € pour les ateliers de médiation "
                "numérique.</p>",
            )
        ],
    },
    {
        "slug": "88-millions-euros-transformation-numerique-collectivites",
        "title": "Une enveloppe de 88 millions d'euros destinée à la transformation numérique des collectivités",
        "date": datetime.date(2021, 1, 28),
        "category": Category.FUNDING,
        "tags": ["Collectivités", "Services publics", "Transformation numérique"],
        "summary": (
            "Le 25 janvier 2021, le Gouvernement a présenté sa stratégie pour la transformation numérique des "
            "collectivités, avec une enveloppe de 88 millions d'euros."
        ),
        "body": [
            (
                "paragraph",
                "<p>Jacqueline Gourault, ministre de la Cohésion des territoires, et Amélie de Montchalin, "
                "ministre de la Transformation et de la Fonction publiques, ont présenté le 25 janvier 2021 la "
                "stratégie de l'État pour la transformation numérique des collectivités.</p>"
                "<p>L'État y consacre 88 millions d'euros. Cette enveloppe doit à la fois faciliter l'accès aux "
                "services publics et aider les collectivités à adopter de nouvelles méthodes de travail en "
                "interne.</p>",
            )
        ],
    },
]

COS_REPORT = {
    "slug": "compte-rendu-du-cos-exemple",
    "title": "Compte rendu du COS (exemple)",
    "category": Category.MEETING_REPORT,
    "tags": ["COS"],
    "summary": (
        "Un exemple de publication réservée aux membres du Comité d'orientation stratégique, que l'équipe "
        "remplace par le compte rendu d'une vraie réunion."
    ),
    "body": [
        (
            "paragraph",
            "<p>Cette page montre comment le site publie un document réservé : seuls les membres du Comité "
            "d'orientation stratégique (COS) connectés peuvent la lire ; elle n'apparaît ni dans les listes "
            "publiques, ni dans les flux, ni dans la recherche.</p>"
            "<p>L'équipe du RhinOcc la remplace par le compte rendu d'une réunion du COS, avec ses documents "
            "joints.</p>",
        )
    ],
}


@section(60)
def build_publication_index(builder):
    home = builder.home
    builder.ensure_page(home, PublicationIndexPage, "publications", **INDEX)


@section(61)
def build_publications(builder):
    index = PublicationIndexPage.objects.first()
    for spec in PUBLICATIONS:
        builder.ensure_page(index, PublicationPage, **spec)


@section(63)
def build_cos_report(builder):
    index = PublicationIndexPage.objects.first()
    report = builder.ensure_page(index, PublicationPage, **COS_REPORT)
    restriction = PageViewRestriction.objects.filter(page=report).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(page=report, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.get(name=COS_GROUP_NAME)])
        builder.created.append(f"accès réservé au groupe « {COS_GROUP_NAME} » pour « {report.title} »")
    collection = ensure_cos_collection(builder)
    moved = 0
    for item in report.documents.select_related("document").exclude(document__collection=collection):
        item.document.collection = collection
        item.document.save(update_fields=["collection"])
        moved += 1
    if moved:
        builder.updated.append(f"{moved} document(s) de « {report.title} » rangé(s) dans « {COS_COLLECTION_NAME} »")
