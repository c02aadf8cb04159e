"""The fragments every page shares (core/fragments.py): rebuilt as soon as content changes, and never
shown to a visitor they were not built for."""

import datetime

import pytest

from tests.hub.factories import StandardPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos

RESERVED_TITLE = "Compte rendu du COS de mars"
PUBLIC_TITLE = "Ateliers ouverts à Albi"


@pytest.fixture
def publications(home_page, cos_group):
    index = PublicationIndexPageFactory(parent=home_page)
    PublicationPageFactory(parent=index, title=PUBLIC_TITLE, date=datetime.date(2024, 1, 10))
    reserve_for_cos(PublicationPageFactory(parent=index, title=RESERVED_TITLE, date=datetime.date(2024, 3, 1)))
    return index


@pytest.mark.parametrize("member_first", [True, False])
def test_home_page_latest_publications_are_kept_per_audience(
    fragment_cache, publications, client, member, member_first
):
    visits = [("member", member), ("anonymous", client)]
    if not member_first:
        visits.reverse()
    pages = {}
    for _ in range(2):  # the second round is served from the kept fragments
        for who, visitor in visits:
            pages[who] = visitor.get("/").content.decode()
            assert PUBLIC_TITLE in pages[who]
            assert (RESERVED_TITLE in pages[who]) is (who == "member")


def test_a_publication_reaches_the_menu_at_once(fragment_cache, home_page, client):
    StandardPageFactory(parent=home_page, title="Qui sommes-nous", slug="qui", show_in_menus=True)
    assert "Qui sommes-nous" in client.get("/").content.decode()
    page = StandardPageFactory.build(title="Nous rejoindre", slug="rejoindre", show_in_menus=True, live=False)
    home_page.add_child(instance=page)
    assert "Nous rejoindre" not in client.get("/").content.decode()
    page.save_revision().publish()
    assert "Nous rejoindre" in client.get("/").content.decode()
    page.refresh_from_db()  # publish() worked on a copy rebuilt from the revision
    page.unpublish()
    assert "Nous rejoindre" not in client.get("/").content.decode()


def test_a_new_privacy_rule_hides_a_page_from_the_kept_menu_and_rules(fragment_cache, home_page, client, cos_group):
    page = StandardPageFactory(parent=home_page, title="Espace du COS", slug="espace-cos", show_in_menus=True)
    assert "Espace du COS" in client.get("/").content.decode()
    assert client.get("/espace-cos/").status_code == 200
    reserve_for_cos(page)
    assert "Espace du COS" not in client.get("/").content.decode()
    assert client.get("/espace-cos/").status_code == 302  # to the login page


def test_site_settings_are_kept_until_saved(fragment_cache, home_page, client):
    from hub.models import SiteSettings

    client.get("/")
    site_settings = SiteSettings.objects.get()
    site_settings.footer_text = "Un réseau pour l'inclusion numérique en Occitanie."
    site_settings.save()
    assert "Un réseau pour l&#x27;inclusion numérique en Occitanie." in client.get("/").content.decode()


def test_what_older_code_kept_is_never_read(fragment_cache, home_page, monkeypatch):
    """Entries are keyed by a digest of the code too: after a deployment, the new code builds its own
    instead of unpickling objects of another shape (the content generation has not changed)."""
    from django.test import RequestFactory

    from core import fragments

    request = RequestFactory().get("/")
    assert fragments.kept(request, "test-entry", lambda: "built by the old code") == "built by the old code"
    assert fragments.kept(request, "test-entry", lambda: "not rebuilt") == "built by the old code"
    assert len(fragments.code_version()) == 12
    monkeypatch.setattr(fragments, "code_version", lambda: "new-code")
    assert fragments.kept(request, "test-entry", lambda: "built by the new code") == "built by the new code"
