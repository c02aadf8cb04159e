"""The places map page (/lieux/carte/): plain HTML around the map, the list's filters, its own
assets and tile server (CSP) on that page only, and its 70 KB budget."""

import gzip
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Place
from tests.hub.observatory import parse_csp
from tests.places.factories import make_place

pytestmark = pytest.mark.django_db

MAP_URL = "/lieux/carte/"
OSM = "https://tile.openstreetmap.org"
MAP_BUDGET = 70 * 1024  # gzip bytes of HTML + CSS + JS, as bench/pages.py counts them
LEAFLET = "vendor/leaflet-1.9.4/"
CLUSTER = "vendor/leaflet.markercluster-1.5.3/"
SERVICE = "Aide aux démarches administratives"
SERVICE_SLUG = "aide-aux-demarches-administratives"


def assets(html):
    """The stylesheets and scripts a page links to, as static paths."""
    return re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)


def map_element(html):
    return re.search(r"<div class=\"places-map\"[^>]*>", html).group()


def data_attribute(html, name):
    value = re.search(rf'{name}="([^"]*)"', map_element(html)).group(1)
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")


def test_map_page_is_plain_html_that_points_to_the_list(client, home_page):
    response = client.get(MAP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Carte des lieux de médiation numérique</h1>" in html
    assert '<a href="/lieux/">Voir les lieux sous forme de liste</a>' in html
    assert re.search(r"<p class=\"notice\" data-places-map-fallback>La carte a besoin de JavaScript", html)
    # The button is shown by the script only: without JavaScript it would do nothing.
    assert re.search(r"<button[^>]*data-places-map-show[^>]*hidden>Afficher la carte</button>", html)
    assert re.search(r"<div[^>]*data-places-map-canvas[^>]*hidden>", html)
    assert "tile.openstreetmap.org" in html  # the page names the server the map would ask
    assert data_attribute(html, "data-tile-url") == settings.PLACES_MAP_TILE_URL
    assert data_attribute(html, "data-geojson-url") == "/lieux/export/lieux.geojson"
    assert data_attribute(html, "data-place-url") == "/lieux/{slug}/"
    # Leaflet's default icon, named by the page: hashed static names defeat Leaflet's own guess.
    assert data_attribute(html, "data-icon-url") == "/static/vendor/leaflet-1.9.4/images/marker-icon.png"
    assert "openstreetmap.org/copyright" in data_attribute(html, "data-attribution")
    assert "Filtres appliqués" not in html


def test_filters_are_named_and_passed_to_the_export_and_back_to_the_list(client, home_page):
    response = client.get(
        MAP_URL, {"service": SERVICE_SLUG, "departement": "31", "frais": "gratuit", "utm_source": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Carte des lieux de médiation numérique : Haute-Garonne (31), " in html
    assert "<li>Département : Haute-Garonne (31)</li>" in html
    assert f"<li>Service : {SERVICE}</li>" in html and "<li>Frais : Gratuit</li>" in html
    expected = [("departement", "31"), ("service", SERVICE_SLUG), ("frais", "gratuit")]
    geojson = urlsplit(data_attribute(html, "data-geojson-url"))
    assert geojson.path == "/lieux/export/lieux.geojson" and parse_qsl(geojson.query) == expected
    list_link = re.search(r'<a href="([^"]+)">Voir ces lieux sous forme de liste</a>', html).group(1)
    list_url = urlsplit(list_link.replace("&amp;", "&"))
    assert list_url.path == "/lieux/" and parse_qsl(list_url.query) == expected  # utm_source dropped


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"departement": "75"}, "Le département « 75 » n&#x27;existe pas dans la liste"),
        (
            {"service": "<script>alert(1)</script>"},
            "Le service « &lt;script&gt;alert(1)&lt;/script&gt; » n&#x27;existe pas",
        ),
        ({"frais": "Gratuit"}, "Le type de frais « Gratuit » n&#x27;existe pas dans la liste"),
        ({"modalites_acces": "x"}, "La modalité d&#x27;accès « x » n&#x27;existe pas dans la liste"),
        ({"q": "a" * 101}, "La recherche est trop longue : 100 caractères au plus"),
    ],
)
def test_bad_filters_get_a_french_400(client, home_page, query, message):
    response = client.get(MAP_URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html or message in html
    assert "<script>alert" not in html


def test_search_text_is_a_filter_too(client, home_page):
    html = client.get(MAP_URL, {"q": "  Albi  "}).content.decode()
    assert "<li>Commune, code postal ou département : « Albi »</li>" in html
    assert parse_qsl(urlsplit(data_attribute(html, "data-geojson-url")).query) == [("q", "  Albi  ")]


def test_tile_server_is_allowed_for_images_on_the_map_page_only(client, home_page):
    csp = parse_csp([client.get(MAP_URL)["Content-Security-Policy"]])
    assert csp["img-src"] == {"'self'", "data:", OSM}
    assert [name for name, sources in csp.items() if OSM in sources] == ["img-src"]
    for url in ("/", "/recherche/?q=lieu", "/lieux/export/lieux.geojson"):
        assert OSM not in client.get(url)["Content-Security-Policy"], url


def test_tile_server_follows_the_setting(client, home_page, settings):
    settings.PLACES_MAP_TILE_URL = "https://tuiles.example.org:8443/osm/{z}/{x}/{y}.png"
    response = client.get(MAP_URL)
    assert "https://tuiles.example.org:8443" in parse_csp([response["Content-Security-Policy"]])["img-src"]
    assert OSM not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert data_attribute(html, "data-tile-url") == settings.PLACES_MAP_TILE_URL
    assert "<strong>tuiles.example.org</strong>" in html


def test_a_cached_map_page_keeps_its_tile_server(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first, second = client.get(MAP_URL, {"departement": "31"}), client.get(MAP_URL, {"departement": "31"})
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert OSM in parse_csp([second["Content-Security-Policy"]])["img-src"]
    assert OSM not in client.get("/")["Content-Security-Policy"]


def test_without_tile_server_there_is_no_map(client, home_page, settings):
    settings.PLACES_MAP_TILE_URL = ""
    response = client.get(MAP_URL)
    html = response.content.decode()
    assert response.status_code == 200 and "La carte n'est pas disponible" in html
    assert not [path for path in assets(html) if "leaflet" in path or "places-map" in path]
    assert parse_csp([response["Content-Security-Policy"]])["img-src"] == {"'self'", "data:"}


def test_leaflet_is_loaded_on_the_map_page_only(client, home_page):
    on_map = assets(client.get(MAP_URL).content.decode())
    assert on_map == [
        "css/main.css",
        LEAFLET + "leaflet.css",
        CLUSTER + "MarkerCluster.css",
        CLUSTER + "MarkerCluster.Default.css",
        "css/places-map.css",
        LEAFLET + "leaflet.js",
        CLUSTER + "leaflet.markercluster.js",
        "js/places-map.js",
    ]
    for path in on_map:
        assert finders.find(path), path
    for url in ("/", "/recherche/?q=lieu", "/cette-page-n-existe-pas/"):
        assert assets(client.get(url).content.decode()) == ["css/main.css"], url


def test_map_page_weighs_under_its_budget(client, home_page):
    html = client.get(MAP_URL).content
    sizes = {"HTML": len(gzip.compress(html, 9))}
    for path in assets(html.decode()):
        sizes[path] = len(gzip.compress(Path(finders.find(path)).read_bytes(), 9))
    total = sum(sizes.values())
    assert total <= MAP_BUDGET, f"{total} B gzipped > {MAP_BUDGET}: {sizes}"
    # Leaflet is most of it: the budget would be blown by a second copy or the unminified build.
    assert sizes[LEAFLET + "leaflet.js"] > 30_000


def test_vendored_libraries_keep_their_licences():
    vendor = Path(settings.BASE_DIR) / "static" / "vendor"
    assert "BSD 2-Clause License" in (vendor / "leaflet-1.9.4" / "LICENSE").read_text()
    assert "Permission is hereby granted" in (vendor / "leaflet.markercluster-1.5.3" / "MIT-LICENCE.txt").read_text()
    assert 't.version="1.9.4"' in (vendor / "leaflet-1.9.4" / "leaflet.js").read_text()
    readme = (vendor / "README.md").read_text()
    assert "leaflet@1.9.4" in readme and "leaflet.markercluster@1.5.3" in readme
    # A script names its source map; collectstatic's hashed names need the file to be there.
    for script in ("leaflet-1.9.4/leaflet.js", "leaflet.markercluster-1.5.3/leaflet.markercluster.js"):
        assert (vendor / (script + ".map")).exists()


def test_map_page_queries_do_not_depend_on_the_places(client, home_page):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MAP_URL, {"departement": "31"}).status_code == 200
        return len(captured)

    client.get(MAP_URL)  # warm-up (site settings, menus)
    empty = queries()
    for number in range(30):
        make_place(nom=f"Lieu {number}")
    assert Place.objects.count() == 30
    assert queries() == empty


def test_geojson_features_link_to_the_place_pages(client, home_page):
    place = make_place(nom="Médiathèque Émile-Zola", commune="Albi", code_postal="81000", code_insee="81004")
    data = b"".join(client.get("/lieux/export/lieux.geojson").streaming_content).decode()
    assert f'"slug": "{place.slug}"' in data and place.slug == "mediatheque-emile-zola-albi"


def test_carte_is_never_a_place_slug():
    assert make_place(nom="Carte", commune="").slug != "carte"
