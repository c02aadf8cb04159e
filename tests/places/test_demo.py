"""Demonstration places: valid in the app's own eyes, plausible, loaded only when asked, never over
an imported place."""

import datetime
import os
import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from places import hours
from places.choices import OCCITANIE_DEPARTEMENTS
from places.demo import DEMO_ROWS, ID_PREFIX, demo_records, load_demo_places
from places.models import DEMO_MARKER, Place, departement_code
from places.validation import validate_row


def build(*args):
    out = StringIO()
    call_command("build_site", *args, stdout=out)
    return out.getvalue()


def imported_place(standard_id="import-1", **fields):
    values = {
        "standard_id": standard_id,
        "pivot": "43493312300029",
        "nom": "Lieu importé",
        "commune": "Albi",
        "code_postal": "81000",
        "code_insee": "81004",
        "adresse": "1 place du Vigan",
        "source": "Conseil départemental",
        "date_maj": datetime.date(2025, 3, 1),
    }
    values.update(fields)
    return Place.objects.create(**values)


# --- The data ---------------------------------------------------------------------------------


def test_every_demo_row_passes_the_import_validation():
    warned = []
    for line, row in enumerate(DEMO_ROWS, start=1):
        _record, errors, warnings = validate_row(row, line)
        assert errors == [], [str(error) for error in errors]
        warned += [(row["id"], issue.field) for issue in warnings]
    # The one warning is the unparseable hours, kept on purpose (the page shows them as written).
    assert warned == [(f"{ID_PREFIX}10", "horaires")]
    assert len(demo_records()) == len(DEMO_ROWS)


def test_demo_rows_are_marked_spread_and_varied():
    assert 20 <= len(DEMO_ROWS) <= 40
    assert len({row["id"] for row in DEMO_ROWS}) == len(DEMO_ROWS)
    assert all(DEMO_MARKER in row["source"] for row in DEMO_ROWS)
    departements = {departement_code(row["code_insee"], row["code_postal"]) for row in DEMO_ROWS}
    assert departements <= set(OCCITANIE_DEPARTEMENTS)
    assert len(departements) >= 5
    assert sum("Itinérant" in row["itinerance"] for row in DEMO_ROWS) >= 2
    for column in ("services", "frais_a_charge", "publics_specifiquement_adresses", "typologie"):
        assert len({row[column] for row in DEMO_ROWS}) >= 4, column
    texts = [row["horaires"] for row in DEMO_ROWS]
    assert sum("PH off" in text for text in texts) >= 10
    assert any(re.search(r"20:00-02:00", text) for text in texts)  # crosses midnight
    assert any(hours.parse(text) is None for text in texts)  # shown as written
    assert any(hours.parse(text) and hours.describe(text) for text in texts if "Aug off" in text)


def test_demo_contacts_belong_to_no_one():
    for row in DEMO_ROWS:
        # ARCEP's numbers for fiction, example.org (RFC 2606), identifiers no SIRET can have.
        assert re.fullmatch(r"\+33(465710|536490)\d{3}", row["telephone"]), row["telephone"]
        assert row["courriels"].endswith("@example.org")
        assert all(url.startswith("https://example.org/") for url in row["site_web"].split("|"))
        assert row["prise_rdv"] == "" or row["prise_rdv"].startswith("https://example.org/")
        assert row["pivot"].startswith("DEMO")


def test_demo_coordinates_lie_in_occitanie_and_codes_agree():
    for row in DEMO_ROWS:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
        assert 42.3 < latitude < 45.1 and -0.4 < longitude < 4.9, row["commune"]
        # The INSEE code and the postcode name the same département.
        assert departement_code(row["code_insee"]) == departement_code("", row["code_postal"]), row["commune"]


# --- Loading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_build_site_without_the_flag_creates_no_place():
    imported_place()
    build()
    assert list(Place.objects.values_list("standard_id", flat=True)) == ["import-1"]


@pytest.mark.django_db
def test_build_site_with_the_flag_creates_them_once_and_leaves_imported_places_alone():
    imported = imported_place()
    before = Place.objects.values().get(pk=imported.pk)
    output = build("--demo-places")
    demo = Place.objects.demo()
    assert demo.count() == len(DEMO_ROWS)
    assert all(place.is_demo and place.standard_id.startswith(ID_PREFIX) for place in demo)
    assert "lieu de démonstration « Espace numérique des Minimes (démonstration) »" in output
    place = Place.objects.get(standard_id=f"{ID_PREFIX}01")
    assert (place.departement, place.slug) == ("31", "espace-numerique-des-minimes-demonstration-toulouse")
    assert place.services[0] == "Aide aux démarches administratives"
    assert len({place.departement for place in demo}) >= 5

    # Idempotent: a second run creates and changes nothing.
    stamps = dict(demo.values_list("standard_id", "updated_at"))
    second = build("--demo-places")
    assert Place.objects.count() == len(DEMO_ROWS) + 1
    assert dict(Place.objects.demo().values_list("standard_id", "updated_at")) == stamps
    assert "créé : lieu" not in second
    assert Place.objects.values().get(pk=imported.pk) == before


@pytest.mark.django_db
def test_an_imported_place_with_a_demo_id_is_never_overwritten():
    taken = imported_place(standard_id=f"{ID_PREFIX}03", nom="Vrai lieu", source="Import régional")
    before = Place.objects.values().get(pk=taken.pk)
    created, updated, unchanged, skipped = load_demo_places(reset=True)
    assert skipped == ["Vrai lieu"]
    assert len(created) == len(DEMO_ROWS) - 1
    assert Place.objects.values().get(pk=taken.pk) == before
    output = build("--demo-places", "--reset")
    assert "Lieu « Vrai lieu » laissé tel quel" in output
    assert Place.objects.values().get(pk=taken.pk) == before


@pytest.mark.django_db
def test_reset_restores_an_edited_demo_place_and_only_with_reset():
    load_demo_places()
    place = Place.objects.get(standard_id=f"{ID_PREFIX}05")
    place.horaires = "Mo 10:00-11:00"
    place.save()
    assert load_demo_places()[1] == []  # without reset: left as staff edited it
    assert Place.objects.get(pk=place.pk).horaires == "Mo 10:00-11:00"
    created, updated, unchanged, skipped = load_demo_places(reset=True)
    assert (created, updated, skipped) == ([], [place.nom], [])
    assert Place.objects.get(pk=place.pk).horaires == "We 14:00-19:00; Fr-Sa 20:00-02:00"


@pytest.mark.skipif(shutil.which("make") is None, reason="make n'est pas installé")
def test_make_run_asks_for_the_demo_places(tmp_path):
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "$*"\n')
    python.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.installed", "run", f"PY={python}"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^manage\.py build_site --demo-places$", result.stdout, re.M)
