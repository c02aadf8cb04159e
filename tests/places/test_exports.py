"""The exports: standard CSV and GeoJSON, streamed, re-importable unchanged, constant queries."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from places.importer import import_places
from places.models import Place
from places.records import to_standard
from places.standard import field_names
from tests.places.conftest import EXAMPLE_FILE, csv_bytes, make_row

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def import_bytes(content, dry_run=False):
    return import_places(io.BytesIO(content), dry_run=dry_run)


def test_round_trip_of_the_standard_example_file(client):
    with EXAMPLE_FILE.open("rb") as example:
        assert import_places(example).created == ["structure-1"]
    before = to_standard(Place.objects.get())
    response = client.get("/lieux/export/lieux.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    exported = body(response)
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8"))))
    assert exported.decode().splitlines()[0].split(",") == field_names()
    with EXAMPLE_FILE.open(encoding="utf-8", newline="") as example:
        original = next(csv.DictReader(example))
    assert rows == [original]  # field by field, every column of the standard
    report = import_bytes(exported)
    assert report.unchanged == ["structure-1"] and not (report.updated or report.created or report.conflicts)
    assert to_standard(Place.objects.get()) == before


def test_round_trip_of_varied_places_with_semicolons_quotes_and_empty_values(client):
    rows = [
        make_row(1, services="Aide aux démarches administratives;Accès internet et matériel informatique"),
        make_row(2, nom='La « Boussole », dite "B"', latitude="", longitude="", horaires="", courriels=""),
        make_row(3, presentation_detail="Deux lignes\nsur deux", itinerance="Fixe", code_insee=""),
    ]
    import_bytes(csv_bytes(rows))
    snapshot = {place.standard_id: to_standard(place) for place in Place.objects.all()}
    exported = body(client.get("/lieux/export/lieux.csv"))
    report = import_bytes(exported)
    assert sorted(report.unchanged) == ["lieu-1", "lieu-2", "lieu-3"] and not report.updated
    assert {place.standard_id: to_standard(place) for place in Place.objects.all()} == snapshot
    assert snapshot["lieu-1"]["services"] == (
        "Aide aux démarches administratives|Accès internet et matériel informatique"
    )


def test_round_trip_of_signs_and_formula_characters_that_are_legitimate(client):
    rows = [
        make_row(1, telephone="+33561000000", longitude="-1.44367", latitude="-21.1151"),
        make_row(2, presentation_detail="- 2 salles équipées", autres_formations_labels="+ de 10 ans d'expérience"),
        make_row(3, nom="Accès = gratuit (sur inscription)", site_web="https://a.fr/|http://b.fr/?q=1&r=2"),
    ]
    assert import_bytes(csv_bytes(rows)).rejected == []
    snapshot = {place.standard_id: to_standard(place) for place in Place.objects.all()}
    exported = body(client.get("/lieux/export/lieux.csv"))
    starts = {cell[:1] for row in csv.reader(io.StringIO(exported.decode())) for cell in row}
    assert not starts & {"=", "@", "\t", "\r"}
    report = import_bytes(exported)
    assert sorted(report.unchanged) == ["lieu-1", "lieu-2", "lieu-3"] and not (report.updated or report.rejected)
    assert {place.standard_id: to_standard(place) for place in Place.objects.all()} == snapshot
    assert snapshot["lieu-1"]["telephone"] == "+33561000000" and snapshot["lieu-1"]["longitude"] == "-1.44367"


def test_geojson_is_a_feature_collection_with_the_standard_properties(client):
    import_bytes(csv_bytes([make_row(1), make_row(2, latitude="", longitude="")]))
    response = client.get("/lieux/export/lieux.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    first, second = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [5.41423, 43.52609]}
    assert list(first["properties"]) == [*field_names(), "slug"] and first["properties"]["id"] == "lieu-1"
    assert first["properties"]["slug"] == Place.objects.get(standard_id="lieu-1").slug
    assert second["geometry"] is None


def test_per_departement_exports_and_unknown_code(client):
    import_bytes(csv_bytes([make_row(1), make_row(2, code_postal="46000", code_insee="46042")]))
    rows = list(csv.DictReader(io.StringIO(body(client.get("/lieux/export/46/lieux.csv")).decode())))
    assert [row["id"] for row in rows] == ["lieu-2"]
    features = json.loads(body(client.get("/lieux/export/31/lieux.geojson")))["features"]
    assert [feature["properties"]["id"] for feature in features] == ["lieu-1"]
    for url in ("/lieux/export/75/lieux.csv", "/lieux/export/<script>/lieux.geojson"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Occitanie" in response.content.decode()


def test_last_modified_and_conditional_get(client):
    import_bytes(csv_bytes([make_row(1)]))
    from core.models import PageCacheGeneration

    newest = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    Place.objects.update(updated_at=newest)
    PageCacheGeneration.objects.update(changed_at=newest - datetime.timedelta(days=1))
    response = client.get("/lieux/export/lieux.csv")
    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert client.get("/lieux/export/lieux.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert client.post("/lieux/export/lieux.csv").status_code == 405


@pytest.mark.parametrize(
    "url", ["/lieux/export/lieux.csv", "/lieux/export/lieux.geojson", "/lieux/export/31/lieux.csv"]
)
def test_export_queries_do_not_grow_with_the_number_of_places(client, url):
    def queries_for(count):
        Place.objects.all().delete()
        import_bytes(csv_bytes([make_row(number) for number in range(count)]))
        with CaptureQueriesContext(connection) as queries:
            content = body(client.get(url))
        assert content.count(b"lieu-") >= count
        return len(queries)

    assert queries_for(10) == queries_for(200)


def test_a_deleted_place_is_never_answered_304(client):
    """The newest remaining row does not change when a place is deleted: the site's change date does."""
    from core.models import PageCacheGeneration

    import_bytes(csv_bytes([make_row(1), make_row(2)]))
    old = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    Place.objects.update(updated_at=old)
    PageCacheGeneration.objects.update(changed_at=old)
    first = client.get("/lieux/export/lieux.csv")
    assert first["Last-Modified"] == http_date(old.timestamp())
    Place.objects.filter(standard_id=Place.objects.order_by("standard_id").first().standard_id).delete()
    again = client.get("/lieux/export/lieux.csv", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert len(list(csv.reader(io.StringIO(body(again).decode())))) == 2  # the header and the place left
