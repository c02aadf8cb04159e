"""`manage.py build_site`: the seed publications, the COS report, groups, permissions and workflow."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from publications.content import (
    ADMINISTRATORS_GROUP_NAME,
    COS_COLLECTION_NAME,
    DEMO_COS_USERNAME,
    EDITORS_GROUP_NAME,
    MODERATORS_GROUP_NAME,
    WORKFLOW_NAME,
)
from publications.models import COS_GROUP_NAME, PublicationDocument, PublicationIndexPage, PublicationPage


def build(*args):
    out = StringIO()
    call_command("build_site", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def built_site(db):
    return build()


def seed(slug_part):
    return PublicationPage.objects.get(slug__contains=slug_part)


def test_seed_publications(built_site):
    caf = seed("caf-haute-garonne")
    afnic = seed("ateliers-mediation")
    state = seed("88-millions")
    assert caf.category == "financement" and caf.date.year == 2021 and caf.date.month == 1 and caf.date.day < 22
    assert "ordinateur" in caf.summary and "Caisse d'allocations familiales de Haute-Garonne" in caf.summary
    assert afnic.category == "appel-a-projets"
    assert "22 janvier 2021" in afnic.summary and "10\u202f000\u00a0€" in afnic.summary
    assert afnic.date >= datetime.date(2021, 1, 22)
    body = str(state.body)
    assert "Jacqueline Gourault" in body and "Amélie de Montchalin" in body and "88 millions" in body
    assert "25 janvier 2021" in state.summary
    for page in (caf, afnic, state):
        assert page.live and page.tags.exists()
        assert page.get_view_restrictions().count() == 0


def test_cos_report_is_reserved_to_the_cos_group(built_site):
    report = PublicationPage.objects.get(slug="compte-rendu-du-cos-exemple")
    restriction = PageViewRestriction.objects.get(page=report)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == [COS_GROUP_NAME]


def test_cos_documents_collection_is_reserved_and_holds_the_report_s_documents(built_site):
    restriction = CollectionViewRestriction.objects.get(collection__name=COS_COLLECTION_NAME)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == [COS_GROUP_NAME]
    report = PublicationPage.objects.get(slug="compte-rendu-du-cos-exemple")
    document = get_document_model().objects.create(
        title="Ordre du jour", file=ContentFile(b"ordre du jour", name="ordre-du-jour.txt")
    )
    assert document.collection.name != COS_COLLECTION_NAME  # staff uploaded it to the root collection
    PublicationDocument.objects.create(page=report, document=document)
    output = build()
    document.refresh_from_db()
    assert document.collection.name == COS_COLLECTION_NAME
    assert "rangé(s) dans « Documents du COS »" in output
    assert "Rien à faire" in build()
    assert CollectionViewRestriction.objects.filter(collection__name=COS_COLLECTION_NAME).count() == 1


def test_home_page_index_and_feed_show_the_three_seed_publications(client, built_site):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="testserver")
    home = client.get("/").content.decode()
    assert home.count('class="publication-item"') == 3
    assert "88 millions" in home and "Toutes les publications" in home
    assert "Compte rendu du COS" not in home
    index = client.get("/publications/").content.decode()
    assert index.count('class="publication-item"') == 3
    assert client.get("/publications/flux/rss/").content.decode().count("<item>") == 3


def test_second_run_changes_nothing(built_site):
    assert "Rien à faire" in build()


def test_editorial_groups_and_permissions(built_site, django_user_model):
    index = PublicationIndexPage.objects.get()
    publication = seed("88-millions")
    users = {}
    for name in (EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME, ADMINISTRATORS_GROUP_NAME):
        user = django_user_model.objects.create_user(name.lower(), password="x")
        user.groups.add(Group.objects.get(name=name))
        users[name] = user
        assert user.has_perm("wagtailadmin.access_admin")
        assert index.permissions_for_user(user).can_add_subpage()
        assert publication.permissions_for_user(user).can_edit()
    assert not publication.permissions_for_user(users[EDITORS_GROUP_NAME]).can_publish()
    assert publication.permissions_for_user(users[MODERATORS_GROUP_NAME]).can_publish()
    assert publication.permissions_for_user(users[MODERATORS_GROUP_NAME]).can_set_view_restrictions()
    assert users[ADMINISTRATORS_GROUP_NAME].has_perm("auth.change_user")
    assert not Group.objects.get(name=COS_GROUP_NAME).permissions.exists()


def test_publications_go_through_the_moderation_workflow(built_site):
    workflow = seed("88-millions").get_workflow()
    assert workflow.name == WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP_NAME]


def test_every_page_goes_through_moderation_and_wagtail_defaults_are_retired(built_site):
    from wagtail.models import Workflow

    from hub.models import HomePage, StandardPage

    assert HomePage.objects.get().get_workflow().name == WORKFLOW_NAME
    assert StandardPage.objects.get(slug="mentions-legales").get_workflow().name == WORKFLOW_NAME
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_demo_account_only_when_asked(built_site, django_user_model, client):
    assert not django_user_model.objects.filter(username=DEMO_COS_USERNAME).exists()
    output = build("--demo-users")
    password = re.search(r"mot de passe « ([^»]+) »", output).group(1)
    assert len(password) >= 12
    user = django_user_model.objects.get(username=DEMO_COS_USERNAME)
    assert not user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [COS_GROUP_NAME]
    # Through the login form: django-axes' backend needs the request that Client.login() lacks.
    client.post("/connexion/", {"username": DEMO_COS_USERNAME, "password": password})
    assert "_auth_user_id" in client.session
    again = build("--demo-users")
    assert password not in again
