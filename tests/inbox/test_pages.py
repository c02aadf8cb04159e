"""The three forms are pages staff place and word in the admin: « Référencer mon lieu » and
« Signaler une modification » under the directory, linked from its pages; the correction form's
first addresses still lead to it."""

import pytest
from django.core.exceptions import ValidationError

from inbox.models import ContactPage, PlaceCorrectionPage, PlaceProposalPage
from inbox.spam import STARTED_FIELD

from .conftest import started

pytestmark = pytest.mark.django_db


def test_place_forms_go_under_the_directory_only(home_page, directory):
    assert PlaceProposalPage.can_create_at(directory) and PlaceCorrectionPage.can_create_at(directory)
    assert not PlaceProposalPage.can_create_at(home_page) and not PlaceCorrectionPage.can_create_at(home_page)
    assert ContactPage.can_create_at(home_page) and not ContactPage.can_create_at(directory)


def test_one_of_each_form_page(proposal_page, correction_page, directory):
    assert not PlaceProposalPage.can_create_at(directory) and not PlaceCorrectionPage.can_create_at(directory)


def test_a_place_form_keeps_a_slug_the_directory_leaves_free(proposal_page):
    proposal_page.slug = "proposer-un-lieu"  # /lieux/proposer-un-lieu/ would be read as a place
    with pytest.raises(ValidationError) as error:
        proposal_page.full_clean()
    assert "slug" in error.value.message_dict
    proposal_page.slug = "referencer"
    proposal_page.full_clean()


def test_the_wording_is_the_page_s(client, proposal_page, correction_page, place):
    proposal = client.get("/lieux/referencer/").content.decode()
    assert "<h1>Référencer mon lieu</h1>" in proposal and "Présentez votre lieu." in proposal
    assert "Pour vérifier la proposition avec vous." in proposal
    correction = client.get(f"/lieux/signaler/{place.slug}/").content.decode()
    assert "<h1>Signaler une modification</h1>" in correction and "Écrivez la bonne valeur." in correction
    proposal_page.title = "Inscrire mon lieu"
    proposal_page.intro = "<p>Un texte réécrit par l'équipe.</p>"
    proposal_page.save_revision().publish()
    rewritten = client.get("/lieux/referencer/").content.decode()
    assert "<h1>Inscrire mon lieu</h1>" in rewritten and "Un texte réécrit par" in rewritten


def test_the_confirmations_show_the_page_s_text(client, proposal_page, correction_page, place):
    assert "Votre proposition est bien arrivée." in client.get("/lieux/referencer/merci/").content.decode()
    thanks = client.get(f"/lieux/signaler/{place.slug}/merci/").content.decode()
    assert "Votre signalement est bien arrivé." in thanks and "Médiathèque" in thanks
    assert 'href="/lieux/"' in thanks


def test_the_directory_links_to_the_forms(client, proposal_page, correction_page, place):
    listing = client.get("/lieux/").content.decode()
    assert '<a href="/lieux/referencer/">Référencer mon lieu</a>' in listing
    detail = client.get(f"/lieux/{place.slug}/").content.decode()
    assert f'<a href="/lieux/signaler/{place.slug}/">Signaler une modification</a>' in detail
    # Unpublished, a form is no longer linked.
    correction_page.unpublish()
    proposal_page.unpublish()
    assert "/lieux/signaler/" not in client.get(f"/lieux/{place.slug}/").content.decode()
    assert "/lieux/referencer/" not in client.get("/lieux/").content.decode()
    assert client.get("/lieux/referencer/").status_code == 404


def test_the_correction_page_alone_leads_to_the_directory(client, correction_page):
    response = client.get("/lieux/signaler/")
    assert response.status_code == 200 and 'href="/lieux/"' in response.content.decode()


def test_the_first_correction_addresses_still_lead_to_the_form(client, correction_page, place):
    response = client.get(f"/lieux/{place.slug}/signaler/")
    assert response.status_code == 301 and response["Location"] == f"/lieux/signaler/{place.slug}/"
    thanks = client.get(f"/lieux/{place.slug}/signaler/merci/")
    assert thanks.status_code == 301 and thanks["Location"] == f"/lieux/signaler/{place.slug}/merci/"
    # A form opened before the move and sent afterwards keeps its data (308 keeps the method).
    data = {"telephone": "05 62 00 00 00", "name": "Sam", "email": "sam@exemple.fr", STARTED_FIELD: started()}
    posted = client.post(f"/lieux/{place.slug}/signaler/", data)
    assert posted.status_code == 308 and posted["Location"] == f"/lieux/signaler/{place.slug}/"


def test_without_the_correction_page_the_first_addresses_are_a_french_404(client, place, directory):
    response = client.get(f"/lieux/{place.slug}/signaler/")
    assert response.status_code == 404 and 'lang="fr"' in response.content.decode()


def test_a_form_page_answers_only_get_head_and_post(client, proposal_page):
    assert client.put("/lieux/referencer/").status_code == 405
    assert client.head("/lieux/referencer/").status_code == 200


def test_build_site_places_the_forms_with_french_wording(client):
    from tests.conftest import build_site

    build_site()
    assert PlaceProposalPage.objects.live().get().get_parent().slug == "lieux"
    proposal = client.get("/lieux/referencer/").content.decode()
    assert "<h1>Référencer mon lieu</h1>" in proposal and "standard national" in proposal
    assert 'href="/donnees-personnelles/"' in proposal
    assert "<h1>Signaler une modification</h1>" in client.get("/lieux/signaler/").content.decode()
    assert '<a href="/lieux/referencer/">Référencer mon lieu</a>' in client.get("/lieux/").content.decode()
    assert "Rien à faire" in build_site()
