"""The places map in a real browser: no tile before the visitor asks, then markers in clusters with
popups that link to the place pages, keyboard use, no request to any host but the tile server, axe
clean at 375 and 1280 px, and the page without JavaScript.

The tiles come from the live server itself under another host name (127.0.0.1 where the site is
localhost): another origin, as OpenStreetMap's is, that the page's own policy must allow.
"""

import struct
import zlib
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.urls import path
from playwright.sync_api import expect

from tests.browser.axe import WIDTHS, format_violations, run_axe
from tests.browser.urls import handler400, handler403, handler404  # noqa: F401
from tests.browser.urls import urlpatterns as site_urlpatterns
from tests.places.factories import make_place

pytestmark = pytest.mark.browser

MAP = "/lieux/carte/"


def _png(width=256, height=256, grey=235):
    """A plain light-grey PNG: what a tile server answers, in a few hundred bytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


TILE = _png()


def tile(request, z, x, y):
    response = HttpResponse(TILE, content_type="image/png")
    # The site's own files are same-origin only; a tile server lets any site show its images.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


# This module is the live server's URLconf in these tests: the site plus a tile server.
urlpatterns = [path("_tuiles/<int:z>/<int:x>/<int:y>.png", tile), *site_urlpatterns]


@pytest.fixture
def map_site(site_url, settings):
    """The built site, whose map asks its tiles from the live server under the name 127.0.0.1."""
    settings.ROOT_URLCONF = __name__
    address = urlsplit(site_url)
    assert address.hostname == "localhost"
    tile_origin = f"http://127.0.0.1:{address.port}"
    settings.PLACES_MAP_TILE_URL = tile_origin + "/_tuiles/{z}/{x}/{y}.png"
    toulouse = [
        make_place(nom=f"Espace numérique {n}", latitude=43.6045 + n / 1000, longitude=1.444 + n / 1000)
        for n in range(3)
    ]
    albi = make_place(
        nom="Médiathèque Pierre-Amalric",
        commune="Albi",
        code_postal="81000",
        code_insee="81004",
        latitude=43.9289,
        longitude=2.1464,
    )
    make_place(
        nom="Bus numérique", commune="Foix", code_postal="09000", code_insee="09122", latitude=None, longitude=None
    )
    return {"url": site_url, "tile_origin": tile_origin, "albi": albi, "toulouse": toulouse}


def watch_requests(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def show_map(page):
    button = page.get_by_role("button", name="Afficher la carte")
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".marker-cluster").first.wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()


def test_map_shows_clustered_markers_from_the_tile_server_only(new_page, map_site):
    # Without animations (the map honours the setting) the clusters are counted once they settle.
    page = new_page(reduced_motion="reduce")
    site, tiles = map_site["url"], map_site["tile_origin"]
    requested = watch_requests(page)
    page.goto(site + MAP + "?service=aide-aux-demarches-administratives", wait_until="networkidle")
    assert page.get_by_role("button", name="Afficher la carte").is_visible()
    assert not page.get_by_text("La carte a besoin de JavaScript").is_visible()
    assert not page.locator(".leaflet-container").count()
    assert {origin(url) for url in requested} == {site}, "nothing leaves the site before the button"

    show_map(page)
    status = page.get_by_role("status")
    assert status.text_content() == (
        "4 lieux affichés sur la carte. 1 sans coordonnées figurent seulement dans la liste."
    )
    page.wait_for_load_state("networkidle")
    # The three Toulouse places make one cluster; Albi is a marker of its own, named after the place.
    cluster = page.locator(".marker-cluster")
    expect(cluster).to_have_count(1)
    assert cluster.get_attribute("role") == "button"
    expect(page.get_by_role("button", name="3 lieux : zoomer sur ce groupe")).to_have_count(1)
    albi = page.get_by_role("button", name="Médiathèque Pierre-Amalric, Albi")
    assert albi.get_attribute("title") == "Médiathèque Pierre-Amalric, Albi"
    # Its icon is the page's static address (Leaflet's guess fails on hashed names), and it loaded.
    assert "/static/vendor/leaflet-1.9.4/images/marker-icon" in albi.get_attribute("src")
    assert albi.evaluate("image => image.complete && image.naturalWidth > 0")

    # Keyboard: the marker opens its popup, whose link leads to the place page.
    albi.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Voir la fiche du lieu")
    assert link.get_attribute("href") == f"/lieux/{map_site['albi'].slug}/"
    assert page.locator(".leaflet-popup").get_by_text("81000 Albi").is_visible()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
    # The cluster zooms in on its places.
    cluster.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Espace numérique 0, Toulouse").wait_for()

    # The markers came from the export, with the page's filters; tiles from the tile server only.
    exports = [url for url in requested if "/lieux/export/" in url]
    assert [urlsplit(url).path + "?" + urlsplit(url).query for url in exports] == [
        "/lieux/export/lieux.geojson?service=aide-aux-demarches-administratives"
    ]
    outside = [url for url in requested if origin(url) != site]
    assert outside, "the map asked for no tile"
    assert all(url.startswith(tiles + "/_tuiles/") for url in outside), outside


def test_map_page_is_accessible_before_and_after_the_map_is_shown(new_page, map_site):
    failures = []
    for width in WIDTHS:
        page = new_page(width=width)
        response = page.goto(map_site["url"] + MAP + "?service=aide-aux-demarches-administratives")
        assert response.status == 200
        for moment in ("avant", "après"):
            if moment == "après":
                show_map(page)
            violations = run_axe(page)
            if violations:
                failures.append(f"{width}px, {moment} la carte :\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)


def test_without_javascript_the_page_points_to_the_list(page_nojs, map_site):
    requested = watch_requests(page_nojs)
    page_nojs.goto(map_site["url"] + MAP + "?departement=81", wait_until="networkidle")
    assert page_nojs.get_by_text("La carte a besoin de JavaScript").is_visible()
    assert not page_nojs.get_by_role("button", name="Afficher la carte").is_visible()
    assert (
        page_nojs.locator("main").get_by_role("link", name="Voir ces lieux sous forme de liste").get_attribute("href")
        == "/lieux/?departement=81"
    )
    assert {origin(url) for url in requested} == {map_site["url"]}
