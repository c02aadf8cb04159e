"""Helpers for the places tests: valid rows and CSV files in the national standard."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from places.standard import field_names

EXAMPLE_FILE = Path(__file__).resolve().parent / "exemple-valide.csv"


def example_row():
    """The standard's own example row (a valid row), column -> text."""
    with EXAMPLE_FILE.open(encoding="utf-8", newline="") as example:
        return next(csv.DictReader(example))


def make_row(number=1, **overrides):
    row = example_row()
    row.update({"id": f"lieu-{number}", "nom": f"Lieu {number}", "code_postal": "31000", "code_insee": "31555"})
    row["commune"] = "Toulouse"
    row.update(overrides)
    return row


def create_place(number=1, **overrides):
    """A place saved from a valid row of the standard (as an import writes it)."""
    from places.models import Place
    from places.records import to_model_values
    from places.validation import validate_row

    record, errors, _ = validate_row(make_row(number, **overrides))
    assert not errors, errors
    return Place.objects.create(**to_model_values(record))


def csv_bytes(rows, columns=None, delimiter=","):
    columns = columns or field_names()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def csv_file(tmp_path):
    """Write rows (or raw bytes) to a file and return its path."""

    def write(content, name="lieux.csv"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else csv_bytes(content))
        return path

    return write


# Communes of several départements, for lists with varied places: (commune, postcode, INSEE, lat, lon).
COMMUNES = [
    ("Toulouse", "31000", "31555", 43.6045, 1.4440),
    ("Béziers", "34500", "34032", 43.3442, 3.2158),
    ("Albi", "81000", "81004", 43.9289, 2.1464),
    ("Cahors", "46000", "46042", 44.4475, 1.4419),
    ("Saint-Jean-de-Védas", "34430", "34270", 43.5764, 3.8264),
    ("Foix", "09000", "09122", 42.9653, 1.6069),
]


def place_values(number, **fields):
    """The model values of a valid place, varied by its number (services, fees, commune)."""
    from places.choices import Frais, Public, Service
    from places.models import base_slug, departement_code

    commune, postcode, insee, latitude, longitude = COMMUNES[number % len(COMMUNES)]
    values = {
        "standard_id": f"lieu-{number}",
        "pivot": "43493312300029",
        "nom": f"Espace numérique {number}",
        "commune": commune,
        "code_postal": postcode,
        "code_insee": insee,
        "adresse": f"{number} rue de la République",
        "latitude": latitude + number * 0.0001,
        "longitude": longitude,
        "telephone": "+33561000000",
        "horaires": "Mo-Fr 09:00-12:00,14:00-18:00",
        "services": [Service.values[number % len(Service.values)], Service.DEMARCHES],
        "frais_a_charge": [Frais.values[number % len(Frais.values)]],
        "publics_specifiquement_adresses": [Public.values[number % len(Public.values)]],
        "source": "Hubik",
        "date_maj": datetime.date(2025, 6, 1),
    }
    values.update(fields)
    values.setdefault("departement", departement_code(values["code_insee"], values["code_postal"]))
    values.setdefault("slug", f"{base_slug(values['nom'], values['commune'])}-{number}")
    return values


def make_places(count, start=0, **fields):
    """`count` places in one bulk insert (save() is skipped: slug and département are given)."""
    from places.models import Place

    return Place.objects.bulk_create(
        [Place(**place_values(number, **fields)) for number in range(start, start + count)]
    )


@pytest.fixture
def place_index(home_page):
    from tests.places.factories import PlaceIndexPageFactory

    return PlaceIndexPageFactory(parent=home_page)
