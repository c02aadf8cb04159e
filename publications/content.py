"""The publications' content: index page, the seed's three publications, the COS report, the
editorial groups with their permissions and moderation workflow, and (on request) a COS demo account."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.site_builder import section

from .models import COS_GROUP_NAME, Category, PublicationIndexPage, PublicationPage

EDITORS_GROUP_NAME = "Rédacteurs"
MODERATORS_GROUP_NAME = "Modérateurs"
ADMINISTRATORS_GROUP_NAME = "Administrateurs"
# What each role can do, shown next to each group on the admin's user form (hub.users) and copied
# in the README's "Editorial roles" table (a test keeps them equal). Keep in step with the
# permissions below.
ROLE_DESCRIPTIONS = {
    EDITORS_GROUP_NAME: "Entre dans l'administration, rédige des pages et les soumet à modération ; ne publie jamais.",
    MODERATORS_GROUP_NAME: (
        "Comme les rédacteurs, et en plus valide et publie les pages (le processus « Modération » couvre tout "
        "le site), réserve une page à un groupe."
    ),
    ADMINISTRATORS_GROUP_NAME: (
        "Comme les modérateurs, et en plus gère les utilisateurs, les groupes, les processus de validation, "
        "les redirections et les réglages du site."
    ),
    COS_GROUP_NAME: (
        "Aucun accès à l'administration ; lit les publications réservées au COS après connexion sur /connexion/."
    ),
}
WORKFLOW_NAME = "Modération"
APPROVAL_TASK_NAME = "Validation par les modérateurs"
DEMO_COS_USERNAME = "membre-cos-demo"
COS_COLLECTION_NAME = "Documents du COS"

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

PAGE_PERMISSIONS = {
    EDITORS_GROUP_NAME: ["add_page", "change_page"],
    MODERATORS_GROUP_NAME: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS_GROUP_NAME: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    EDITORS_GROUP_NAME: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    MODERATORS_GROUP_NAME: [
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose", "delete")
    ],
    ADMINISTRATORS_GROUP_NAME: [
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose", "delete")
    ],
}
# Places (plain models, no moderation): moderators and administrators edit them, editors only read.
PLACE_PERMISSIONS = [("places", f"{action}_place") for action in ("add", "change", "delete", "view")]
# Model permissions: the admin itself for everyone, and what administrators manage besides pages.
GLOBAL_PERMISSIONS = {
    EDITORS_GROUP_NAME: [("wagtailadmin", "access_admin"), ("places", "view_place")],
    MODERATORS_GROUP_NAME: [("wagtailadmin", "access_admin"), *PLACE_PERMISSIONS],
    ADMINISTRATORS_GROUP_NAME: [
        ("wagtailadmin", "access_admin"),
        *PLACE_PERMISSIONS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_group"),
        ("auth", "change_group"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("hub", "change_sitesettings"),
    ],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_group_permissions(builder, group, home):
    added = 0
    for codename in PAGE_PERMISSIONS.get(group.name, []):
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=home, permission=_permission("wagtailcore", codename)
        )
        added += created
    root_collection = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMISSIONS.get(group.name, []):
        _, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission(app_label, codename)
        )
        added += created
    wanted = [_permission(app_label, codename) for app_label, codename in GLOBAL_PERMISSIONS.get(group.name, [])]
    missing = [permission for permission in wanted if not group.permissions.filter(pk=permission.pk).exists()]
    group.permissions.add(*missing)
    added += len(missing)
    if added:
        builder.updated.append(f"permissions du groupe « {group.name} » ({added} ajoutée(s))")


@section(60)
def build_publication_index(builder):
    home = builder.home
    builder.ensure_page(home, PublicationIndexPage, "publications", **INDEX)


@section(61)
def build_publications(builder):
    index = PublicationIndexPage.objects.first()
    for spec in PUBLICATIONS:
        builder.ensure_page(index, PublicationPage, **spec)


@section(62)
def build_groups_and_workflow(builder):
    home = builder.home
    builder.ensure_object(Group, {"name": COS_GROUP_NAME})
    groups = {}
    for name in (EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME, ADMINISTRATORS_GROUP_NAME):
        groups[name] = builder.ensure_object(Group, {"name": name})
        _ensure_group_permissions(builder, groups[name], home)

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
        task.groups.set([groups[MODERATORS_GROUP_NAME]])
        builder.created.append(f"tâche de validation « {APPROVAL_TASK_NAME} »")
    workflow = builder.ensure_object(Workflow, {"name": WORKFLOW_NAME})
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # Every page of the site goes through moderation, not only publications.
    if not WorkflowPage.objects.filter(page=home).exists():
        WorkflowPage.objects.create(page=home, workflow=workflow)
        builder.created.append(f"processus « {WORKFLOW_NAME} » sur tout le site")
    _retire_wagtail_default_roles(builder)


def _retire_wagtail_default_roles(builder):
    """Wagtail's migrations create English "Editors"/"Moderators" groups and a "Moderators approval"
    workflow; the French roles above replace them. Only unused groups go, and the default workflow is
    deactivated only in the run that removed its group (later runs leave staff's choices alone)."""
    retired = []
    for name in ("Editors", "Moderators"):
        group = Group.objects.filter(name=name, user__isnull=True).first()
        if group is not None:
            group.delete()
            retired.append(name)
            builder.updated.append(f"groupe Wagtail par défaut « {name} » retiré")
    default = Workflow.objects.filter(name="Moderators approval", active=True).first()
    if "Moderators" in retired and default is not None:
        default.deactivate()
        builder.updated.append("processus Wagtail par défaut « Moderators approval » désactivé")


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


def ensure_cos_collection(builder=None):
    """The collection of the COS's documents, readable by the COS group only. A page restriction does
    not cover the documents it links to: Wagtail's document view checks the collection's restriction."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COS_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COS_COLLECTION_NAME)
        if builder is not None:
            builder.created.append(f"collection « {COS_COLLECTION_NAME} »")
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=COS_GROUP_NAME)])
        if builder is not None:
            builder.created.append(f"accès aux « {COS_COLLECTION_NAME} » réservé au groupe « {COS_GROUP_NAME} »")
    return collection


@section(64)
def build_cos_demo_account(builder):
    if not builder.demo_users:
        return
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_COS_USERNAME).first()
    if user is not None:
        builder.unchanged.append(f"compte de démonstration « {DEMO_COS_USERNAME} »")
        return
    password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(
        username=DEMO_COS_USERNAME,
        email="membre-cos-demo@example.org",
        password=password,
        first_name="Membre",
        last_name="du COS (démonstration)",
    )
    user.groups.add(Group.objects.get(name=COS_GROUP_NAME))
    builder.created.append(f"compte de démonstration « {DEMO_COS_USERNAME} » (groupe {COS_GROUP_NAME})")
    builder.notes.append(
        f"Compte membre du COS de démonstration : identifiant « {DEMO_COS_USERNAME} », mot de passe "
        f"« {password} ». Notez-le : il ne sera plus affiché. Connexion : /connexion/"
    )
