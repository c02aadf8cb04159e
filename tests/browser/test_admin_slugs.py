"""The admin's slug field, in a browser (issue 7, point 3): Wagtail's JavaScript turns an accented title
into an ASCII slug, and the page is saved at that address."""

import pytest
from playwright.sync_api import expect

from hub.models import HomePage, StandardPage

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-de-test-42"


def test_title_with_accents_gives_an_ascii_slug(page, site_url, django_user_model):
    django_user_model.objects.create_superuser("direction", "direction@rhinocc.example", PASSWORD)
    home = HomePage.objects.get()
    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill("direction")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(site_url + f"/admin/pages/add/hub/standardpage/{home.pk}/")
    page.locator("#id_title").fill("Lancement du pôle territorial de l'Aude")
    page.locator("#id_title").blur()
    slug = page.locator("#id_slug")
    expect(slug).to_have_value("lancement-du-pole-territorial-de-laude")

    # A slug typed with accents (tab « Promotion ») is cleaned the same way when the field loses focus.
    page.get_by_role("tab", name="Promotion").click()
    slug.fill("Réunion à Albi")
    slug.blur()
    expect(slug).to_have_value("reunion-a-albi")

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    assert StandardPage.objects.get(title="Lancement du pôle territorial de l'Aude").slug == "reunion-a-albi"
