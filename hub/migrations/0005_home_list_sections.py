# The home page's three "heading + list of short texts" pairs of fields become one StreamField of
# list sections; the content of the pages and of their revisions (drafts, history) moves with them.

import json
import uuid

import wagtail.fields
from django.db import migrations

# (heading field, list field, the list's block type) in the order the home page shows them.
OLD_LISTS = [
    ("fragile_publics_heading", "fragile_publics", "public"),
    ("life_areas_heading", "life_areas", "area"),
    ("obstacles_heading", "obstacles", "obstacle"),
]


def _raw(value):
    """A stream's raw data, whether a StreamValue (a page), a JSON string (a revision) or a list."""
    if hasattr(value, "raw_data"):
        return list(value.raw_data)
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


def _item(block_type, value, id=None):
    return {"type": block_type, "value": value, "id": id or str(uuid.uuid4())}


def _sections(old):
    """The new field's raw stream, from the old fields' values."""
    sections = []
    for heading_field, list_field, _ in OLD_LISTS:
        heading = old.get(heading_field) or ""
        texts = [_item("item", item["value"], item.get("id")) for item in _raw(old.get(list_field))]
        if heading or texts:
            sections.append(_item("list", {"heading": heading, "texts": texts}))
    return json.dumps(sections)


def _old_fields(stream):
    """The old fields' values, from the new field's first three sections."""
    old = {}
    sections = [section["value"] for section in _raw(stream) if section["type"] == "list"]
    for (heading_field, list_field, block_type), section in zip(OLD_LISTS, sections):
        old[heading_field] = section.get("heading", "")
        old[list_field] = json.dumps([_item(block_type, item["value"], item.get("id")) for item in section["texts"]])
    return old


def _old_names():
    return [name for heading_field, list_field, _ in OLD_LISTS for name in (heading_field, list_field)]


def _revisions(apps, page_model):
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_for_model(page_model)
    return apps.get_model("wagtailcore", "Revision").objects.filter(content_type=content_type)


def forwards(apps, schema_editor):
    HomePage = apps.get_model("hub", "HomePage")
    for page in HomePage.objects.all():
        page.inequality_lists = _sections({name: getattr(page, name) for name in _old_names()})
        page.save(update_fields=["inequality_lists"])
    for revision in _revisions(apps, HomePage):
        content = revision.content
        content["inequality_lists"] = _sections(content)
        for name in _old_names():
            content.pop(name, None)
        revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    HomePage = apps.get_model("hub", "HomePage")
    for page in HomePage.objects.all():
        for name, value in _old_fields(page.inequality_lists).items():
            setattr(page, name, value)
        page.save(update_fields=_old_names())
    for revision in _revisions(apps, HomePage):
        content = revision.content
        content.update(_old_fields(content.pop("inequality_lists", "[]")))
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0004_delete_pagecachegeneration'),
    ]

    operations = [
        migrations.AddField(
            model_name='homepage',
            name='inequality_lists',
            field=wagtail.fields.StreamField([('list', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Titre', 'max_length': 200}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Élément', 'max_length': 120}), 2: ('wagtail.blocks.ListBlock', (1,), {'label': 'Éléments'}), 3: ('wagtail.blocks.StructBlock', [[('heading', 0), ('texts', 2)]], {})}, help_text='Chaque liste : un titre et de courts éléments, côte à côte sur la page.', verbose_name='Publics, domaines de la vie et freins'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='homepage',
            name='fragile_publics',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='fragile_publics_heading',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='life_areas',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='life_areas_heading',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='obstacles',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='obstacles_heading',
        ),
    ]
