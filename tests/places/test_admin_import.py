"""The admin import: upload, preview (nothing written), confirm; bad files; permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME
from places.models import Place, PlaceImport
from tests.places.conftest import csv_bytes, make_row
from tests.places.test_admin import member_of

pytestmark = pytest.mark.django_db
URL = "/admin/lieux-import/"


@pytest.fixture(autouse=True)
def _import_dir(settings, tmp_path):
    settings.PLACES_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(member_of(django_user_model, MODERATORS_GROUP_NAME))
    return client


def upload(client, content):
    return client.post(URL, {"fichier": SimpleUploadedFile("lieux.csv", content, content_type="text/csv")})


def test_upload_previews_then_confirm_imports(moderator_client, settings):
    assert "Importer un fichier" in moderator_client.get("/admin/lieux/").content.decode()
    assert moderator_client.get(URL).status_code == 200
    response = upload(moderator_client, csv_bytes([make_row(1), make_row(2, pivot="?")]))
    place_import = PlaceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{place_import.pk}/"
    assert not place_import.background and place_import.status == PlaceImport.Status.READY
    html = moderator_client.get(response["Location"]).content.decode()
    assert "Aperçu" in html and "Confirmer l'import" in html
    assert "1 créée," in html and "champ « pivot »" in html
    assert "http-equiv" not in html  # nothing runs: no reload
    assert not Place.objects.exists()
    assert list(settings.PLACES_IMPORT_DIR.iterdir()) == [settings.PLACES_IMPORT_DIR / f"{place_import.pk}.csv"]
    response = moderator_client.post(f"{URL}{place_import.pk}/confirmer/", follow=True)
    assert "Import terminé" in response.content.decode()
    assert list(Place.objects.values_list("standard_id", flat=True)) == ["lieu-1"]
    assert list(settings.PLACES_IMPORT_DIR.iterdir()) == []
    # The same confirmation twice does nothing more.
    Place.objects.all().delete()
    response = moderator_client.post(f"{URL}{place_import.pk}/confirmer/", follow=True)
    assert "déjà été confirmé" in response.content.decode() and not Place.objects.exists()


@pytest.mark.parametrize("suffix", ["../../etc/passwd/", "0" * 31 + "/", "12345678-1234-1234-1234-123456789012/"])
def test_unknown_imports_are_404(moderator_client, suffix):
    assert moderator_client.get(URL + suffix).status_code == 404
    assert moderator_client.post(URL + suffix + "confirmer/").status_code == 404


def test_a_bad_file_gets_its_french_error_on_the_form(moderator_client, settings):
    response = upload(moderator_client, b"\x00\x01binary")
    assert response.status_code == 200
    assert "binaire" in str(response.context["form"].errors["fichier"])
    assert list(settings.PLACES_IMPORT_DIR.iterdir()) == []
    assert PlaceImport.objects.get().status == PlaceImport.Status.FAILED  # kept in the history
    settings.PLACES_IMPORT_MAX_BYTES = 100
    response = upload(moderator_client, csv_bytes([make_row(1)]))
    assert "limite" in str(response.context["form"].errors["fichier"])


def test_editors_cannot_import(client, django_user_model):
    client.force_login(member_of(django_user_model, EDITORS_GROUP_NAME))
    assert client.get(URL).status_code in (302, 403)
    assert "Importer un fichier" not in client.get("/admin/lieux/").content.decode()
