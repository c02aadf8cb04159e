"""Members and governance pages in a real browser (issue 3): filters without JavaScript, from the home
page to a field structure (axe on every page: test_page_types.py)."""

import pytest

pytestmark = pytest.mark.browser


def test_filters_work_without_javascript(page_nojs, site_url):
    page_nojs.goto(site_url + "/membres/")
    page_nojs.get_by_label("Rôle dans le réseau").select_option("structure-de-terrain")
    page_nojs.get_by_label("Département").select_option("11")
    page_nojs.get_by_role("button", name="Filtrer").click()
    assert "role=structure-de-terrain" in page_nojs.url and "departement=11" in page_nojs.url
    cards = page_nojs.locator(".org-card .card__title")
    assert cards.all_inner_texts() == ["MJC de Lézignan-Corbières"]
    page_nojs.get_by_role("link", name="Réinitialiser les filtres").click()
    assert page_nojs.url == site_url + "/membres/"


def test_from_home_to_a_field_structure_and_back(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("link", name="Avenir", exact=True).first.click()
    assert page.url == site_url + "/membres/avenir/"
    page.get_by_role("link", name="Coll.in").first.click()
    assert page.url == site_url + "/membres/coll-in/"
    page.get_by_role("link", name="Comité de pilotage").click()
    assert page.url == site_url + "/gouvernance/copil/"


def test_home_founding_members_cards_are_not_stretched_by_the_field_structures(page, site_url):
    page.goto(site_url + "/")
    cards = page.locator(".founding-members > li")
    assert cards.count() == 5
    heights = [cards.nth(i).bounding_box()["height"] for i in range(cards.count())]
    assert max(heights) < 400, heights
    affiliates = page.locator(".affiliates")
    assert affiliates.get_by_role("link", name="Avenir", exact=True).is_visible()
    list_box = page.locator(".founding-members").bounding_box()
    assert affiliates.bounding_box()["y"] >= list_box["y"] + list_box["height"]
