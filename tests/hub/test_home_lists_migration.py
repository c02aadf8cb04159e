"""Migration hub 0005: the home page's three "heading + list" pairs of fields become one StreamField of
list sections, in the page and in its revisions, and back."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hub.models import HomePage

BEFORE = [("hub", "0004_delete_pagecachegeneration")]
OLD = {
    "fragile_publics_heading": "Les publics les plus fragilisés",
    "fragile_publics": [("public", "Les seniors"), ("public", "Les personnes sans diplôme")],
    "life_areas_heading": "Les domaines de la vie concernés",
    "life_areas": [("area", "La santé")],
    "obstacles_heading": "Des freins multiples",
    "obstacles": [("obstacle", "L'équipement"), ("obstacle", "La motivation")],
}
DRAFT_OBSTACLES = [("obstacle", "Un frein du brouillon")]
SECTIONS = [
    ("Les publics les plus fragilisés", ["Les seniors", "Les personnes sans diplôme"]),
    ("Les domaines de la vie concernés", ["La santé"]),
    ("Des freins multiples", ["L'équipement", "La motivation"]),
]


def _stream(items):
    return json.dumps([{"type": kind, "value": value, "id": f"{kind}-{n}"} for n, (kind, value) in enumerate(items)])


def _old_values(values):
    return {name: _stream(value) if isinstance(value, list) else value for name, value in values.items()}


def _latest():
    """Every app's last migration: the schema the models in hub.models describe."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _sections(stream_value):
    return [(block.value["heading"], list(block.value["texts"])) for block in stream_value]


# serialized_rollback gives the next tests back the rows migrations made (Wagtail's root page).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lists_move_into_list_sections_with_their_revisions_and_back():
    apps = _migrate(BEFORE)
    try:
        content_type = apps.get_model("contenttypes", "ContentType").objects.get(app_label="hub", model="homepage")
        root = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
        page = apps.get_model("hub", "HomePage").objects.create(
            title="Accueil",
            slug="accueil-migration",
            path=root.path + "9999",
            depth=2,
            url_path="/accueil-migration/",
            content_type=content_type,
            live=True,
            locale_id=root.locale_id,
            **_old_values(OLD),
        )
        draft = {
            "pk": page.pk,
            "title": "Accueil",
            "slug": page.slug,
            **_old_values({**OLD, "obstacles": DRAFT_OBSTACLES}),
        }
        apps.get_model("wagtailcore", "Revision").objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(page.pk),
            content=draft,
            created_at=timezone.now(),
        )

        _migrate(_latest())  # through 0005, up to the schema of the models read below
        migrated = HomePage.objects.get(pk=page.pk)
        assert _sections(migrated.inequality_lists) == SECTIONS
        revision = migrated.revisions.get().as_object()
        assert _sections(revision.inequality_lists) == [
            *SECTIONS[:2],
            ("Des freins multiples", ["Un frein du brouillon"]),
        ]

        apps = _migrate(BEFORE)
        restored = apps.get_model("hub", "HomePage").objects.get(pk=page.pk)
        assert restored.obstacles_heading == "Des freins multiples"
        assert [block.value for block in restored.obstacles] == ["L'équipement", "La motivation"]
        assert [block.block_type for block in restored.life_areas] == ["area"]
        content = apps.get_model("wagtailcore", "Revision").objects.get(object_id=str(page.pk)).content
        assert [item["value"] for item in json.loads(content["obstacles"])] == ["Un frein du brouillon"]
        assert "inequality_lists" not in content
    finally:
        _migrate(_latest())
