"""The site's look in a real browser (issue 12): a phone's first screen, the « Menu » disclosure with and
without JavaScript, the home page's layout, the footer of short pages and the print stylesheet."""

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
PRIMARY_ACTIONS = ("Trouver un lieu près de chez moi", "Les publications", "Nous écrire")
MENU_NAME = "Menu et recherche"


def _bottom(locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box["y"] + box["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_first_screen_of_a_phone_shows_who_we_are_and_what_to_do(new_page, site_url, javascript):
    page = new_page(**PHONE, java_script_enabled=javascript)
    page.goto(site_url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 4, f"the header takes {header['height']} px of 800"
    heading = page.get_by_role("heading", level=1)
    assert heading.is_visible() and _bottom(heading) <= PHONE["height"]
    for name in PRIMARY_ACTIONS:
        action = page.locator(".hero__actions").get_by_role("link", name=name, exact=True)
        assert action.is_visible(), name
        assert _bottom(action) <= PHONE["height"], f"« {name} » is below the first screen"
    assert page.locator(".hero__actions a[href='/contact/']").count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_menu_opens_and_closes_with_the_keyboard(new_page, site_url, javascript):
    page = new_page(**PHONE, java_script_enabled=javascript)
    page.goto(site_url + "/mentions-legales/")
    toggle = page.locator(".site-nav__toggle")
    menu_link = page.locator(".main-menu").get_by_role("link", name="Publications")
    login = page.get_by_role("link", name="Espace membres : se connecter")
    search = page.locator("#site-search-q")
    assert toggle.is_visible()
    assert not menu_link.is_visible() and not login.is_visible() and not search.is_visible()
    # Announced as a collapsed disclosure with its name (Chromium's accessibility tree).
    assert page.evaluate("() => document.querySelector('.site-nav__toggle').textContent.trim()") == MENU_NAME
    assert page.locator(".site-nav:not([open])").count() == 1

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.site-nav__toggle')"):
            break
    else:
        pytest.fail("the « Menu » button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.locator(".site-nav[open]").count() == 1
    assert menu_link.is_visible() and login.is_visible() and search.is_visible()
    assert _bottom(page.locator(".site-nav__toggle")) <= 200, "the open menu's button stays in the header"
    # Tab goes on into the menu: the search field comes next.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "site-search-q"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert page.locator(".site-nav:not([open])").count() == 1
    assert not menu_link.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_wide_screen_shows_the_menu_search_and_login_without_a_button(new_page, site_url, javascript):
    page = new_page(1280, 800, java_script_enabled=javascript)
    page.goto(site_url + "/")
    assert not page.locator(".site-nav__toggle").is_visible()
    assert page.locator("#site-search-q").is_visible()
    assert page.get_by_role("link", name="Espace membres : se connecter").is_visible()
    links = page.locator(".main-menu a")
    assert links.count() >= 4
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert page.locator(".site-header").bounding_box()["height"] <= 200


@pytest.mark.parametrize("width", [375, 800, 1280])
def test_home_layout_governance_grid_without_orphan_and_more_links_apart(new_page, site_url, width):
    page = new_page(width, 800)
    page.goto(site_url + "/")
    cards = page.locator(".body-list > li")
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert len(boxes) >= 2
    rows = {}
    for box in boxes:
        rows.setdefault(round(box["y"]), []).append(box)
    *_, last_row = rows.values()
    first_row = next(iter(rows.values()))
    row_width = sum(box["width"] for box in first_row)
    # A last row with fewer cards than the first spreads over the whole width: no orphan card.
    assert len(last_row) == len(first_row) or sum(box["width"] for box in last_row) >= row_width - 1, rows

    for grid, link in ((".body-list", "Comprendre la gouvernance"), (".publication-cards", "Toutes les publications")):
        gap = page.get_by_role("link", name=link).bounding_box()["y"] - _bottom(page.locator(grid))
        assert gap >= 16, f"« {link} » is {gap} px under its grid at {width} px"


def test_home_lists_of_publics_are_plain_text_not_tags(page, site_url):
    page.goto(site_url + "/")
    page.get_by_text("les publics, les domaines de la vie et les freins").click()
    item = page.get_by_text("Les seniors", exact=True)
    assert item.is_visible()
    style = item.evaluate("(el) => { const s = getComputedStyle(el); return [s.borderTopStyle, s.display]; }")
    assert style == ["none", "list-item"], style
    assert item.locator("xpath=ancestor-or-self::a").count() == 0


def test_footer_reaches_the_bottom_of_a_short_page(new_page, site_url):
    page = new_page(1280, 2000)
    page.goto(site_url + "/recherche/")
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 2000, "the page is not short"
    assert abs(_bottom(page.locator(".site-footer")) - 2000) <= 1


def test_print_hides_the_menu_and_writes_link_addresses(page, site_url):
    page.emulate_media(media="print")
    page.goto(site_url + "/gouvernance/copil/")  # a body page: links to its members' pages
    assert not page.locator(".main-menu").is_visible()
    assert not page.locator("#site-search-q").is_visible()
    assert not page.locator(".breadcrumbs").is_visible()
    link = page.locator("main a[href^='/']").first
    href = link.get_attribute("href")
    after = link.evaluate("(el) => getComputedStyle(el, '::after').content")
    assert href in after, after
