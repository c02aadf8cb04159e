"""The directory in the anonymous page cache: stale neither after an import or an admin edit, nor
past the next opening or closing of a place it shows."""

import io

import pytest
from django.core.cache import cache
from django.test import override_settings

from places.importer import import_places
from places.models import Place
from tests.places.conftest import csv_bytes, make_places, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    cache.clear()


def test_an_import_or_an_edit_gives_fresh_pages(client, place_index):
    make_places(2)
    assert client.get("/lieux/")["X-Cache"] == "MISS"
    assert client.get("/lieux/")["X-Cache"] == "HIT"
    import_places(io.BytesIO(csv_bytes([make_row(99, nom="Lieu importé")])))
    response = client.get("/lieux/")
    assert response["X-Cache"] == "MISS" and "Lieu importé" in response.content.decode()
    assert client.get("/lieux/")["X-Cache"] == "HIT"
    place = Place.objects.get(standard_id="lieu-99")
    place.nom = "Lieu renommé"
    place.save()
    assert "Lieu renommé" in client.get("/lieux/").content.decode()
    place.delete()
    assert "Lieu renommé" not in client.get("/lieux/").content.decode()


def test_a_dry_run_keeps_the_cache(client, place_index):
    make_places(2)
    client.get("/lieux/")
    import_places(io.BytesIO(csv_bytes([make_row(99)])), dry_run=True)
    assert client.get("/lieux/")["X-Cache"] == "HIT"


def test_the_list_and_a_place_page_live_no_longer_than_the_next_change(client, place_index):
    make_places(1, horaires="Mo-Su 00:00-24:00; PH off")
    make_places(1, start=1, horaires="Mo-Fr 09:00-12:00")
    for url in ("/lieux/", "/lieux/espace-numerique-1-beziers-1/", "/lieux/?q=beziers"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS"
        assert 0 < response.page_cache_max_age <= 3 * 24 * 3600, url
    # Hours that never change let the page live its usual time.
    Place.objects.all().delete()
    make_places(1, horaires="")
    assert getattr(client.get("/lieux/?page=1"), "page_cache_max_age", None) is None


@pytest.mark.parametrize("suffix", ["", "imprimer/"])
def test_a_place_page_with_any_query_parameter_is_never_stored(client, place_index, suffix):
    """A place page reads no parameter: random values must not fill the cache."""
    (place,) = make_places(1)
    url = f"/lieux/{place.slug}/{suffix}"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    for _ in range(2):
        assert "X-Cache" not in client.get(url, {"q": "aleatoire-1", "page": "9" * 50})
