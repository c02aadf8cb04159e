"""The admin import of a large file, through the "places" task backend: upload, check by the worker,
preview, confirm once, import by the worker, report kept; progress, failures, permissions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.roles import EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME
from places import tasks
from places.importer import import_places
from places.models import Place, PlaceImport
from tests.places.conftest import csv_bytes, make_row
from tests.places.test_admin import member_of

URL = "/admin/lieux-import/"
DB_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "renditions": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "places": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The worker closes connections that are inside a transaction (on PostgreSQL): no test transaction;
# serialized_rollback gives the next tests back the rows migrations made (Wagtail's root page).
with_worker = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path, monkeypatch):
    settings.PLACES_IMPORT_DIR = tmp_path / "imports"
    # Every file of these tests counts as large: it goes through the tasks.
    settings.PLACES_IMPORT_SYNC_MAX_BYTES = 10
    # Progress every 2 rows, so that a few rows show several steps.
    monkeypatch.setattr("places.importer.PROGRESS_EVERY", 2)


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(member_of(django_user_model, MODERATORS_GROUP_NAME))
    return client


def upload(client, content, name="lieux-occitanie.csv"):
    return client.post(URL, {"fichier": SimpleUploadedFile(name, content, content_type="text/csv")})


def work():
    """What `manage.py db_worker --backend places` does in production, until the queue is empty."""
    call_command("db_worker", "--backend", "places", "--batch", "--no-startup-delay", verbosity=0)


def status_page(client, place_import):
    response = client.get(f"{URL}{place_import.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@with_worker
def test_a_large_file_is_checked_then_imported_by_the_worker(moderator_client, settings):
    settings.TASKS = DB_TASKS
    rows = [make_row(number) for number in range(1, 6)] + [make_row(6, code_postal="310")]
    response = upload(moderator_client, csv_bytes(rows))
    place_import = PlaceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{place_import.pk}/"
    assert place_import.background and place_import.status == PlaceImport.Status.PENDING
    assert place_import.file_name == "lieux-occitanie.csv" and place_import.uploaded_by.username.startswith("user-")
    html = status_page(moderator_client, place_import)
    assert '<meta http-equiv="refresh" content="3">' in html and "attend le processus de fond" in html
    assert DBTaskResult.objects.filter(backend_name="places", status="READY").count() == 1

    work()
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.READY
    assert (place_import.rows_total, place_import.rows_done, place_import.step) == (6, 6, PlaceImport.Step.COMPARE)
    assert place_import.percent == 100
    assert place_import.preview_report["summary"].startswith("Simulation : 6 lignes lues : 5 créées")
    rejected = next(s for s in place_import.preview_report["sections"] if s["title"] == "Rejetés")
    assert rejected["total"] == 1 and "Ligne 7 (lieu-6)" in rejected["items"][0]
    assert not Place.objects.exists()
    assert (settings.PLACES_IMPORT_DIR / f"{place_import.pk}.csv").exists()  # kept until imported
    html = status_page(moderator_client, place_import)
    assert "http-equiv" not in html and "Aperçu : rien n'est encore enregistré" in html
    assert "Confirmer l'import" in html and "Ligne 7 (lieu-6)" in html

    confirm = f"{URL}{place_import.pk}/confirmer/"
    assert moderator_client.post(confirm).status_code == 302
    # A double click: the second confirmation queues nothing.
    response = moderator_client.post(confirm, follow=True)
    assert "déjà été confirmé" in response.content.decode()
    assert DBTaskResult.objects.filter(backend_name="places", status="READY").count() == 1
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.PENDING and place_import.confirmed_at is not None
    assert "refresh" in status_page(moderator_client, place_import)

    work()
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.DONE
    assert place_import.final_report["summary"].startswith("6 lignes lues : 5 créées")
    assert place_import.preview_report["summary"].startswith("Simulation")  # both reports kept
    assert Place.objects.count() == 5
    assert not (settings.PLACES_IMPORT_DIR / f"{place_import.pk}.csv").exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    html = status_page(moderator_client, place_import)
    assert "Import terminé" in html and "Confirmer l'import" not in html and "http-equiv" not in html

    # The task delivered again (or a forged confirmation) finds nothing waiting and imports nothing.
    Place.objects.all().delete()
    assert tasks.run_import.call(str(place_import.pk)) is None
    assert not Place.objects.exists()
    history = moderator_client.get(f"{URL}historique/").content.decode()
    assert "lieux-occitanie.csv" in history and "Terminé" in history and "6 lignes lues : 5 créées" in history


@with_worker
def test_a_bad_large_file_fails_in_french_and_leaves_nothing(moderator_client, settings):
    settings.TASKS = DB_TASKS
    upload(moderator_client, csv_bytes([make_row(1)], delimiter=";"))
    work()
    place_import = PlaceImport.objects.get()
    assert place_import.status == PlaceImport.Status.FAILED
    assert "séparées par des virgules" in place_import.error
    assert list(settings.PLACES_IMPORT_DIR.iterdir()) == []
    html = status_page(moderator_client, place_import)
    assert "séparées par des virgules" in html and "http-equiv" not in html


@with_worker
def test_a_crash_while_writing_marks_the_import_failed_and_writes_nothing(moderator_client, settings, monkeypatch):
    settings.TASKS = DB_TASKS
    upload(moderator_client, csv_bytes([make_row(number) for number in range(1, 6)]))
    work()
    place_import = PlaceImport.objects.get()

    class CrashingRecorder(tasks.ProgressRecorder):
        """The worker dies of a bug in the middle of the writing pass."""

        def __call__(self, step, rows):
            super().__call__(step, rows)
            if step == 2 and rows >= 4:
                raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "ProgressRecorder", CrashingRecorder)
    moderator_client.post(f"{URL}{place_import.pk}/confirmer/")
    work()
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.FAILED
    assert place_import.error.startswith("Erreur inattendue pendant l'import (RuntimeError). Rien n'a été enregistré.")
    assert not Place.objects.exists()  # the places written before the crash were rolled back
    assert "Erreur inattendue" in status_page(moderator_client, place_import)


@with_worker
def test_progress_is_seen_from_another_connection_while_the_import_writes(settings):
    """The status page reads the row from another process: the progress must be committed while the
    import's own transaction is still open."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time: there the writing pass's progress shows at its end.")
    place_import = PlaceImport.objects.create(file_name="lieux.csv", size=1, status=PlaceImport.Status.IMPORTING)
    recorder = tasks.ProgressRecorder(place_import.pk, dry_run=False)
    seen = []

    def progress(step, rows):
        recorder(step, rows)
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT step, rows_done FROM places_placeimport WHERE id = %s", [place_import.pk])
                seen.append((connection.in_atomic_block, *cursor.fetchone()))
        finally:
            other.close()

    import_places(io.BytesIO(csv_bytes([make_row(number) for number in range(1, 6)])), progress=progress)
    recorder.close()
    assert seen == [
        (False, 1, 2),
        (False, 1, 4),
        (False, 1, 5),
        (True, 3, 2),
        (True, 3, 4),
        (True, 3, 5),
    ]


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_shown_failed(moderator_client):
    place_import = PlaceImport.objects.create(file_name="lieux.csv", size=1, status=PlaceImport.Status.IMPORTING)
    assert "refresh" in status_page(moderator_client, place_import)
    PlaceImport.objects.filter(pk=place_import.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=20))
    html = status_page(moderator_client, place_import)
    assert "Échec" in html and "aucune progression depuis 15 minutes" in html and "refresh" not in html


@pytest.mark.django_db
def test_a_waiting_import_can_be_cancelled_and_then_not_confirmed(moderator_client, settings):
    settings.PLACES_IMPORT_SYNC_MAX_BYTES = 10_000_000  # a small file: checked in the request
    moderator_client.post(URL, {"fichier": SimpleUploadedFile("l.csv", csv_bytes([make_row(1)]))})
    place_import = PlaceImport.objects.get()
    assert place_import.status == PlaceImport.Status.READY and not place_import.background
    response = moderator_client.post(f"{URL}{place_import.pk}/annuler/", follow=True)
    assert "Import annulé" in response.content.decode()
    assert list(settings.PLACES_IMPORT_DIR.iterdir()) == []
    moderator_client.post(f"{URL}{place_import.pk}/confirmer/")
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.CANCELLED and not Place.objects.exists()


@pytest.mark.django_db
def test_a_worker_that_cannot_see_the_file_says_so(moderator_client, settings):
    settings.TASKS = DB_TASKS
    upload(moderator_client, csv_bytes([make_row(1)]))
    place_import = PlaceImport.objects.get()
    (settings.PLACES_IMPORT_DIR / f"{place_import.pk}.csv").unlink()
    assert tasks.validate_import.call(str(place_import.pk)) == PlaceImport.Status.FAILED
    place_import.refresh_from_db()
    assert "PLACES_IMPORT_DIR" in place_import.error


@pytest.mark.django_db
def test_only_those_who_may_change_places_see_or_launch_imports(client, django_user_model):
    place_import = PlaceImport.objects.create(file_name="lieux.csv", size=1, status=PlaceImport.Status.READY)
    pages = [f"{URL}{place_import.pk}/", f"{URL}historique/"]
    actions = [f"{URL}{place_import.pk}/confirmer/", f"{URL}{place_import.pk}/annuler/"]
    for url in pages + actions:  # anonymous: to the login page
        response = client.post(url) if url in actions else client.get(url)
        assert response.status_code == 302 and ("login" in response["Location"] or "connexion" in response["Location"])
    client.force_login(member_of(django_user_model, EDITORS_GROUP_NAME))
    for url in pages:
        assert client.get(url).status_code in (302, 403)
    for url in actions:
        assert client.post(url).status_code in (302, 403)
    place_import.refresh_from_db()
    assert place_import.status == PlaceImport.Status.READY
    assert "Historique des imports" not in client.get("/admin/lieux/").content.decode()
