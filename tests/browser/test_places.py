"""The places directory in a real browser (issue 10): the list and a place page used without
JavaScript, and « autour de moi » with the browser's geolocation (axe: test_page_types.py)."""

import pytest

from tests.places.conftest import make_places

pytestmark = pytest.mark.browser


@pytest.fixture
def places(site_url):
    make_places(30)
    return site_url


def test_from_the_home_page_to_a_free_place_and_its_phone_without_javascript(page_nojs, places):
    page = page_nojs
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(places + "/")
    finder = page.get_by_role("link", name="Trouver un lieu près de chez moi")
    box = finder.bounding_box()
    assert box["y"] + box["height"] <= 800, "the directory's link is below the first screen at 375 × 800"
    finder.click()
    assert page.url == places + "/lieux/"
    assert not page.get_by_role("button", name="Trier par distance de ma position").is_visible()
    page.get_by_label("Commune, code postal ou département").fill("Béziers")
    page.get_by_label("Frais").select_option(label="Gratuit sous condition")
    page.get_by_role("button", name="Afficher les lieux").click()
    assert "q=B%C3%A9ziers" in page.url and "frais=gratuit-sous-condition" in page.url
    titles = page.locator(".place-item__title").all_inner_texts()
    assert titles and all(title.startswith("Espace numérique") for title in titles)
    assert "Gratuit sous condition" in page.title()
    page.get_by_role("link", name=titles[0], exact=True).click()
    assert page.locator("h1").inner_text() == titles[0]
    assert page.get_by_role("link", name="05 61 00 00 00").get_attribute("href") == "tel:+33561000000"
    page.get_by_role("link", name="Version à imprimer en grands caractères").click()
    assert page.url.endswith("/imprimer/")
    page.wait_for_load_state("load")  # its own stylesheet read: the click returns once the page commits
    size = page.locator(".place p").first.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 24


def test_near_me_sorts_the_list_by_distance(new_page, places):
    page = new_page(geolocation={"latitude": 43.9301, "longitude": 2.1489}, permissions=["geolocation"])
    page.goto(places + "/lieux/?frais=payant")
    page.get_by_role("button", name="Trier par distance de ma position").click()
    page.wait_for_url("**autour=43.93%2C2.15**")
    assert "frais=payant" in page.url
    assert page.locator(".place-item__where").first.inner_text().startswith("Albi")
    assert "du plus proche au plus éloigné" in page.locator(".place-count").inner_text()
