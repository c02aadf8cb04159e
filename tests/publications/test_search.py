import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from .factories import PublicationPageFactory


def body(text):
    return [("paragraph", f"<p>{text}</p>")]


def reindex(*pages):
    # Tags are saved after the page row, so the signal-driven index entry may predate them.
    backend = get_search_backend()
    for page in pages:
        backend.add(page)


@pytest.fixture
def publications(index, reserved_publication):
    public = PublicationPageFactory(
        parent=index,
        title="Une aide pour s'équiper",
        summary="Un prêt pour les familles.",
        body=body("Le prêt finance notamment un ordinateur portable."),
        tags=["Haute-Garonne"],
    )
    reserved_publication.body = body("Les membres ont discuté du calendrier confidentiel.")
    reserved_publication.save()
    reindex(public, reserved_publication)
    return public


def result_titles(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


def test_search_finds_a_publication_by_a_word_of_its_body(client, publications):
    assert result_titles(client, "ordinateur") == ["Une aide pour s'équiper"]


def test_search_covers_summary_and_tags(client, publications):
    assert "Une aide pour s'équiper" in result_titles(client, "familles")
    assert "Une aide pour s'équiper" in result_titles(client, "Garonne")


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_search_never_returns_a_reserved_publication_to_others(client, request, publications, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert result_titles(client, "calendrier confidentiel") == []
    assert result_titles(client, "secret") == []


@pytest.mark.parametrize("who", ["cos_member", "admin_user"])
def test_search_finds_a_reserved_publication_for_its_readers(client, request, publications, who):
    client.force_login(request.getfixturevalue(who))
    assert result_titles(client, "calendrier confidentiel") == ["Compte rendu secret du comité"]
    assert result_titles(client, "secret") == ["Compte rendu secret du comité"]


def test_search_covers_other_pages(client, home_page):
    from tests.hub.factories import StandardPageFactory

    page = StandardPageFactory(parent=home_page, title="Accessibilité", introduction="Déclaration RGAA du site.")
    reindex(page)
    assert "Accessibilité" in result_titles(client, "RGAA")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming needs PostgreSQL's 'french' config")
def test_french_stemming(client, index):
    page = PublicationPageFactory(parent=index, title="Médiation", body=body("Un atelier de médiation numérique."))
    reindex(page)
    assert result_titles(client, "ateliers") == ["Médiation"]


def test_tags_added_when_publishing_are_searchable(client, index):
    page = PublicationPageFactory(parent=index, title="Étiquetée à la publication")
    page.tags.add("Lézignan")
    page.save_revision().publish()
    assert result_titles(client, "Lézignan") == ["Étiquetée à la publication"]
