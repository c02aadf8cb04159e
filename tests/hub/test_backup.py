"""Backups restore: `manage.py backup` then `manage.py restore` into a fresh empty PostgreSQL database
and media folder give back every row of every table and every file."""

import io
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction, Revision

from core.backups import make_backup
from publications.models import PublicationPage

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore: run with DATABASE_URL=postgres://… (CI does)"
)


def _server(db):
    return {
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
    }


@pytest.fixture
def empty_database(settings):
    """A new empty database on the test server, dropped afterwards; yields its URL and parameters."""
    db = settings.DATABASES["default"]
    name = f"rhinocc_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **_server(db))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    server = _server(db)
    url = f"postgres://{server['user'] or ''}@{server['host'] or 'localhost'}:{server['port'] or 5432}/{name}"
    if server["password"]:
        url = url.replace("@", f":{server['password']}@", 1)
    yield url, {**server, "dbname": name}
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _all_rows(cursor):
    """Every table's rows (sorted) and every sequence's position."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    tables = sorted(row[0] for row in cursor.fetchall())
    content = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        content[table] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
    content["(sequences)"] = sorted(cursor.fetchall())
    return content


def _read_everything(**params):
    reader = psycopg2.connect(**params)
    try:
        with reader.cursor() as cursor:
            return _all_rows(cursor)
    finally:
        reader.close()


def _png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#3a6").save(buffer, format="PNG")
    return buffer.getvalue()


def _build_a_site(django_user_model):
    call_command("build_site", stdout=io.StringIO())
    image = get_image_model().objects.create(
        title="Photo d'atelier", file=ContentFile(_png(900, 600), name="atelier.png")
    )
    image.get_rendition("width-800|format-webp")  # also made by the background task
    get_document_model().objects.create(title="Compte rendu", file=ContentFile(b"%PDF-1.4 compte rendu", name="cr.pdf"))
    user = django_user_model.objects.create_user("camille", "camille@example.org", "mot-de-passe-solide")
    group = Group.objects.create(name="Relecteurs")
    user.groups.add(group)
    publication = PublicationPage.objects.live().first()
    for title in ("Deuxième version", "Troisième version"):
        publication.title = title
        publication.save_revision().publish()
    return publication, image


# pg_dump sees committed rows only; serialized_rollback gives the next tests back the rows migrations
# made (Wagtail's root page).
@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_gives_everything_back(django_user_model, settings, tmp_path, empty_database):
    publication, image = _build_a_site(django_user_model)
    # What the comparison below must cover, so that it cannot pass on empty tables.
    assert Revision.objects.filter(object_id=str(publication.pk)).count() >= 3
    assert PageViewRestriction.objects.filter(groups__isnull=False).exists()
    assert image.renditions.count() >= 2  # with the background task's
    assert Collection.objects.count() >= 2 and Group.objects.count() >= 5

    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    archives = list((tmp_path / "backups").glob("rhinocc-*.tar"))
    assert len(archives) == 1 and str(archives[0]) in out.getvalue()

    url, target = empty_database
    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archives[0]), database_url=url, media_root=str(restored_media), stdout=io.StringIO())

    # The same client on both sides (Django's connection decodes JSON columns differently).
    original = _read_everything(dbname=connection.settings_dict["NAME"], **_server(connection.settings_dict))
    restored = _read_everything(**target)
    for table in (
        "wagtailcore_page",
        "wagtailcore_revision",
        "wagtailimages_rendition",
        "auth_user",
        "wagtailcore_pageviewrestriction_groups",
        "auth_group_permissions",
        "wagtaildocs_document",
    ):
        assert original[table], table
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, (table, set(rows) ^ set(restored[table]))

    user = django_user_model.objects.get(username="camille")
    assert (user.password,) in {(row[1],) for row in restored["auth_user"]}  # the same hash
    files = [image.file.name for image in get_image_model().objects.all()]
    files += [rendition.file.name for rendition in get_image_model().renditions.rel.related_model.objects.all()]
    files += [document.file.name for document in get_document_model().objects.all()]
    for name in files:
        copy = restored_media / name
        assert copy.is_file(), name
        assert copy.read_bytes() == (Path(settings.MEDIA_ROOT) / name).read_bytes()

    # The target is no longer empty: a second restoration is refused unless forced.
    with pytest.raises(CommandError, match="n'est pas vide") as refused:
        call_command("restore", str(archives[0]), database_url=url, media_root=str(tmp_path / "autre"))
    assert "--force" in str(refused.value)
    call_command(
        "restore", str(archives[0]), database_url=url, media_root=str(restored_media), force=True, stdout=io.StringIO()
    )


def test_a_backup_on_sqlite_says_it_needs_postgresql(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with pytest.raises(CommandError, match="Les sauvegardes demandent PostgreSQL"):
        make_backup(sqlite, tmp_path / "media", tmp_path / "backups")
    assert not (tmp_path / "backups").exists()


def test_restore_refuses_what_is_not_an_archive(tmp_path):
    bogus = tmp_path / "rhinocc-20260101-000000.tar"
    bogus.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="n'est pas une archive tar"):
        call_command("restore", str(bogus), media_root=str(tmp_path / "m"), force=True)
    assert not (tmp_path / "m").exists()


def test_restore_refuses_a_missing_archive(tmp_path, settings):
    with pytest.raises(CommandError, match="Archive introuvable"):
        call_command("restore", str(tmp_path / "absente.tar"), media_root=str(tmp_path / "m"))
