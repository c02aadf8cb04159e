"""The migration that turned the role and département child rows into relations keeps every value,
in the pages and in their revisions (a draft keeps its roles), and can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("members", "0003_body_contact_block")]
AFTER = [("members", "0004_roles_and_departements_as_relations")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _organisation(apps, title, path):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    OrganisationPage = apps.get_model("members", "OrganisationPage")
    content_type, _ = ContentType.objects.get_or_create(app_label="members", model="organisationpage")
    page = OrganisationPage.objects.create(
        title=title,
        draft_title=title,
        slug=title.lower(),
        path=path,
        depth=2,
        url_path=f"/{title.lower()}/",
        content_type=content_type,
        locale=Locale.objects.first(),
    )
    return page, content_type


@pytest.fixture
def back_to_the_latest_state():
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_roles_and_departements_survive_the_migration_both_ways(back_to_the_latest_state):
    apps = _migrate(BEFORE)
    page, content_type = _organisation(apps, "Avenir", "0001ZZ01")
    apps.get_model("members", "OrganisationRole").objects.create(page_id=page.pk, role="structure-de-terrain")
    apps.get_model("members", "OrganisationRole").objects.create(page_id=page.pk, role="participant-cos")
    apps.get_model("members", "OrganisationDepartement").objects.create(page_id=page.pk, code="31")
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=content_type,
        base_content_type=content_type,
        object_id=str(page.pk),
        created_at=timezone.now(),
        content={
            "pk": page.pk,
            "title": "Avenir",
            "role_entries": [{"pk": 1, "page": page.pk, "role": "porteur"}],
            "departement_entries": [{"pk": 2, "page": page.pk, "code": "11"}],
        },
    )

    apps = _migrate(AFTER)
    OrganisationPage = apps.get_model("members", "OrganisationPage")
    page = OrganisationPage.objects.get(pk=page.pk)
    assert list(apps.get_model("members", "NetworkRole").objects.values_list("code", flat=True)) == [
        "porteur",
        "copilote",
        "membre-fondateur",
        "structure-de-terrain",
        "participant-cos",
    ]
    assert apps.get_model("members", "ActionDepartement").objects.count() == 13
    assert sorted(page.roles.values_list("code", flat=True)) == ["participant-cos", "structure-de-terrain"]
    assert list(page.departements.values_list("code", flat=True)) == ["31"]
    content = apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content
    assert content["roles"] == ["porteur"] and content["departements"] == ["11"]
    assert "role_entries" not in content and "departement_entries" not in content

    apps = _migrate(BEFORE)
    roles = apps.get_model("members", "OrganisationRole").objects.filter(page_id=page.pk)
    assert sorted(roles.values_list("role", flat=True)) == ["participant-cos", "structure-de-terrain"]
    codes = apps.get_model("members", "OrganisationDepartement").objects.values_list("code", flat=True)
    assert list(codes.filter(page_id=page.pk)) == ["31"]
    content = apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content
    assert [entry["role"] for entry in content["role_entries"]] == ["porteur"]
