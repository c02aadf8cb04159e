"""Page addresses are ASCII (issue 7, point 3): generated from an accented title, typed in the admin
(refused with a French message), and the admin's slug field is told to slugify without accents."""

import re

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from hub.models import StandardPage

ACCENTED_TITLE = "Lancement du pôle territorial de l'Aude à Carcassonne"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def add_url(home_page):
    return f"/admin/pages/add/hub/standardpage/{home_page.pk}/"


def form(**fields):
    return nested_form_data(
        {"title": ACCENTED_TITLE, "slug": "", "introduction": "", "body": streamfield([]), **fields}
    )


def test_slug_generated_from_an_accented_title_is_ascii(home_page):
    page = StandardPage(title=ACCENTED_TITLE)
    home_page.add_child(instance=page)
    assert page.slug == "lancement-du-pole-territorial-de-laude-a-carcassonne"
    assert page.url == "/lancement-du-pole-territorial-de-laude-a-carcassonne/"


def test_page_added_through_the_admin_gets_an_ascii_slug(admin_client, home_page):
    response = admin_client.post(add_url(home_page), form(slug="lancement-du-pole-territorial-de-laude"))
    assert response.status_code == 302
    page = StandardPage.objects.get(title=ACCENTED_TITLE)
    assert page.slug == "lancement-du-pole-territorial-de-laude"
    assert page.slug.isascii()


def test_admin_refuses_a_typed_accented_slug_in_french(admin_client, home_page):
    response = admin_client.post(add_url(home_page), form(slug="lancement-du-pôle-territorial"))
    assert response.status_code == 200
    assert not StandardPage.objects.filter(title=ACCENTED_TITLE).exists()
    errors = response.context["form"].errors["slug"]
    assert errors == [
        "L'adresse de la page (slug) ne peut contenir que des lettres sans accent, des chiffres et des "
        "traits d'union, par exemple « pole-territorial » plutôt que « pôle-territorial »."
    ]


def test_editing_a_page_refuses_an_accented_slug(admin_client, home_page):
    page = StandardPage(title="Une page", slug="une-page")
    home_page.add_child(instance=page)
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", form(title="Une page", slug="une-pâge"))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    page.refresh_from_db()
    assert page.slug == "une-page"


def test_admin_slug_field_slugifies_without_accents(admin_client, home_page):
    html = admin_client.get(add_url(home_page)).content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group()
    assert 'data-controller="w-slug"' in slug_input
    # Django drops a False attribute: the Stimulus controller then reads its default, false.
    assert "allow-unicode" not in slug_input
    # A typed slug is transliterated on blur (« pôle » -> « pole »), not stripped (« ple »).
    assert "blur-&gt;w-slug#urlify" in slug_input and "w-slug#slugify" not in slug_input
