"""Import a places file in the national standard: check the whole file, then write in one transaction.

The file is read twice as a stream (first to check it, then to write), so that memory stays bounded
whatever its size: only ids, line numbers and the report are kept between the two passes.
"""

import codecs
import contextlib
import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.cache import invalidate_pages

from .models import Place, base_slug, departement_code, unique_slug
from .records import model_field_name, standard_value, to_model_values
from .standard import field_names, required_field_names
from .validation import Issue, validate_row

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# A cell longer than this is not a place's data: the file is refused (the longest legitimate
# cell, presentation_detail, stays far below).
MAX_CELL_CHARS = 10_000
WRITE_BATCH = 500
# The progress callback hears from the importer every this many rows of each pass.
PROGRESS_EVERY = 500


class ImportFileError(Exception):
    """The file as a whole cannot be imported: one French message, nothing is changed."""


@dataclass
class Conflict:
    line: int
    standard_id: str
    field: str
    current: str
    incoming: str

    def __str__(self):
        return (
            f"ligne {self.line}, lieu « {self.standard_id} », champ « {self.field} » : modifié à la main "
            f"(« {self.current} »), le fichier propose « {self.incoming} » — valeur du site conservée"
        )


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    created: list = field(default_factory=list)  # standard ids
    updated: dict = field(default_factory=dict)  # standard id -> changed columns
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # (line, standard id, [Issue])
    warnings: list = field(default_factory=list)  # Issue
    conflicts: list = field(default_factory=list)  # Conflict
    missing: list = field(default_factory=list)  # (standard id, nom) of places absent from the file

    def summary(self):
        prefix = "Simulation : " if self.dry_run else ""
        return (
            f"{prefix}{_count(self.rows, 'ligne lue', 'lignes lues')} : "
            f"{_count(len(self.created), 'créée', 'créées')}, "
            f"{_count(len(self.updated), 'mise à jour', 'mises à jour')}, "
            f"{_count(len(self.unchanged), 'inchangée', 'inchangées')}, "
            f"{_count(len(self.rejected), 'rejetée', 'rejetées')} ; "
            f"{_count(len(self.conflicts), 'conflit', 'conflits')}, "
            f"{_count(len(self.warnings), 'avertissement', 'avertissements')}, "
            f"{_count(len(self.missing), 'lieu absent', 'lieux absents')} du fichier."
        )

    def sections(self):
        """(title, lines of text) for each kind of outcome a person must read (unchanged rows are only
        counted)."""
        return [
            ("Créés", list(self.created)),
            ("Mis à jour", [f"{standard_id} : {', '.join(columns)}" for standard_id, columns in self.updated.items()]),
            (
                "Rejetés",
                [
                    f"Ligne {line} ({standard_id or 'sans identifiant'}) : " + " ; ".join(map(str, issues))
                    for line, standard_id, issues in self.rejected
                ],
            ),
            ("Conflits (valeur du site conservée)", [str(conflict) for conflict in self.conflicts]),
            ("Absents du fichier (non supprimés)", [f"{standard_id} — {nom}" for standard_id, nom in self.missing]),
            ("Avertissements", [str(issue) for issue in self.warnings]),
        ]

    def as_json(self, limit):
        """The report as stored with an admin import: the summary and, per section, its first `limit`
        lines and its total (a national file can have thousands of warnings)."""
        return {
            "summary": self.summary(),
            "dry_run": self.dry_run,
            "rows": self.rows,
            "sections": [
                {"title": title, "items": items[:limit], "total": len(items)} for title, items in self.sections()
            ],
        }


def _count(number, one, many):
    """« 1 ligne lue », « 0 ligne lue », « 2 lignes lues »: French takes the singular below 2."""
    return f"{number} {one if number < 2 else many}"


def _max_bytes():
    return getattr(settings, "PLACES_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _check_envelope(binary):
    """Size, emptiness, binary content: checked before reading any row."""
    binary.seek(0, io.SEEK_END)
    size = binary.tell()
    binary.seek(0)
    limit = _max_bytes()
    if size > limit:
        raise ImportFileError(
            f"Le fichier pèse {size / 1_000_000:.1f} Mo : la limite est de {limit / 1_000_000:.1f} Mo "
            "(réglage PLACES_IMPORT_MAX_BYTES). Rien n'a été importé."
        )
    head = binary.read(8192)
    binary.seek(0)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        raise ImportFileError("Le fichier est vide. Rien n'a été importé.")
    if b"\x00" in head:
        raise ImportFileError(
            "Le fichier n'est pas un fichier texte CSV (contenu binaire : tableur, archive…). "
            "Enregistrez-le au format CSV UTF-8. Rien n'a été importé."
        )


def _check_header(header):
    names = [name.strip().removeprefix("\ufeff") for name in header]
    missing = [name for name in required_field_names() if name not in names]
    if missing:
        if len(names) == 1 and any(separator in names[0] for separator in ";\t"):
            raise ImportFileError(
                "Les colonnes du fichier ne sont pas séparées par des virgules (point-virgule ou tabulation "
                "trouvés) : le standard demande un CSV séparé par des virgules. Rien n'a été importé."
            )
        raise ImportFileError(
            "Colonnes obligatoires du standard absentes de la première ligne : "
            f"{', '.join(missing)}. Vérifiez le séparateur (virgule) et l'en-tête. Rien n'a été importé."
        )
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ImportFileError(f"Colonnes en double dans l'en-tête : {', '.join(duplicates)}. Rien n'a été importé.")
    return names


def _undecodable_line(binary):
    """The line of the first byte that is not UTF-8. TextIOWrapper decodes ahead of the csv reader,
    so the reader's line number lags behind the faulty byte: the file is scanned again, by chunks.
    A newline byte never occurs inside a UTF-8 sequence, so counting them in the raw bytes is exact."""
    binary.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    while chunk := binary.read(64 * 1024):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return newlines + chunk[: max(0, error.start - pending)].count(b"\n") + 1
        newlines += chunk.count(b"\n")
    return newlines + 1


def read_rows(binary):
    """Yield (line, row) for each record, `row` a dict column -> text, or a list of cells when the
    record has the wrong number of columns. Raise ImportFileError for a file-level problem."""
    _check_envelope(binary)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    line = 0
    try:
        reader = csv.reader(text, strict=True)
        header = next(reader, None)
        if not header:
            raise ImportFileError("Le fichier est vide. Rien n'a été importé.")
        names = _check_header(header)
        pending = None
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not cells:
                continue
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise ImportFileError(
                    f"Ligne {start} : une cellule dépasse {MAX_CELL_CHARS:,} caractères".replace(",", " ")
                    + " : ce n'est pas une donnée de lieu. Rien n'a été importé."
                )
            if pending is not None:
                yield pending
                pending = None
            if len(cells) != len(names):
                # Kept back one record: short at the very end, it means the file was cut off.
                pending = (start, cells)
                continue
            yield start, dict(zip(names, cells, strict=True))
        if pending is not None:
            start, cells = pending
            if len(cells) < len(names):
                raise ImportFileError(
                    f"Le fichier semble tronqué : sa dernière ligne ({start}) n'a que {len(cells)} colonnes "
                    f"sur {len(names)}. Rien n'a été importé."
                )
            yield pending
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"Le fichier n'est pas encodé en UTF-8 (ligne {_undecodable_line(binary)}) : enregistrez-le en "
            "« CSV UTF-8 ». Rien n'a été importé."
        ) from error
    except csv.Error as error:
        message = str(error)
        if "field larger than field limit" in message:
            raise ImportFileError(
                f"Ligne {line + 1} : une cellule est beaucoup trop longue. Rien n'a été importé."
            ) from error
        if "NUL" in message:
            raise ImportFileError(
                "Le fichier contient des octets nuls (fichier binaire ?). Rien n'a été importé."
            ) from error
        if "unexpected end of data" in message or "EOF" in message:
            raise ImportFileError(
                "Le fichier semble tronqué : il s'arrête au milieu d'une cellule entre guillemets. "
                "Rien n'a été importé."
            ) from error
        raise ImportFileError(f"CSV mal formé vers la ligne {line + 1}. Rien n'a été importé.") from error
    finally:
        text.detach()


def count_rows(binary):
    """The number of records after the header (a quick pass of the csv reader, no check), or None when
    the file cannot be read: the import says why."""
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        return max(0, sum(1 for cells in csv.reader(text, strict=True) if cells) - 1)
    except (UnicodeDecodeError, csv.Error):
        return None
    finally:
        text.detach()
        binary.seek(0)


def _checked_rows(binary, report=None, progress=None):
    """Yield (line, record) for valid rows; fill `report` with rejections and warnings when given;
    call `progress(rows read)` every PROGRESS_EVERY rows and at the end."""
    seen = set()
    rows = 0
    for line, row in read_rows(binary):
        rows += 1
        if progress is not None and rows % PROGRESS_EVERY == 0:
            progress(rows)
        if report is not None:
            report.rows += 1
        if isinstance(row, list):
            if report is not None:
                issue = Issue(line, "", "", "columns", f"{len(row)} colonnes au lieu de celles de l'en-tête")
                report.rejected.append((line, row[0] if row else "", [issue]))
            continue
        record, errors, warnings = validate_row(row, line)
        standard_id = record["id"]
        if standard_id and standard_id in seen:
            errors.append(
                Issue(line, "id", standard_id, "unique", "identifiant déjà présent plus haut dans le fichier")
            )
        if report is not None:
            report.warnings.extend(warnings)
            if errors:
                report.rejected.append((line, standard_id, errors))
        if errors:
            continue
        seen.add(standard_id)
        yield line, record, row.keys()
    if progress is not None:
        progress(rows)


def _compare(place, record, present, line, report):
    """Apply a row to an existing place; return (changed columns, the new snapshot or False)."""
    changed, snapshot = [], dict(place.imported_values)
    for column, incoming in record.items():
        # A column the file does not have (an older version of the standard) leaves the place alone.
        if column == "id" or column not in present:
            continue
        current = standard_value(place, column)
        last = place.imported_values.get(column)
        if incoming == current:
            snapshot[column] = incoming
        elif current == last or (last is None and current == ""):
            changed.append(column)
            snapshot[column] = incoming
        else:
            report.conflicts.append(Conflict(line, place.standard_id, column, current, incoming))
    if changed:
        values = to_model_values({column: record[column] for column in changed})
        for name, value in values.items():
            setattr(place, name, value)
    return changed, snapshot != place.imported_values and snapshot


def _write(batch, report, taken_slugs, write):
    existing = Place.objects.in_bulk([record["id"] for _, record, _ in batch], field_name="standard_id")
    to_create, to_update, now = [], [], timezone.now()
    for line, record, present in batch:
        standard_id = record["id"]
        place = existing.get(standard_id)
        if place is None:
            place = Place(**to_model_values(record))
            place.imported_values = {column: text for column, text in record.items() if column != "id"}
            place.departement = departement_code(place.code_insee, place.code_postal)
            place.slug = unique_slug(base_slug(place.nom, place.commune), taken_slugs)
            taken_slugs.add(place.slug)
            to_create.append(place)
            report.created.append(standard_id)
            continue
        changed, snapshot = _compare(place, record, present, line, report)
        if snapshot:
            place.imported_values = snapshot
        if changed:
            report.updated[standard_id] = changed
        else:
            report.unchanged.append(standard_id)
        if changed or snapshot:
            place.departement = departement_code(place.code_insee, place.code_postal)
            place.updated_at = now if changed else place.updated_at
            to_update.append(place)
    if write:
        Place.objects.bulk_create(to_create)
        if to_update:
            columns = [model_field_name(column) for column in field_names() if column != "id"]
            Place.objects.bulk_update(to_update, [*columns, "departement", "imported_values", "updated_at"])


def import_places(binary, dry_run=False, progress=None):
    """Import a places CSV (a seekable binary file). Raise ImportFileError when the file as a whole
    is unusable; otherwise return the report (nothing is written on a dry run).

    `progress(step, rows)`, when given, hears how far each pass is: step 1 checks every row, step 2
    compares the valid ones with the site's places and, unless this is a dry run, writes them."""
    report = ImportReport(dry_run=dry_run)
    step_progress = (lambda step: lambda rows: progress(step, rows)) if progress else (lambda step: None)
    file_ids = {record["id"] for _, record, _ in _checked_rows(binary, report, step_progress(1))}
    if report.rows == 0:
        raise ImportFileError("Le fichier ne contient que l'en-tête, aucun lieu. Rien n'a été importé.")
    binary.seek(0)
    taken_slugs = set(Place.objects.values_list("slug", flat=True))
    # A dry run writes nothing: no transaction to hold open (and its progress is seen as it goes).
    with contextlib.nullcontext() if dry_run else transaction.atomic():
        batch = []
        for checked in _checked_rows(binary, progress=step_progress(2)):
            batch.append(checked)
            if len(batch) == WRITE_BATCH:
                _write(batch, report, taken_slugs, write=not dry_run)
                batch = []
        if batch:
            _write(batch, report, taken_slugs, write=not dry_run)
        if not dry_run and (report.created or report.updated):
            # Bulk writes send no signal: the directory's cached pages are stale all the same.
            invalidate_pages()
    report.missing = [
        (standard_id, nom)
        for standard_id, nom in Place.objects.values_list("standard_id", "nom").iterator()
        if standard_id not in file_ids
    ]
    return report
