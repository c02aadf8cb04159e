"""Helpers for the places tests: valid rows and CSV files in the national standard."""

import csv
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
