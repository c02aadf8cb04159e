"""The public directory at /lieux/: list, filters, near-me sorting, place page, print view."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.filters import PlaceFilter, slug_choices
from places.models import PlaceIndexPage
from places.search import fold
from tests.places.conftest import make_places

pytestmark = pytest.mark.django_db

FILTERS = {
    "departement": "34",
    "service": "aide-aux-demarches-administratives",
    "public": "femmes",
    "prise_en_charge": "surdite",
    "frais": "gratuit-sous-condition",
    "modalites_acces": "se-presenter",
}


def html_of(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def names_in(response):
    return [place.nom for place in response.context["places"]]


def test_index_page_tree_rules(home_page, place_index):
    assert PlaceIndexPage.allowed_parent_page_models()[0].__name__ == "HomePage"
    assert not PlaceIndexPage.can_create_at(home_page)  # max_count = 1
    # Only page types that ask for the directory as their parent (tests/places/test_subpages.py).
    assert all("places.PlaceIndexPage" in model.parent_page_types for model in PlaceIndexPage.allowed_subpage_models())


def test_list_shows_name_commune_services_fees_phone_and_the_intro(client, place_index):
    make_places(3)
    html = html_of(client.get("/lieux/"))
    assert "Trouvez un lieu près de chez vous." in html
    assert '<a href="/lieux/espace-numerique-1-beziers-1/">Espace numérique 1</a>' in html
    assert "Béziers (34500)" in html and "Aide aux démarches administratives" in html
    assert "Gratuit sous condition" in html
    assert '<a href="tel:+33561000000">05 61 00 00 00</a>' in html
    assert "3 lieux." in html
    # The filter form: a search box and the filters in a fieldset, each with its label.
    assert "<legend>Affiner la recherche</legend>" in html
    for name in ["q", *FILTERS]:
        assert f'<label for="id_{name}">' in html and f'id="id_{name}"' in html
    assert 'src="/static/js/places-near.js"' in html and "data-places-near hidden" in html


def test_each_filter_narrows_the_list_and_is_named_in_the_title(client, place_index):
    make_places(12)
    # Place 4 is in Saint-Jean-de-Védas (34), « gratuit sous condition », for women; give it the rest.
    from places.models import Place

    Place.objects.filter(standard_id="lieu-4").update(
        prise_en_charge_specifique="|Surdité|", modalites_acces="|Se présenter|"
    )
    response = client.get("/lieux/", FILTERS)
    assert names_in(response) == ["Espace numérique 4"]
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("Lieux d&#x27;aide au numérique – Hérault (34) – Aide aux démarches administratives")
    assert "Femmes – Surdité – Gratuit sous condition – Se présenter" in title
    for name, value in FILTERS.items():
        assert "Espace numérique 4" in names_in(client.get("/lieux/", {name: value}))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("beziers", {1, 7}),
        ("BÉZIERS", {1, 7}),
        ("saint jean de vedas", {4, 10}),
        ("Saint-Jean", {4, 10}),
        ("34500", {1, 7}),
        ("34", {1, 7, 4, 10}),
        ("herault", {1, 7, 4, 10}),
        ("ariège", {5, 11}),
        ("Espace numérique 3", {3}),
        ("nulle part", set()),
    ],
)
def test_search_by_commune_postcode_departement_or_name(client, place_index, query, expected):
    make_places(12)
    numbers = {int(name.rsplit(" ", 1)[1]) for name in names_in(client.get("/lieux/", {"q": query}))}
    assert numbers == expected


def test_filters_combine_and_are_bookmarkable(client, place_index):
    make_places(12)
    url = "/lieux/?q=beziers&frais=gratuit-sous-condition"
    html = html_of(client.get(url))
    assert names_in(client.get(url)) == ["Espace numérique 1", "Espace numérique 7"]
    assert "2 lieux correspondent à : « beziers », Gratuit sous condition." in html
    assert '<option value="gratuit-sous-condition" selected>' in html and 'value="beziers"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"service": "inconnu"}, "Le service « inconnu » n&#x27;existe pas"),
        ({"departement": "75"}, "Le département « 75 »"),
        ({"frais": "Gratuit"}, "Le type de frais « Gratuit »"),
        ({"public": "\x00"}, "Le public"),
        ({"prise_en_charge": "<script>"}, "&lt;script&gt;"),
        ({"modalites_acces": "x" * 5000}, "La modalité d&#x27;accès"),
        ({"q": "a" * 101}, "La recherche est trop longue"),
        ({"autour": "43.6"}, "La position doit s&#x27;écrire"),
        ({"autour": "43.605,1.44"}, "deux décimales au plus"),
        ({"autour": "95,1.44"}, "hors du globe"),
        ({"autour": "NaN,1"}, "La position doit"),
        ({"page": "abc"}, "Le numéro de page doit être un nombre entier"),
        ({"page": "0"}, "supérieur ou égal à 1"),
    ],
)
def test_bad_values_get_a_french_400(client, place_index, query, message):
    make_places(2)
    response = client.get("/lieux/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00%00' OR 1=1 --"},
        {"q": "％２５"},
        {"q": "a"},
        {"q": "é" * 100},
        {"q": "_%"},
        {"service": ["inconnu", "aide-aux-demarches-administratives"]},
        {"inconnu": "x"},
    ],
)
def test_hostile_values_never_fail(client, place_index, query):
    make_places(2)
    assert client.get("/lieux/", query).status_code in (200, 400)


def test_a_page_past_the_end_is_a_french_404(client, place_index):
    make_places(25)
    assert len(names_in(client.get("/lieux/?page=2"))) == 5
    response = client.get("/lieux/?frais=payant&page=2")
    assert response.status_code == 404 and "Il n&#x27;y a pas de page 2" in response.content.decode()
    html = html_of(client.get("/lieux/?frais=gratuit&q=3"))
    assert "page=" not in html  # one page: no pagination


def test_pagination_keeps_the_filters(client, place_index):
    make_places(50)
    html = html_of(client.get("/lieux/?service=aide-aux-demarches-administratives"))
    assert 'href="?service=aide-aux-demarches-administratives&amp;page=2" rel="next"' in html
    assert "– page 2" in html_of(client.get("/lieux/?service=aide-aux-demarches-administratives&page=2"))


def test_near_me_sorts_by_distance(client, place_index):
    make_places(12)
    from places.models import Place

    Place.objects.filter(standard_id="lieu-2").update(latitude=None, longitude=None)
    response = client.get("/lieux/?autour=43.93,2.15")  # Albi
    names = names_in(response)
    assert names[0] == "Espace numérique 8"
    assert names[-1] == "Espace numérique 2"  # no coordinates: last
    html = response.content.decode()
    assert "du plus proche au plus éloigné de votre position" in html
    assert "à moins d'un km" in html and "autour de votre position" in html
    assert 'href="/lieux/">Trier par commune</a>' in html
    distances = [place.distance_km for place in response.context["places"] if place.distance_km is not None]
    assert distances == sorted(distances)
    # The sort keeps the filters and the filters keep the sort.
    filtered = html_of(client.get("/lieux/?autour=43.93,2.15&departement=81"))
    assert 'name="autour" value="43.93,2.15"' in filtered
    assert 'href="/lieux/?departement=81">Trier par commune</a>' in filtered


def test_the_page_cache_keys_on_the_parameters_the_list_reads(client, place_index):
    assert set(PlaceIndexPage.cache_query_params) == {"q", "autour", "page", *FILTERS}
    assert set(PlaceFilter().form.fields) <= set(PlaceIndexPage.cache_query_params)


def test_the_list_expires_at_the_next_change_of_hours(client, place_index):
    make_places(2)
    response = client.get("/lieux/")
    assert 0 < response.page_cache_max_age <= 7 * 24 * 3600
    assert client.get("/lieux/?q=albi").status_code == 200


def test_slug_choices_are_ascii_and_unique():
    from places import choices

    for text_choices in (choices.Service, choices.Public, choices.PriseEnCharge, choices.Frais):
        slugs = [slug for slug, _ in slug_choices(text_choices)]
        assert len(set(slugs)) == len(slugs) and all(slug.isascii() for slug in slugs)
    assert fold("L'Isle-Jourdain Œuvre") == "l isle jourdain oeuvre"


# --- Query counts ---------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


LIST_URLS = [
    "/lieux/",
    "/lieux/?q=beziers",
    "/lieux/?q=herault+34500&service=aide-aux-demarches-administratives&frais=gratuit-sous-condition",
    "/lieux/?departement=34&public=etudiants&prise_en_charge=surdite&modalites_acces=se-presenter",
    "/lieux/?autour=43.60,1.44&service=aide-aux-demarches-administratives",
    "/lieux/?page=1",
]


def test_query_counts_do_not_grow_from_10_to_2000_places(client, place_index, fragment_cache):
    make_places(10)
    place_url = "/lieux/espace-numerique-1-beziers-1/"
    urls = [*LIST_URLS, place_url, place_url + "imprimer/", "/lieux/export/lieux.geojson?frais=gratuit"]
    few = {url: count_queries(client, url) for url in urls}
    make_places(1990, start=10)
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
    # The site's frame (site, menu, footer, privacy rules) comes from the shared fragments
    # (core/fragments.py): every URL of the directory in at most ten.
    assert max(few.values()) <= 10, few


# --- Place page -----------------------------------------------------------------------------


def full_place(**fields):
    values = dict(
        presentation_resume="Un lieu pour apprendre.",
        presentation_detail="Ateliers chaque semaine.\nAccueil libre.",
        complement_adresse="Bâtiment B",
        courriels=["contact@example.org"],
        site_web=["https://example.org/lieu", "javascript:alert(1)"],
        prise_rdv="https://rdv.example.org/lieu",
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/erp/lieu/",
        modalites_accompagnement=["Accompagnement individuel", "Dans un atelier collectif"],
        dispositif_programmes_nationaux=["France Services"],
        formations_labels=["Formé à « Mon Espace Santé »"],
        autres_formations_labels="Label maison",
        typologie=["ASSO"],
        structure_parente="Fédération d'exemple",
        itinerance=["Fixe"],
        date_maj=datetime.date(2025, 3, 14),
        horaires="Mo-Fr 09:00-12:00,14:00-18:30",
    )
    values.update(fields)
    return make_places(1, **values)[0]


def test_place_page_shows_everything_the_standard_holds(client, place_index):
    full_place()
    html = html_of(client.get("/lieux/espace-numerique-0-toulouse-0/"))
    for text in [
        "<h1>Espace numérique 0</h1>",
        "Un lieu pour apprendre.",
        "Ateliers chaque semaine.<br>Accueil libre.",
        "Bâtiment B",
        "31000 Toulouse (Haute-Garonne)",
        'href="https://www.openstreetmap.org/?mlat=43.604500&amp;mlon=1.444000#map=18/43.604500/1.444000"',
        'href="geo:43.604500,1.444000"',
        '<a href="tel:+33561000000">05 61 00 00 00</a>',
        '<a href="mailto:contact@example.org">',
        '<a class="url" href="https://example.org/lieu">',
        '<a class="button" href="https://rdv.example.org/lieu">Prendre rendez-vous en ligne</a>',
        'href="https://acceslibre.beta.gouv.fr/app/erp/lieu/"',
        "<dt>Modalités d&#x27;accompagnement</dt>",
        "<li>Dans un atelier collectif</li>",
        "<dt>Dispositifs et programmes nationaux</dt><dd>France Services</dd>",
        "Formé à « Mon Espace Santé »",
        "Label maison",
        "Fédération d&#x27;exemple",
        "ASSO",
        "Itinérance :</strong> Fixe",
        "Données mises à jour le 14 mars 2025, source : Hubik.",
        "Du lundi au vendredi",
        'href="/lieux/espace-numerique-0-toulouse-0/imprimer/"',
        '<li><a href="/lieux/">Lieux d&#x27;aide au numérique</a></li>',
        '<span aria-current="page">Espace numérique 0</span>',
    ]:
        assert text in html, text
    assert "javascript:" not in html
    assert "Données de démonstration" not in html


def test_place_page_open_state_raw_hours_and_cache_lifetime(client, place_index):
    full_place(horaires="Mo-Su 00:00-24:00; PH off")
    response = client.get("/lieux/espace-numerique-0-toulouse-0/")
    assert "open-state" in html_of(response)
    full_place(standard_id="brut", slug="brut", horaires="sur rendez-vous le mardi")
    html = html_of(client.get("/lieux/brut/"))
    assert "sur rendez-vous le mardi" in html
    full_place(standard_id="sans", slug="sans", horaires="")
    assert "Les horaires ne sont pas renseignés" in html_of(client.get("/lieux/sans/"))


def test_a_demo_place_says_so(client, place_index):
    full_place(source="Données de démonstration")
    html = html_of(client.get("/lieux/espace-numerique-0-toulouse-0/"))
    assert html.count("Données de démonstration") + html.count("données de démonstration") >= 2


def test_print_view_has_large_print_css_and_no_inline_style(client, place_index):
    full_place()
    html = html_of(client.get("/lieux/espace-numerique-0-toulouse-0/imprimer/"))
    assert 'href="/static/css/places-print.css"' in html and "page-place--print" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "style=" not in html and "<style" not in html
    assert "places-near.js" not in html


@pytest.mark.parametrize(
    "path",
    ["/lieux/inconnu/", "/lieux/inconnu/imprimer/", "/lieux/%C3%A9t%C3%A9/", "/lieux/" + "x" * 3000 + "/"],
)
def test_unknown_place_is_a_french_404(client, place_index, path):
    response = client.get(path)
    assert response.status_code == 404
    if "inconnu" in path:
        assert "Ce lieu n&#x27;existe pas" in response.content.decode()


@pytest.mark.parametrize("slug", ["carte", "referencer", "signaler", "autour", "imprimer", "page"])
def test_reserved_slugs_never_reach_a_place(client, place_index, slug):
    from places.models import Place

    (place,) = make_places(1)
    Place.objects.filter(pk=place.pk).update(slug=slug)  # forced past the model's validation
    response = client.get(f"/lieux/{slug}/")
    # « referencer » and « signaler » are left to subpages (the inbox's forms, none here): 404.
    if slug == "carte":  # the map answers there, never the place
        assert "<h1>Carte des lieux" in response.content.decode()
    else:
        assert response.status_code == 404
    assert place.nom not in response.content.decode()
    assert client.get(f"/lieux/{slug}/imprimer/").status_code == 404


def test_exports_still_answer_under_the_directory(client, place_index):
    make_places(2)
    assert client.get("/lieux/export/lieux.csv").status_code == 200
    assert client.get("/lieux/export/").status_code == 404


# --- GeoJSON with the list's filters --------------------------------------------------------


def geojson(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_geojson_export_takes_the_list_filters(client, place_index):
    make_places(12)
    everything = geojson(client, "/lieux/export/lieux.geojson")
    assert len(everything["features"]) == 12
    filtered = geojson(client, "/lieux/export/lieux.geojson?q=beziers&frais=gratuit-sous-condition&page=3")
    assert sorted(f["properties"]["nom"] for f in filtered["features"]) == ["Espace numérique 1", "Espace numérique 7"]
    per_departement = geojson(client, "/lieux/export/34/lieux.geojson?service=aide-aux-demarches-administratives")
    assert len(per_departement["features"]) == 4
    bad = client.get("/lieux/export/lieux.geojson?service=inconnu")
    assert bad.status_code == 400 and "Le service « inconnu »" in bad.content.decode()


def test_the_site_search_finds_in_its_kept_copy_what_the_database_finds(place_index, fragment_cache, rf):
    """The site search's places come from each process's folded copy of the places (places.search,
    folded_places), read again when content changes: the same places, in the same order, as the SQL
    the directory runs, for every kind of term."""
    from core.cache import invalidate_pages
    from places.models import Place
    from places.search import folded_places, matching, matching_ids

    make_places(12)
    request = rf.get("/recherche/")
    queries = ["beziers", "BÉZIERS", "saint jean de vedas", "Saint-Jean", "34500", "34", "3", "345", "herault"]
    queries += ["ariège", "Espace numérique 3", "nulle part", "numerique", "l'isle", "Œuvre", "  ", "34 beziers"]
    for query in queries:
        for names in (True, False):
            expected = list(matching(Place.objects.for_listing(), query, names=names).values_list("pk", flat=True))
            assert matching_ids(folded_places(request), query, names=names) == expected, (query, names)
    first_two = list(matching(Place.objects.for_listing(), "numerique").values_list("pk", flat=True)[:2])
    assert matching_ids(folded_places(request), "numerique", limit=2) == first_two
    Place.objects.filter(nom__endswith=" 3").update(nom="Médiathèque de l'Œuvre")
    invalidate_pages()  # what a change of places does (the import, the admin)
    request = rf.get("/recherche/")
    assert len(matching_ids(folded_places(request), "oeuvre")) == 1


def test_the_whole_directorys_count_is_kept_until_a_place_changes(client, place_index, fragment_cache):
    from places.models import Place

    make_places(25)
    assert client.get("/lieux/").context["places"].paginator.count == 25
    assert client.get("/lieux/", {"departement": "34"}).context["places"].paginator.count < 25
    Place.objects.first().delete()  # as the admin or an import does: the generation is renewed
    assert client.get("/lieux/").context["places"].paginator.count == 24
    assert client.get("/lieux/", {"page": 2}).context["places"].paginator.count == 24
