"""Site search: empty, normal and hostile queries, pagination."""

import pytest

from tests.hub.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(home_page):
    return StandardPageFactory(
        parent=home_page, title="Médiation numérique", slug="mediation", introduction="Ateliers de médiation."
    )


def test_empty_query_shows_the_form(client, searchable):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "résultat" not in response.content.decode()


def test_normal_query_finds_the_page(client, searchable):
    response = client.get("/recherche/", {"q": "médiation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/mediation/">Médiation numérique</a>' in html


def test_query_without_result_says_so(client, searchable):
    html = client.get("/recherche/", {"q": "xylophone"}).content.decode()
    assert "Aucun résultat pour « xylophone »" in html


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", "a" * 2000, "\x00", "médiation\x00", "' OR 1=1 --", "%00", "&&||!!((", "   "],
)
def test_hostile_queries_never_fail(client, searchable, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_overlong_query_is_truncated_with_a_notice(client, searchable):
    html = client.get("/recherche/", {"q": "médiation " * 300}).content.decode()
    assert "seuls ses 200 premiers caractères" in html


def test_raw_nul_byte_in_url(client, searchable):
    assert client.get("/recherche/?q=%00").status_code == 200


@pytest.mark.parametrize(("page", "status"), [("abc", 400), ("0", 400), ("999999", 404), ("1", 200)])
def test_bad_page_numbers(client, searchable, page, status):
    response = client.get("/recherche/", {"q": "médiation", "page": page})
    assert response.status_code == status
    assert '<html lang="fr">' in response.content.decode()


def test_results_are_paginated(client, home_page):
    for n in range(12):
        StandardPageFactory(parent=home_page, title=f"Atelier numérique {n}", slug=f"atelier-{n}")
    first = client.get("/recherche/", {"q": "atelier"}).content.decode()
    assert "12 résultats" in first and "Page 1 sur 2" in first and "page=2" in first
    second = client.get("/recherche/", {"q": "atelier", "page": 2}).content.decode()
    assert "Page 2 sur 2" in second
    assert "<title>Recherche « atelier » – page 2 –" in second
    assert 'href="?q=atelier&amp;page=1" rel="prev"' in second


def test_page_links_keep_the_cleaned_query_only(client, home_page):
    for n in range(12):
        StandardPageFactory(parent=home_page, title=f"Atelier numérique {n}", slug=f"atelier-{n}")
    html = client.get("/recherche/", {"q": "  atelier\x00 numérique ", "utm_source": "lettre"}).content.decode()
    assert 'href="?q=atelier+num%C3%A9rique&amp;page=2" rel="next"' in html
    assert "utm_source" not in html


@pytest.mark.parametrize("query", ['"', 'a"b', '";DROP TABLE x;--'])
def test_double_quotes_are_ignored(client, searchable, query):
    assert client.get("/recherche/", {"q": query}).status_code == 200


def test_the_page_has_a_breadcrumb_and_keeps_the_query_in_the_field(client, searchable):
    html = client.get("/recherche/", {"q": "médiation"}).content.decode()
    breadcrumb = html.split('aria-label="Fil d\'Ariane"')[1].split("</nav>")[0]
    assert 'href="/">Accueil</a>' in breadcrumb and '<span aria-current="page">Rechercher</span>' in breadcrumb
    assert 'name="q" value="médiation"' in html


def test_each_result_says_what_it_is(client, home_page):
    from tests.governance.factories import GovernanceBodyPageFactory, GovernanceIndexPageFactory
    from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory
    from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory

    members = MemberIndexPageFactory(parent=home_page)
    OrganisationPageFactory(parent=members, title="Atelier organisation")
    governance = GovernanceIndexPageFactory(parent=home_page)
    GovernanceBodyPageFactory(parent=governance, title="Atelier instance")
    PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home_page), title="Atelier publication")
    StandardPageFactory(parent=home_page, title="Atelier page", slug="atelier-page")
    html = client.get("/recherche/", {"q": "atelier"}).content.decode()
    for title, kind in (
        ("Atelier organisation", "Organisation"),
        ("Atelier instance", "Instance de gouvernance"),
        ("Atelier publication", "Publication"),
        ("Atelier page", "Page"),
    ):
        result = html.split(f">{title}</a>")[1].split("</li>")[0]
        assert f'<p class="card__meta">{kind}</p>' in result, title


def test_no_result_suggests_the_directory_and_the_publications(client, searchable):
    from tests.places.factories import PlaceIndexPageFactory
    from tests.publications.factories import PublicationIndexPageFactory

    PlaceIndexPageFactory(parent=searchable.get_parent(), title="Lieux d'aide au numérique", show_in_menus=True)
    PublicationIndexPageFactory(parent=searchable.get_parent(), title="Publications")
    html = client.get("/recherche/", {"q": "xylophone"}).content.decode()
    assert "Aucun résultat pour « xylophone »" in html
    suggestions = html.split("Vous pouvez aussi parcourir")[1].split("</ul>")[0]
    assert 'href="/lieux/">Lieux d&#x27;aide au numérique</a>' in suggestions
    assert 'href="/publications/">Publications</a>' in suggestions
    assert "Vous pouvez aussi parcourir" not in client.get("/recherche/", {"q": "médiation"}).content.decode()


def test_suggestions_cost_no_query(client, searchable):
    """A fruitless search costs two queries more than the empty search page (menu, feeds, footer): the count
    of matching pages and the places; the suggestions are among the pages the menu already read."""
    from tests.conftest import count_queries
    from tests.places.factories import PlaceIndexPageFactory
    from tests.publications.factories import PublicationIndexPageFactory

    PlaceIndexPageFactory(parent=searchable.get_parent(), title="Lieux d'aide au numérique")
    PublicationIndexPageFactory(parent=searchable.get_parent(), title="Publications")
    assert "Vous pouvez aussi parcourir" in client.get("/recherche/?q=xylophone").content.decode()
    assert count_queries(client, "/recherche/?q=xylophone") - count_queries(client, "/recherche/") == 2


def test_kept_results_follow_the_content_at_once(fragment_cache, client, searchable):
    """Each result's item is kept with the content generation: an edit shows on the next search."""
    assert "Ateliers de médiation." in client.get("/recherche/", {"q": "médiation"}).content.decode()
    searchable.title = "Médiation numérique en Ariège"
    searchable.search_description = "Des ateliers près de chez vous."
    searchable.save_revision().publish()
    html = client.get("/recherche/", {"q": "médiation"}).content.decode()
    assert 'href="/mediation/">Médiation numérique en Ariège</a>' in html
    assert "<p>Des ateliers près de chez vous.</p>" in html
    searchable.refresh_from_db()
    searchable.unpublish()
    assert "Médiation numérique en Ariège" not in client.get("/recherche/", {"q": "médiation"}).content.decode()


@pytest.mark.parametrize("member_first", [True, False])
def test_kept_results_never_show_a_reserved_page_to_others(
    fragment_cache, client, cos_member, searchable, member_first
):
    from django.test import Client

    from tests.publications.factories import reserve_for_cos

    secret = StandardPageFactory(parent=searchable.get_parent(), title="Médiation : notes du COS", slug="notes")
    reserve_for_cos(secret)
    member = Client()
    member.force_login(cos_member)
    visits = [("member", member), ("anonymous", client)]
    if not member_first:
        visits.reverse()
    for _ in range(2):  # the second round is served from the kept items
        for who, visitor in visits:
            html = visitor.get("/recherche/", {"q": "médiation"}).content.decode()
            assert "Médiation numérique" in html
            assert ("notes du COS" in html) is (who == "member")
            assert ("Réservé au COS" in html) is (who == "member")
