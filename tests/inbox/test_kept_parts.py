"""What the forms and the directory keep with the content generation (core/fragments.py): the forms'
links on the directory, the privacy page's address, the retention period and the contact subjects
show a change on the very next page, and what is kept is the same for every visitor."""

import pytest
from wagtail.models import Site

from inbox.models import ContactSubject, InboxSettings
from tests.publications.factories import reserve_for_cos

pytestmark = pytest.mark.django_db

PROPOSAL_LINK = '<a href="/lieux/referencer/">Référencer mon lieu</a>'


def test_the_directory_drops_the_proposal_link_once_its_page_is_unpublished(fragment_cache, client, proposal_page):
    assert PROPOSAL_LINK in client.get("/lieux/").content.decode()
    assert PROPOSAL_LINK in client.get("/lieux/").content.decode()  # kept
    proposal_page.unpublish()
    assert "/lieux/referencer/" not in client.get("/lieux/").content.decode()
    proposal_page.save_revision().publish()
    assert PROPOSAL_LINK in client.get("/lieux/").content.decode()


def test_a_place_page_links_to_its_own_correction_form(fragment_cache, client, correction_page, place):
    other = place.__class__.objects.create(**{**_fields(place), "standard_id": "autre", "slug": "autre-lieu"})
    for slug in (place.slug, other.slug, place.slug):
        html = client.get(f"/lieux/{slug}/").content.decode()
        assert f'href="/lieux/signaler/{slug}/">Signaler une modification</a>' in html
    correction_page.title = "Proposer une correction"
    correction_page.save_revision().publish()
    assert f'href="/lieux/signaler/{place.slug}/">Proposer une correction</a>' in (
        client.get(f"/lieux/{place.slug}/").content.decode()
    )


def _fields(place):
    return {
        field.name: getattr(place, field.name)
        for field in place._meta.concrete_fields
        if field.name not in ("id", "created_at", "updated_at")
    }


def test_the_privacy_link_follows_the_page_s_slug(fragment_cache, client, contact_page, personal_data_page):
    assert 'href="/donnees-personnelles/"' in client.get("/contact/").content.decode()
    # The page is found by its slug: under another one, the forms no longer name it.
    personal_data_page.slug = "vos-donnees"
    personal_data_page.save_revision().publish()
    html = client.get("/contact/").content.decode()
    assert "/donnees-personnelles/" not in html and "voir la page" not in html
    personal_data_page.refresh_from_db()
    personal_data_page.slug = "donnees-personnelles"
    personal_data_page.save_revision().publish()
    assert 'href="/donnees-personnelles/"' in client.get("/contact/").content.decode()


def test_the_retention_period_follows_the_settings(fragment_cache, client, contact_page):
    assert "effacés 12 mois après l'envoi" in client.get("/contact/").content.decode()
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.retention_months = 6
    settings.save()
    assert "effacés 6 mois après l'envoi" in client.get("/contact/").content.decode()


def test_the_contact_subjects_follow_a_publication(fragment_cache, client, contact_page):
    assert "Une question" in client.get("/contact/").content.decode()
    contact_page.subjects = [ContactSubject(label="Un partenariat")]
    contact_page.save_revision().publish()
    html = client.get("/contact/").content.decode()
    assert "Un partenariat" in html and "Une question" not in html


@pytest.mark.parametrize("member_first", [True, False])
def test_a_form_page_reserved_to_the_cos_is_linked_to_no_one(
    fragment_cache, client, member, proposal_page, cos_group, member_first
):
    visitors = [member, client] if member_first else [client, member]
    for visitor in visitors:
        assert PROPOSAL_LINK in visitor.get("/lieux/").content.decode()
    reserve_for_cos(proposal_page)
    for visitor in visitors * 2:  # the second round from the kept link
        assert "Référencer mon lieu" not in visitor.get("/lieux/").content.decode()
