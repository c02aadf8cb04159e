"""Findings of the user test of the inbox: opening hours checked before they reach a place, a
correction accepted with nothing ticked refused, plain French instead of the standard's regular
expressions, the moderator's edits kept when a decision fails, the place e-mail checked, SIRET or RNA
(or nothing) on a proposal, a confirmation before a place is withdrawn, and the admin's wording."""

import pytest

from inbox.models import Submission
from inbox.spam import STARTED_FIELD
from places.models import Place
from tests.inbox.conftest import proposal_data, started
from tests.inbox.test_admin import closed_report, correction, proposal, staff  # noqa: F401

pytestmark = pytest.mark.django_db


def _correct(client, place, **values):
    data = {"name": "Sam", "email": "sam@exemple.fr", STARTED_FIELD: started(), **values}
    return client.post(f"/lieux/signaler/{place.slug}/", data)


def _review(submission):
    return f"/admin/messages/{submission.pk}/examen/"


# 1. Opening hours
def test_the_correction_form_refuses_unreadable_hours_in_french(client, place, correction_page):
    response = _correct(client, place, horaires="lundi matin")
    html = response.content.decode()
    assert response.status_code == 200 and "Horaires illisibles" in html and "Mo-Fr 09:00-12:00" in html
    assert not Submission.objects.exists()
    assert _correct(client, place, horaires="Mo-Fr 09:00-12:00").status_code == 302
    assert Submission.objects.get().payload["changes"] == {"horaires": "Mo-Fr 09:00-12:00"}


def test_unreadable_hours_are_never_written_to_a_place(client, staff, correction, place):  # noqa: F811
    before = place.horaires
    correction.payload["changes"]["horaires"] = "lundi matin"  # stored before the form checked hours
    correction.save()
    client.force_login(staff["Modérateurs"])
    response = client.post(
        _review(correction), {"action": "accept", "apply_horaires": "on", "value_horaires": "lundi matin"}
    )
    html = response.content.decode()
    assert "Rien n&#x27;a été enregistré" in html and "horaires illisibles" in html
    assert Place.objects.get(pk=place.pk).horaires == before
    correction.refresh_from_db()
    assert correction.decision == ""


# 2. Nothing ticked
def test_accepting_a_correction_with_nothing_ticked_leaves_the_place_untouched(client, staff, correction, place):  # noqa: F811
    before = Place.objects.get(pk=place.pk)
    client.force_login(staff["Modérateurs"])
    response = client.post(_review(correction), {"action": "accept", "value_nom": "Autre nom"})
    assert "cochez au moins un champ à appliquer" in response.content.decode()
    after = Place.objects.get(pk=place.pk)
    assert (after.date_maj, after.source, after.nom) == (before.date_maj, before.source, before.nom)
    correction.refresh_from_db()
    assert correction.decision == ""


# 3. Plain French messages
def test_the_public_forms_explain_formats_without_regular_expressions(client, place, correction_page):
    html = _correct(client, place, code_postal="3100", telephone="12").content.decode()
    assert "5 chiffres, par exemple 31000" in html and "par exemple 05 61 00 00 00" in html
    assert "\\d{5}" not in html and "+590" not in html


def test_the_admin_banner_explains_formats_without_regular_expressions(client, staff, correction):  # noqa: F811
    correction.payload["changes"]["code_postal"] = "31000"
    correction.save()
    client.force_login(staff["Modérateurs"])
    response = client.post(
        _review(correction),
        {"action": "accept", "apply_code_postal": "on", "value_code_postal": "ABC"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 chiffres, par exemple 31000" in html
    assert "\\d{5}" not in html and "fichier" not in html


# 4. The moderator's edits survive a failed decision
def test_a_failed_accept_shows_the_moderator_s_edits(client, staff, proposal):  # noqa: F811
    client.force_login(staff["Administrateurs"])
    values = {f"value_{column}": value for column, value in proposal.payload["place"].items()}
    values.update(value_code_postal="ABC", value_nom="Nom corrigé par la modération")
    response = client.post(_review(proposal), {"action": "accept", **values})
    html = response.content.decode()
    assert response.status_code == 200 and "Rien n&#x27;a été enregistré" in html
    assert 'value="Nom corrigé par la modération"' in html and 'value="ABC"' in html
    assert not Place.objects.exists()


def test_a_failed_correction_accept_keeps_the_ticks(client, staff, correction):  # noqa: F811
    client.force_login(staff["Modérateurs"])
    response = client.post(
        _review(correction),
        {"action": "accept", "apply_telephone": "on", "value_telephone": "12", "value_nom": "Nouveau nom"},
    )
    html = response.content.decode()
    assert 'id="apply_telephone" checked' in html and 'id="apply_nom" aria-label' in html
    assert 'value="12"' in html and 'value="Nouveau nom"' in html


# 5. The place e-mail
def test_the_correction_form_checks_the_place_e_mail(client, place, correction_page):
    html = client.get(f"/lieux/signaler/{place.slug}/").content.decode()
    assert 'type="email" name="courriels"' in html
    response = _correct(client, place, courriels="x@")
    assert response.status_code == 200 and "adresse e-mail valide" in response.content.decode()
    assert not Submission.objects.exists()


# 6. SIRET or RNA, or nothing
@pytest.mark.parametrize(
    "pivot, stored", [("", ""), ("w313000123", "W313000123"), ("732 829 320 00074", "73282932000074")]
)
def test_the_proposal_takes_a_siret_an_rna_number_or_nothing(client, proposal_page, pivot, stored):
    response = client.post("/lieux/referencer/", proposal_data(pivot=pivot))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Submission.objects.get().payload["place"]["pivot"] == stored


def test_the_identifier_help_is_shown_before_the_field(client, proposal_page):
    html = client.get("/lieux/referencer/").content.decode()
    assert html.index("W suivi de 9 chiffres") < html.index('name="pivot"')
    assert "W suivi de 9 chiffres" in client.post("/lieux/referencer/", proposal_data(pivot="X12")).content.decode()


def test_a_proposal_without_identifier_is_accepted_once_the_team_fills_it_in(client, staff, proposal_page):  # noqa: F811
    client.post("/lieux/referencer/", proposal_data(pivot=""))
    client.logout()
    submission = Submission.objects.get()
    client.force_login(staff["Administrateurs"])
    values = {f"value_{column}": value for column, value in submission.payload["place"].items()}
    html = client.post(_review(submission), {"action": "accept", **values}).content.decode()
    assert "SIRET ou RNA" in html and "obligatoire" in html and not Place.objects.exists()
    response = client.post(
        _review(submission), {"action": "accept", **values, "value_pivot": "W313000123"}, follow=True
    )
    assert "a été ajouté à l&#x27;annuaire" in response.content.decode()
    assert Place.objects.get().pivot == "W313000123"


# 7. Withdrawing asks for a confirmation
def test_withdrawing_a_place_needs_a_confirmation(client, staff, closed_report, place):  # noqa: F811
    client.force_login(staff["Modérateurs"])
    html = client.get(_review(closed_report)).content.decode()
    assert 'name="confirm_withdraw"' in html and "réimporter" in html
    response = client.post(_review(closed_report), {"action": "withdraw"}, follow=True)
    assert "cochez la case de confirmation" in response.content.decode()
    assert Place.objects.filter(pk=place.pk).exists()
    closed_report.refresh_from_db()
    assert closed_report.decision == ""


# Wording
def test_rejecting_a_correction_says_signalement(client, staff, correction):  # noqa: F811
    client.force_login(staff["Modérateurs"])
    response = client.post(_review(correction), {"action": "reject"}, follow=True)
    assert "Signalement refusé." in response.content.decode()


def test_the_review_title_has_a_french_colon(client, staff, correction):  # noqa: F811
    client.force_login(staff["Modérateurs"])
    html = client.get(_review(correction)).content.decode()
    assert "<title>Examiner : Modification" in html and "Examiner: " not in html


def test_a_proposal_review_marks_no_field_as_changed(client, staff, proposal):  # noqa: F811
    client.force_login(staff["Modérateurs"])
    assert "(modifié)" not in client.get(_review(proposal)).content.decode()


def test_numeric_and_phone_inputs(client, proposal_page):
    html = client.get("/lieux/referencer/").content.decode()
    assert (
        'inputmode="numeric"'
        in html.split('name="code_postal"')[0].rsplit("<input", 1)[-1]
        + html.split('name="code_postal"')[1].split(">")[0]
    )
    assert 'type="tel" name="telephone"' in html
