"""`manage.py build_site`: the editorial groups, their permissions, the moderation workflow over the
whole site, and the COS demo account."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from accounts.roles import (
    ADMINISTRATORS_GROUP_NAME,
    COS_GROUP_NAME,
    DEMO_COS_USERNAME,
    EDITORS_GROUP_NAME,
    MODERATORS_GROUP_NAME,
    WORKFLOW_NAME,
)
from hub.models import HomePage, StandardPage
from publications.models import PublicationIndexPage, PublicationPage
from tests.conftest import build_site as build


@pytest.fixture
def built_site(db):
    return build()


def seed_publication():
    return PublicationPage.objects.get(slug__contains="88-millions")


def test_editorial_groups_and_permissions(built_site, django_user_model):
    index = PublicationIndexPage.objects.get()
    publication = seed_publication()
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
    workflow = seed_publication().get_workflow()
    assert workflow.name == WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP_NAME]


def test_every_page_goes_through_moderation_and_wagtail_defaults_are_retired(built_site):
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
