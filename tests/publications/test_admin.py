"""What staff see in the admin: a publications listing that shows which ones are reserved."""

import pytest

from .factories import PublicationPageFactory


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_listing_shows_reserved_at_a_glance(staff_client, public_publication, reserved_publication):
    response = staff_client.get("/admin/publications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Compte rendu secret du comité" in html and "Ateliers numériques à Toulouse" in html
    assert html.count(">Réservé<") == 1
    assert "Accès" in html


def test_add_form_has_the_publication_fields(staff_client, index):
    response = staff_client.get(f"/admin/pages/add/publications/publicationpage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Date de publication", "Résumé", "Catégorie", "Étiquettes", "Image principale", "Voir aussi"):
        assert label in html, label


def test_edit_form_renders_with_relations(staff_client, index, public_publication):
    page = PublicationPageFactory(parent=index)
    page.related_publications.create(publication=public_publication)
    page.save()
    assert staff_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
