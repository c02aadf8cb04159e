"""A reserved publication never leaks to anyone the "Membres du COS" restriction does not let in."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.documents import get_document_model

from accounts.content import ensure_cos_collection
from publications.models import PublicationDocument

from .factories import PublicationPageFactory

SECRET = "Compte rendu secret du comité"


@pytest.fixture
def linked(index, public_publication, reserved_publication):
    """A public publication whose "see also" points at the reserved one."""
    page = PublicationPageFactory(parent=index, title="Page avec des liens", slug="avec-liens")
    page.related_publications.create(publication=reserved_publication)
    page.related_publications.create(publication=public_publication)
    page.save()
    return page


def surfaces(linked):
    return [
        "/publications/",
        "/publications/?categorie=compte-rendu",
        "/publications/?annee=2021",
        "/",
        "/recherche/?q=secret",
        "/publications/flux/rss/",
        "/publications/flux/atom/",
        "/publications/flux/compte-rendu/rss/",
        "/sitemap.xml",
        linked.url,
    ]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_reserved_publication_is_nowhere_for_others(client, request, linked, reserved_publication, who):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    for url in surfaces(linked):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SECRET not in html, url
        assert reserved_publication.url not in html, url


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_tag_only_used_by_reserved_publications_is_unknown(client, request, reserved_publication, who):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    response = client.get("/publications/?etiquette=confidentiel")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_anonymous_is_asked_to_log_in(client, reserved_publication):
    response = client.get(reserved_publication.url)
    assert response.status_code == 302
    assert response["Location"] == f"/connexion/?next={reserved_publication.url}"


def test_outsider_gets_a_french_403(client, outsider, reserved_publication):
    client.force_login(outsider)
    response = client.get(reserved_publication.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès réservé" in html
    assert SECRET not in html
    assert "no-cache" in response["Cache-Control"]


def test_cos_member_reads_the_reserved_publication(client, cos_member, reserved_publication):
    client.force_login(cos_member)
    response = client.get(reserved_publication.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_reserved_publication_page_is_marked_for_the_cos_member(client, cos_member, reserved_publication):
    client.force_login(cos_member)
    header = client.get(reserved_publication.url).content.decode().split("<h1>")[0]
    assert '<span class="badge badge--reserved">Réservé au COS</span>' in header


def test_public_publication_page_has_no_badge(client, cos_member, public_publication):
    client.force_login(cos_member)
    assert "Réservé au COS" not in client.get(public_publication.url).content.decode()


def test_cos_member_sees_it_listed_and_marked(client, cos_member, public_publication, reserved_publication):
    client.force_login(cos_member)
    response = client.get("/publications/")
    html = response.content.decode()
    assert SECRET in html
    assert "Réservé au COS" in html
    assert html.count("Réservé au COS") == 1
    assert client.get("/publications/?etiquette=confidentiel").status_code == 200


def test_see_also_shows_public_links(client, linked, public_publication):
    html = client.get(linked.url).content.decode()
    assert "Voir aussi" in html
    assert f'href="{public_publication.url}"' in html


def test_cos_member_sees_it_in_see_also(client, cos_member, linked):
    client.force_login(cos_member)
    assert SECRET in client.get(linked.url).content.decode()


def test_superuser_sees_everything(client, admin_user, reserved_publication):
    client.force_login(admin_user)
    assert SECRET in client.get("/publications/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "cos_member"])
def test_never_in_feeds_or_sitemap_even_for_members(client, request, reserved_publication, public_publication, who):
    # Feeds and the sitemap are read by machines, logged in as nobody. The home page and search do
    # show reserved publications to COS members: see test_cos_reading.py.
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in ("/publications/flux/rss/", "/sitemap.xml"):
        html = client.get(url).content.decode()
        assert SECRET not in html, url
        assert reserved_publication.url not in html, url


@override_settings(PAGE_CACHE_SECONDS=600)
def test_reservation_after_caching_hides_the_page(client, index, cos_group):
    from .factories import reserve_for_cos

    page = PublicationPageFactory(parent=index, title="Bientôt réservée")
    assert "Bientôt réservée" in client.get("/publications/").content.decode()
    reserve_for_cos(page)
    assert "Bientôt réservée" not in client.get("/publications/").content.decode()
    assert client.get(page.url).status_code == 302


def test_reserved_publication_not_cached_for_anonymous(client, cos_member, reserved_publication):
    with override_settings(PAGE_CACHE_SECONDS=600):
        client.force_login(cos_member)
        assert client.get(reserved_publication.url).status_code == 200
        client.logout()
        assert client.get(reserved_publication.url).status_code == 302


@pytest.fixture
def cos_document(reserved_publication):
    """A document attached to the reserved publication, in the "Documents du COS" collection."""
    document = get_document_model().objects.create(
        title="Relevé de décisions",
        file=ContentFile(b"decisions confidentielles", name="releve.txt"),
        collection=ensure_cos_collection(),
    )
    PublicationDocument.objects.create(page=reserved_publication, document=document)
    return document


def test_cos_document_asks_anonymous_to_log_in(client, cos_document):
    response = client.get(cos_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=/documents/")


def test_cos_document_is_refused_to_an_outsider(client, outsider, cos_document):
    client.force_login(outsider)
    response = client.get(cos_document.url)
    assert response.status_code == 403
    assert b"decisions confidentielles" not in response.content


def test_cos_document_is_served_to_a_cos_member(client, cos_member, cos_document, reserved_publication):
    client.force_login(cos_member)
    assert cos_document.url in client.get(reserved_publication.url).content.decode()
    response = client.get(cos_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"decisions confidentielles"
    # The reader's copy only: no shared cache (a proxy in front of the site) may keep it.
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_public_document_is_not_marked_private(client, index):
    document = get_document_model().objects.create(
        title="Plaquette", file=ContentFile(b"plaquette publique", name="plaquette.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")
