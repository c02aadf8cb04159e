"""The ways into the directory: build_site's /lieux/ page, the main menu, the home page, the
territorial poles and the site search."""

import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Place, PlaceIndexPage
from tests.governance.factories import (
    GovernanceIndexPageFactory,
    TerritorialPoleIndexPageFactory,
    TerritorialPolePageFactory,
)
from tests.places.conftest import make_places

pytestmark = pytest.mark.django_db


def build():
    out = StringIO()
    call_command("build_site", stdout=out)
    return out.getvalue()


def test_build_site_creates_the_directory_once_and_leaves_edits_alone(client):
    assert "page /accueil/lieux/" in build() or PlaceIndexPage.objects.count() == 1
    index = PlaceIndexPage.objects.get()
    assert index.live and index.show_in_menus and index.url == "/lieux/"
    index.introduction = "<p>Texte de l'équipe.</p>"
    index.save_revision().publish()
    build()
    assert PlaceIndexPage.objects.count() == 1
    assert PlaceIndexPage.objects.get().introduction == "<p>Texte de l'équipe.</p>"
    assert Place.objects.count() == 0  # build_site never writes places

    home = html.unescape(client.get("/").content.decode())
    menu = home.split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert '<a href="/lieux/">Lieux d\'aide au numérique</a>' in menu
    # « Trouver un lieu près de chez moi » near the top of the home page, before the first section.
    link = '<a class="button" href="/lieux/">Trouver un lieu près de chez moi</a>'
    assert link in home and home.index(link) < home.index('id="pourquoi"')
    assert "Texte de l'équipe." in html.unescape(client.get("/lieux/").content.decode())


def test_home_page_has_no_directory_link_before_the_directory_exists(client, home_page):
    assert "Trouver un lieu" not in client.get("/").content.decode()


@pytest.fixture
def pole(home_page):
    poles = TerritorialPoleIndexPageFactory(parent=GovernanceIndexPageFactory(parent=home_page))
    return TerritorialPolePageFactory(parent=poles, departement="34", slug="herault", title="Pôle Hérault")


def pole_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_pole_page_counts_its_departements_places_in_one_query(client, pole, place_index):
    response, without_places = pole_queries(client, pole.url)
    assert "Aucun lieu d'aide au numérique n'est encore référencé" in html.unescape(response.content.decode())
    make_places(12)  # four in the Hérault (Béziers, Saint-Jean-de-Védas)
    response, with_few = pole_queries(client, pole.url)
    assert '<a href="/lieux/?departement=34">4 lieux d\'aide au numérique dans ce département</a>' in (
        html.unescape(response.content.decode())
    )
    make_places(1988, start=12)
    response, with_many = pole_queries(client, pole.url)
    assert "667 lieux" in response.content.decode()
    assert without_places == with_few == with_many


def test_pole_page_says_nothing_of_places_without_a_directory(client, pole):
    make_places(2)
    assert "Lieux d'aide au numérique" not in html.unescape(client.get(pole.url).content.decode())


def search_queries(client, query):
    url = f"/recherche/?q={query}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def test_site_search_finds_places_by_name_and_commune(client, place_index):
    make_places(12)
    Place.objects.filter(standard_id="lieu-3").update(nom="Médiathèque Émile Zola")
    page, few = search_queries(client, "mediatheque")
    assert '<a href="/lieux/espace-numerique-3-cahors-3/">Médiathèque Émile Zola</a>, Cahors (46000)' in page
    page, _ = search_queries(client, "Béziers")
    assert page.count('href="/lieux/espace-numerique-') == 2
    assert "Voir tous les lieux" not in page
    make_places(1988, start=12)
    page, many = search_queries(client, "mediatheque")
    assert many == few
    page, _ = search_queries(client, "beziers")
    assert page.count('href="/lieux/espace-numerique-') == 5
    assert '<a href="/lieux/?q=beziers">Voir tous les lieux pour « beziers » dans l\'annuaire</a>' in page
    page, _ = search_queries(client, "a")
    assert "/lieux/espace-numerique-" not in page


def test_the_list_leads_to_the_map_with_its_filters(client, place_index):
    make_places(2)
    html = client.get("/lieux/", {"departement": "31"}).content.decode()
    assert 'href="/lieux/carte/?departement=31"' in html


def test_each_active_filter_can_be_removed_alone(client, place_index):
    make_places(2)
    html = client.get("/lieux/", {"departement": "31", "frais": "gratuit"}).content.decode()
    assert 'href="/lieux/?frais=gratuit">Retirer' in html
    assert 'href="/lieux/?departement=31">Retirer' in html


def test_place_pages_are_in_the_sitemap(client, place_index):
    places = make_places(2)
    xml = client.get("/sitemap.xml").content.decode()
    for place in places:
        assert f"/lieux/{place.slug}/</loc>" in xml
