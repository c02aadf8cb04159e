"""The hub's pages in a real browser (issue 2): keyboard, no JavaScript, small screens and third-party
requests (axe and the page weight of every page type: test_page_types.py)."""

from urllib.parse import urlsplit

import pytest

from tests.browser.axe import WCAG_TAGS, assert_accessible
from tests.places.factories import make_place

pytestmark = pytest.mark.browser

STANDARD_PAGE = "/mentions-legales/"


@pytest.mark.parametrize("query", ["", "?q=numérique", "?q=zzzqqqxxx", "?q=toulouse"])
def test_search_page_passes_axe_best_practices_too(page, site_url, query):
    """Besides the WCAG rules: no heading given a role (aria-allowed-role), headings in order (heading-order),
    with results of every kind, places included, and without."""
    for number in range(3):
        make_place(nom=f"Espace numérique {number}")
    assert_accessible(page, f"{site_url}/recherche/{query}", tags=(*WCAG_TAGS, "best-practice"))


def test_search_results_say_their_kind_under_a_breadcrumb(page, site_url):
    make_place(nom="Espace numérique du Capitole")
    page.goto(site_url + "/recherche/?q=numérique")
    assert page.locator("nav.breadcrumbs [aria-current=page]").inner_text() == "Rechercher"
    assert page.locator("#search-q").input_value() == "numérique"
    assert "Lieu" in page.locator(".search-places .result").first.inner_text()
    kinds = set(page.locator(".search-pages .result .card__meta").all_inner_texts())
    assert {"Page", "Instance de gouvernance", "Organisation"} <= kinds, kinds


def test_search_with_results_lists_them(page, site_url):
    page.goto(site_url + "/recherche/?q=numérique")
    assert page.locator(".result-list .result").count() > 0


@pytest.fixture
def menu_page(built_site):
    """A published page shown in the main menu, so the menu has more than the home link."""
    from hub.models import StandardPage

    page = StandardPage(title="Notre réseau", slug="notre-reseau", show_in_menus=True, introduction="Qui nous sommes.")
    built_site.add_child(instance=page)
    page.save_revision().publish()
    return page


def _focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const text = el.textContent.trim();
            return {tag: el.tagName, id: el.id, cls: el.className, href: el.getAttribute('href'), text};
        }"""
    )


def _focus_is_visible(page):
    """The focused element has an outline or a box-shadow, or an ancestor outlines it (`:focus-within`)."""
    return page.evaluate(
        """() => {
            const hasOutline = (style) => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const el = document.activeElement;
            const style = getComputedStyle(el);
            if (hasOutline(style) || (style.boxShadow && style.boxShadow !== 'none')) return true;
            for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
                if (hasOutline(getComputedStyle(parent))) return true;
            }
            return false;
        }"""
    )


@pytest.mark.parametrize("path", ["/", STANDARD_PAGE])
def test_skip_link_is_first_and_moves_focus_to_main_content(page, site_url, path):
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["cls"] == "skip-link", focused
    assert focused["href"] == "#contenu"
    assert page.locator(".skip-link").is_visible()
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    assert page.url.endswith("#contenu")


def test_main_menu_links_are_reachable_visible_and_activatable_with_keyboard(page, site_url, menu_page):
    page.goto(site_url + STANDARD_PAGE)
    menu_links = page.locator(".main-menu a")
    hrefs = [menu_links.nth(i).get_attribute("href") for i in range(menu_links.count())]
    assert len(hrefs) >= 2 and menu_page.url in hrefs, hrefs
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.closest('.main-menu') !== null")
        if focused:
            reached.append(_focused(page)["href"])
            assert _focus_is_visible(page), f"no visible focus on menu link {reached[-1]}"
            if len(reached) == len(hrefs):
                break
    assert reached == hrefs
    # The focus is on the last menu link: Enter follows it.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(site_url + hrefs[-1]).path


def test_every_focusable_element_shows_its_focus(page, site_url):
    page.goto(site_url + "/")
    seen = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = _focused(page)
        key = (focused["tag"], focused["id"], focused["href"], focused["text"])
        if key in seen or focused["tag"] == "BODY":
            break
        seen.add(key)
        assert _focus_is_visible(page), f"focus not visible on {focused}"
    assert len(seen) > 3


def test_without_javascript_home_search_and_navigation_work(page_nojs, site_url, menu_page):
    page = page_nojs
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert page.locator("h1").first.is_visible()

    # Search from the header form, with the keyboard only.
    page.locator("#site-search-q").focus()
    page.keyboard.type("numérique")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/recherche/"
    assert page.locator(".result-list .result").count() > 0

    # Follow a footer link with the keyboard.
    link = page.locator(f'.site-footer a[href="{STANDARD_PAGE}"]')
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == STANDARD_PAGE
    assert page.locator("h1").inner_text() == "Mentions légales"

    # And the main menu, with the keyboard.
    page.locator(f'.main-menu a[href="{menu_page.url}"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == menu_page.url
    assert page.locator(".main-menu a[aria-current=page]").inner_text() == "Notre réseau"


@pytest.mark.parametrize("path", ["/", STANDARD_PAGE, "/recherche/?q=numérique"])
def test_no_horizontal_scroll_at_320_px(new_page, site_url, path):
    page = new_page(320, 640)
    page.goto(site_url + path)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path}: content is {scroll_width}px wide in a 320px window"


@pytest.mark.parametrize("path", ["/", STANDARD_PAGE])
def test_readable_at_200_percent_zoom(new_page, site_url, path):
    """A 1280 px window zoomed to 200 % lays the page out in 640 CSS pixels at twice the density."""
    page = new_page(640, 400, device_scale_factor=2)
    page.goto(site_url + path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 640
    font_size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert font_size >= 16
    heading = page.locator("h1").bounding_box()
    assert heading["x"] >= 0 and heading["x"] + heading["width"] <= 640


def test_no_request_leaves_the_site(page, site_url):
    origin = urlsplit(site_url)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", STANDARD_PAGE, "/recherche/?q=numérique", "/cette-page-n-existe-pas/"):
        page.goto(site_url + path, wait_until="networkidle")
    outside = [
        url
        for url in requested
        if not url.startswith("data:")
        and (urlsplit(url).hostname, urlsplit(url).port) != (origin.hostname, origin.port)
    ]
    assert requested
    assert not outside, f"requests to other hosts: {outside}"
