"""The admin import's two steps as tasks: check the file (a dry run), then, once confirmed, import it.

Files over PLACES_IMPORT_SYNC_MAX_BYTES go to the "places" task backend (a database queue served by
`manage.py db_worker --backend places` in production); smaller ones run the same functions inside
the request (admin_views.py). Each step claims its import with a conditional update, so a second
confirmation, or a task delivered twice, does nothing.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django_tasks import task

from .importer import ImportFileError, count_rows, import_places
from .models import PlaceImport

logger = logging.getLogger(__name__)
# A stored report keeps this many lines per section, and the total of each.
REPORT_LINES = 1000


def import_dir():
    """Where uploaded files wait for their import: outside MEDIA_ROOT (which the proxy serves), shared
    by the web processes and the worker."""
    path = Path(settings.PLACES_IMPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_path(place_import):
    # Named after the import's id only: the uploaded file name is never part of a path.
    return import_dir() / f"{place_import.pk}.csv"


class ProgressRecorder:
    """Writes how far an import is to its PlaceImport row, in a short transaction of its own.

    The importer writes places in one transaction: a progress write on the same connection would be
    seen only once it commits. Inside it, the progress goes through a second connection (PostgreSQL
    takes concurrent writers). SQLite takes one writer at a time, and a task run inside a caller's
    transaction (the immediate backend in a test) has a row that only that transaction sees: both
    write on the same connection, and the writing pass's progress shows at its end.
    """

    def __init__(self, import_id, dry_run):
        self.import_id = import_id
        # The importer's second pass compares only (a dry run) or compares and writes.
        self.second_step = PlaceImport.Step.COMPARE if dry_run else PlaceImport.Step.WRITE
        self.apart = connection.vendor != "sqlite" and not connection.in_atomic_block
        self._other = None

    def __call__(self, step, rows):
        step = PlaceImport.Step.CHECK if step == 1 else self.second_step
        values = {"step": step, "rows_done": rows, "updated_at": timezone.now()}
        if self.apart and connection.in_atomic_block:
            self._write_apart(values)
        else:
            PlaceImport.objects.filter(pk=self.import_id).update(**values)

    def _write_apart(self, values):
        if self._other is None:
            self._other = connections.create_connection(DEFAULT_DB_ALIAS)
        other, meta = self._other, PlaceImport._meta
        quote = other.ops.quote_name
        columns = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in values)
        params = [meta.get_field(name).get_db_prep_value(value, other) for name, value in values.items()]
        params.append(meta.pk.get_db_prep_value(self.import_id, other))
        with other.cursor() as cursor:
            cursor.execute(f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s", params)

    def close(self):
        if self._other is not None:
            self._other.close()


def _finish(import_id, **values):
    PlaceImport.objects.filter(pk=import_id).update(updated_at=timezone.now(), **values)


def run_step(import_id, dry_run):
    """Check (dry_run) or import the file of PlaceImport `import_id`, recording progress and report.
    Return the status it ends in, or None when the import was not waiting for this step."""
    Status = PlaceImport.Status
    running = Status.VALIDATING if dry_run else Status.IMPORTING
    claimed = PlaceImport.objects.filter(pk=import_id, status=Status.PENDING, confirmed_at__isnull=dry_run).update(
        status=running, step=PlaceImport.Step.CHECK, rows_done=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    place_import = PlaceImport.objects.get(pk=import_id)
    path = import_path(place_import)
    if not path.exists():
        _finish(
            import_id,
            status=Status.FAILED,
            error=(
                "Le fichier déposé est introuvable : le processus de fond ne voit pas le dossier des imports "
                "(réglage PLACES_IMPORT_DIR, à partager entre le site et le processus de fond). Rien n'a été "
                "enregistré."
            ),
        )
        return Status.FAILED
    recorder = ProgressRecorder(import_id, dry_run)
    written = False
    try:
        with path.open("rb") as binary:
            _finish(import_id, rows_total=count_rows(binary))
            report = import_places(binary, dry_run=dry_run, progress=recorder)
            written = not dry_run
        if dry_run:
            _finish(import_id, status=Status.READY, preview_report=report.as_json(REPORT_LINES))
        else:
            _finish(import_id, status=Status.DONE, final_report=report.as_json(REPORT_LINES))
            path.unlink(missing_ok=True)
    except ImportFileError as error:
        _finish(import_id, status=Status.FAILED, error=str(error))
        path.unlink(missing_ok=True)
    except Exception as error:
        logger.exception("Places import %s failed", import_id)
        what = "l'aperçu" if dry_run else "l'import"
        outcome = (
            "Les lieux ont été enregistrés, mais le rapport n'a pas pu l'être."
            if written
            else "Rien n'a été enregistré."
        )
        _finish(
            import_id,
            status=Status.FAILED,
            error=(
                f"Erreur inattendue pendant {what} ({type(error).__name__}). {outcome} "
                "Le détail est dans les journaux du site ; déposez le fichier à nouveau ou prévenez l'équipe technique."
            ),
        )
        path.unlink(missing_ok=True)
    finally:
        recorder.close()
    return PlaceImport.objects.values_list("status", flat=True).get(pk=import_id)


@task(backend="places")
def validate_import(import_id):
    """Step 1: the dry run whose report the admin shows before anything is written."""
    return run_step(import_id, dry_run=True)


@task(backend="places")
def run_import(import_id):
    """Step 2, once confirmed: the import itself."""
    return run_step(import_id, dry_run=False)
