import datetime
import html
import re

import pytest

from publications.models import PER_PAGE

from .factories import PublicationPageFactory


def titles(response):
    """The titles of the listed publications, in their order (the list holds their cards' HTML)."""
    listed = response.content.decode().split('<ol class="publication-list"')[1].split("</ol>")[0]
    return [html.unescape(title) for title in re.findall(r'__title"><a href="[^"]*">([^<]*)</a>', listed)]


@pytest.fixture
def catalogue(index):
    """Five publications over two years, two categories and two tags."""
    specs = [
        ("Ancienne", datetime.date(2020, 5, 1), "financement", ["Équipement"]),
        ("Janvier", datetime.date(2021, 1, 10), "actualite", ["Équipement", "Haute-Garonne"]),
        ("Février", datetime.date(2021, 2, 1), "financement", ["Haute-Garonne"]),
        ("Mars", datetime.date(2021, 3, 1), "appel-a-projets", []),
        ("Avril", datetime.date(2021, 4, 1), "financement", []),
    ]
    return [
        PublicationPageFactory(parent=index, title=title, date=date, category=category, tags=tags)
        for title, date, category, tags in specs
    ]


def test_tree_rules():
    from hub.models import HomePage
    from publications.models import PublicationIndexPage, PublicationPage

    assert PublicationPage.can_create_at(PublicationIndexPage())
    assert not PublicationPage.can_create_at(HomePage())
    assert PublicationIndexPage.max_count == 1


def test_newest_first(client, catalogue):
    response = client.get("/publications/")
    assert response.status_code == 200
    assert titles(response) == ["Avril", "Mars", "Février", "Janvier", "Ancienne"]


def test_item_shows_date_category_title_summary_and_tags(client, catalogue):
    html = client.get("/publications/").content.decode()
    assert "10 janvier 2021" in html
    assert "Actualité" in html
    assert 'href="/publications/' in html
    assert "Résumé de Janvier." in html
    assert 'href="/publications/?etiquette=haute-garonne"' in html
    assert html.count("<h1") == 1


def test_date_defaults_to_first_publication(index):
    from django.utils import timezone

    page = PublicationPageFactory(parent=index, date=None, live=False)
    assert page.date is None
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.date == timezone.localdate(page.first_published_at)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?categorie=financement", ["Avril", "Février", "Ancienne"]),
        ("?annee=2021", ["Avril", "Mars", "Février", "Janvier"]),
        ("?etiquette=equipement", ["Janvier", "Ancienne"]),
        ("?categorie=financement&annee=2021", ["Avril", "Février"]),
        ("?categorie=financement&etiquette=haute-garonne&annee=2021", ["Février"]),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    response = client.get(f"/publications/{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_filter_links_keep_the_other_filters(client, catalogue):
    html = client.get("/publications/?categorie=financement&annee=2021").content.decode()
    assert 'href="?categorie=financement&amp;annee=2020"' in html
    assert 'href="?categorie=actualite&amp;annee=2021"' in html
    assert 'href="?annee=2021"' in html  # "Toutes" categories, year kept


def test_removing_the_last_filter_links_to_the_index(client, catalogue):
    html = client.get("/publications/?categorie=financement").content.decode()
    assert 'href="/publications/">Toutes<span class="visually-hidden"> les catégories</span>' in html
    html = client.get("/publications/").content.decode()
    assert 'href="/publications/" aria-current="true" class="publication-filters__current">Toutes' in html


def test_links_keep_only_the_valid_filters(client, index):
    for day in range(PER_PAGE + 1):
        PublicationPageFactory(parent=index, category="financement", date=datetime.date(2021, 1, 1 + day))
    html = client.get("/publications/?utm_source=lettre&categorie=financement&page=1&annee=").content.decode()
    assert "utm_source" not in html
    assert 'href="?categorie=financement&amp;page=2"' in html
    assert 'href="?categorie=financement&amp;annee=2021"' in html
    assert 'href="/publications/">Toutes<span class="visually-hidden"> les catégories</span>' in html


def test_each_all_link_says_what_it_resets(client, catalogue):
    html = client.get("/publications/?categorie=financement&annee=2021&etiquette=haute-garonne").content.decode()
    for hidden in ("les catégories", "les années", "les étiquettes"):
        assert f'Toutes<span class="visually-hidden"> {hidden}</span></a>' in html


def test_tag_pills_are_whole_links(client, catalogue):
    html = client.get("/publications/").content.decode()
    assert '<ul class="tag-list tag-list--links publication-item__tags"' in html


@pytest.mark.parametrize("query", ["?categorie=compte-rendu", "?annee=1999", "?categorie=appel-a-projets&annee=2020"])
def test_empty_result_says_so(client, catalogue, query):
    response = client.get(f"/publications/{query}")
    assert response.status_code == 200
    assert "Aucune publication ne correspond à ces critères." in response.content.decode()


def test_empty_index_says_so(client, index):
    response = client.get("/publications/")
    assert response.status_code == 200
    assert "Aucune publication" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?page=abc", 400, "nombre entier"),
        ("?page=0", 400, "supérieur ou égal à 1"),
        ("?page=999999", 404, "Il n&#x27;y a pas de page 999999"),
        ("?categorie=inconnue", 404, "La catégorie « inconnue » n&#x27;existe pas."),
        ("?etiquette=inconnue", 404, "Aucune publication ne porte l&#x27;étiquette « inconnue »."),
        ("?annee=deux-mille", 400, "quatre chiffres"),
        ("?annee=20211", 400, "quatre chiffres"),
        ("?etiquette=%3Cscript%3Ealert(1)%3C/script%3E", 400, "étiquette n&#x27;est pas valide"),
        ("?categorie=%3Cscript%3Ealert(1)%3C/script%3E", 404, "&lt;script&gt;"),
        ("?etiquette=a%00b", 400, "étiquette"),
        ("?categorie=" + "x" * 5000, 404, "…"),
        ("?annee=2021%00", 400, "quatre chiffres"),
        ("?annee=2021%0A", 400, "quatre chiffres"),
        ("?annee=%D9%A2%D9%A0%D9%A2%D9%A1", 400, "quatre chiffres"),  # ٢٠٢١, Arabic-Indic digits
        ("?annee=0000", 400, "entre 0001 et 9999"),
        ("?page=1%27%20OR%201=1", 400, "nombre entier"),
    ],
)
def test_bad_values_give_a_clear_page(client, catalogue, query, status, message):
    response = client.get(f"/publications/{query}")
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html


def test_pagination(client, index):
    for day in range(PER_PAGE + 3):
        PublicationPageFactory(parent=index, date=datetime.date(2021, 1, 1) + datetime.timedelta(days=day))
    first = client.get("/publications/")
    assert len(first.context["publications"]) == PER_PAGE
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/publications/?page=2")
    assert len(second.context["publications"]) == 3
    assert client.get("/publications/?page=3").status_code == 404


def test_pagination_keeps_filters(client, index):
    for day in range(PER_PAGE + 1):
        PublicationPageFactory(parent=index, category="financement", date=datetime.date(2021, 1, 1 + day))
    html = client.get("/publications/?categorie=financement").content.decode()
    assert 'href="?categorie=financement&amp;page=2"' in html


def test_category_feed_announced_when_filtered(client, catalogue):
    html = client.get("/publications/?categorie=financement").content.decode()
    assert 'href="/publications/flux/financement/rss/"' in html


def test_publication_page_renders(client, public_publication):
    response = client.get(public_publication.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Des ateliers ouverts à tous." in html
    assert 'href="/publications/?etiquette=mediation"' in html


def test_publication_image_has_alt_text(client, index):
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail_factories import ImageFactory

    image = ImageFactory(file=get_test_image_file())
    page = PublicationPageFactory(parent=index, image=image, image_alt="Un atelier de médiation numérique")
    html = client.get(page.url).content.decode()
    assert 'alt="Un atelier de médiation numérique"' in html


def test_publication_shows_its_live_organisations(client, home_page, public_publication):
    from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory

    members = MemberIndexPageFactory(parent=home_page)
    shown = OrganisationPageFactory(parent=members, title="La Mêlée")
    draft = OrganisationPageFactory(parent=members, title="Organisation en brouillon", live=False)
    public_publication.related_organisations.create(organisation=shown)
    public_publication.related_organisations.create(organisation=draft)
    public_publication.save()
    html = client.get(public_publication.url).content.decode()
    assert "Organisations concernées" in html
    assert f'href="{shown.url}"' in html
    assert "Organisation en brouillon" not in html


def test_the_page_title_says_which_filters_and_page_are_shown(client, catalogue):
    title = client.get("/publications/", {"categorie": "financement", "etiquette": "haute-garonne", "annee": "2021"})
    assert "<title>Publications – Financement – étiquette « Haute-Garonne » – 2021 –" in title.content.decode()
    unfiltered = client.get("/publications/").content.decode()
    assert "<title>Publications –" in unfiltered and "Financement –" not in unfiltered.split("</title>")[0]
