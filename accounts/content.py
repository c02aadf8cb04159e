"""The site-wide accounts' content: the editorial groups with their permissions, the moderation
workflow over the whole site, the COS group and its documents' collection, and (on request) a COS
demo account."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.site_builder import section

from .roles import (
    ADMINISTRATORS_GROUP_NAME,
    APPROVAL_TASK_NAME,
    COLLECTION_PERMISSIONS,
    COS_COLLECTION_NAME,
    COS_GROUP_NAME,
    DEMO_COS_USERNAME,
    EDITORS_GROUP_NAME,
    GLOBAL_PERMISSIONS,
    MODERATORS_GROUP_NAME,
    PAGE_PERMISSIONS,
    WORKFLOW_NAME,
)


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


# Before the publications' COS report (63), which is reserved to the COS group.
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
