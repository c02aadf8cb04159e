"""The public forms: valid and invalid input, stored before the e-mail, a dead mail server, traps
and limits."""

import re

import pytest
from django.core import mail

from inbox.forms import day_hours, opening_hours_text
from inbox.models import Submission
from inbox.spam import HONEYPOT_FIELD, REFUSED_MESSAGE, STARTED_FIELD

from . import backends
from .conftest import RECIPIENT, contact_data, proposal_data, started

pytestmark = pytest.mark.django_db


def _title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


# --- « Nous écrire » ------------------------------------------------------------------------------
def test_contact_form_shows_subjects_privacy_and_no_error(client, contact_page, personal_data_page):
    response = client.get("/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Une question" in html and "Autre chose" in html
    assert 'href="/donnees-personnelles/"' in html
    assert not _title(response).startswith("Erreur")
    # The honeypot is out of sight and out of the keyboard's reach; the start time is signed.
    assert f'name="{HONEYPOT_FIELD}"' in html and 'tabindex="-1"' in html and 'class="form-trap"' in html
    assert f'name="{STARTED_FIELD}"' in html


def test_valid_contact_is_stored_then_staff_told_and_confirmed(client, contact_page, settings):
    settings.EMAIL_BACKEND = "tests.inbox.backends.StoredCheckingBackend"
    backends.stored_when_sent.clear()
    response = client.post("/contact/", contact_data(copy="on"))
    assert response.status_code == 302 and response["Location"] == "/contact/merci/"
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.CONTACT and submission.summary == "Une question"
    assert submission.payload["message"] == "Bonjour, comment rejoindre le réseau ?"
    assert submission.mail_status == Submission.Mail.SENT
    # Both e-mails (staff, then the visitor's copy) left after the submission was in the database.
    assert backends.stored_when_sent == [1, 1]
    assert [message.to for message in mail.outbox] == [[RECIPIENT], ["camille@exemple.fr"]]
    assert f"/admin/messages/{submission.pk}/" in mail.outbox[0].body
    confirmation = client.get("/contact/merci/")
    assert confirmation.status_code == 200 and "votre message est bien arrivé" in confirmation.content.decode()


def test_failing_mail_server_keeps_the_submission_and_confirms(client, contact_page, settings, caplog):
    settings.EMAIL_BACKEND = "tests.inbox.backends.FailingBackend"
    response = client.post("/contact/", contact_data(copy="on"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.mail_status == Submission.Mail.FAILED
    assert "SMTPConnectError" in submission.mail_error and "Copie au visiteur" in submission.mail_error
    assert "Notification of submission" in caplog.text


def test_no_recipient_is_recorded(client, contact_page):
    from inbox.models import InboxSettings

    InboxSettings.objects.update(recipients="")
    assert client.post("/contact/", contact_data()).status_code == 302
    assert Submission.objects.get().mail_status == Submission.Mail.NO_RECIPIENT
    assert mail.outbox == []


def test_invalid_contact_keeps_input_and_links_errors(client, contact_page):
    response = client.post("/contact/", contact_data(email="pas-une-adresse", message="", subject="Inconnu"))
    html = response.content.decode()
    assert response.status_code == 200
    assert _title(response).startswith("Erreur : ")
    assert Submission.objects.count() == 0 and mail.outbox == []
    assert "Saisissez une adresse e-mail valide" in html and "Indiquez votre message." in html
    assert "Choisissez un objet dans la liste." in html
    # The summary links to the fields; each wrong field points at its message.
    assert 'href="#id_email"' in html and 'href="#id_message"' in html
    assert re.search(r'<input[^>]*name="email"[^>]*aria-describedby="id_email_erreur"[^>]*aria-invalid="true"', html)
    assert 'id="id_email_erreur"' in html
    assert 'value="pas-une-adresse"' in html and 'value="Camille Dupont"' in html


def test_too_long_and_too_many_links_are_refused_with_a_reason(client, contact_page):
    links = " ".join(f"https://spam{n}.example/" for n in range(4))
    response = client.post("/contact/", contact_data(message=links, name="x" * 201))
    html = response.content.decode()
    assert response.status_code == 200
    assert "4 adresses web : 3 au plus" in html and "200 caractères au plus" in html
    assert Submission.objects.count() == 0


# --- Traps --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides",
    [
        {HONEYPOT_FIELD: "http://spam.example/"},
        {STARTED_FIELD: 0},
        {STARTED_FIELD: "forged"},
        {STARTED_FIELD: 3 * 24 * 3600},
    ],
    ids=["honeypot", "too-fast", "forged-start", "too-old"],
)
def test_traps_refuse_calmly_without_saying_which(client, contact_page, overrides):
    if isinstance(overrides.get(STARTED_FIELD), int):  # seconds ago, counted when the test runs
        overrides = {STARTED_FIELD: started(seconds_ago=overrides[STARTED_FIELD])}
    data = contact_data(**overrides)
    response = client.post("/contact/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert REFUSED_MESSAGE.split(" ;")[0].replace("'", "&#x27;") in html
    assert Submission.objects.count() == 0 and mail.outbox == []
    assert 'value="Camille Dupont"' in html  # a person caught by mistake loses nothing


def test_missing_start_time_is_a_trap(client, contact_page):
    data = contact_data()
    del data[STARTED_FIELD]
    assert client.post("/contact/", data).status_code == 200
    assert Submission.objects.count() == 0


# --- Limits -------------------------------------------------------------------------------------
def test_rate_limit_per_client_address(client, contact_page, settings):
    settings.INBOX_LIMIT_PER_IP = 1
    first = client.post("/contact/", contact_data(), REMOTE_ADDR="203.0.113.7")
    second = client.post("/contact/", contact_data(email="autre@exemple.fr"), REMOTE_ADDR="203.0.113.7")
    assert first.status_code == 302
    assert second.status_code == 429
    assert "Merci de patienter" in second.content.decode() and int(second["Retry-After"]) > 0
    assert 'value="autre@exemple.fr"' in second.content.decode()
    other = client.post("/contact/", contact_data(email="troisieme@exemple.fr"), REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302
    assert Submission.objects.count() == 2


def test_rate_limit_per_email_address_across_clients(client, contact_page, settings):
    settings.INBOX_LIMIT_PER_EMAIL = 1
    assert client.post("/contact/", contact_data(), REMOTE_ADDR="203.0.113.7").status_code == 302
    again = client.post("/contact/", contact_data(email="Camille@Exemple.fr"), REMOTE_ADDR="198.51.100.4")
    assert again.status_code == 429
    assert Submission.objects.count() == 1


# --- « Référencer mon lieu » ----------------------------------------------------------------------
def test_proposal_form_page(client, proposal_page, personal_data_page):
    response = client.get("/lieux/referencer/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Référencer mon lieu" in html and 'href="/donnees-personnelles/"' in html
    assert 'name="horaires_Mo"' in html and 'name="services"' in html


def test_valid_proposal_is_stored_in_the_standard_form(client, proposal_page):
    response = client.post("/lieux/referencer/", proposal_data())
    assert response.status_code == 302 and response["Location"] == "/lieux/referencer/merci/"
    submission = Submission.objects.get()
    place = submission.payload["place"]
    assert submission.kind == Submission.Kind.PROPOSAL
    assert place["pivot"] == "73282932000074"
    assert place["telephone"] == "+33561000000"
    assert place["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"
    assert place["services"] == "Aide aux démarches administratives|Accès internet et matériel informatique"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"pivot": "12345678901234"}, "pas un SIRET valide"),
        ({"pivot": "1234"}, "SIRET à 14 chiffres"),
        ({"code_postal": "3160"}, "5 chiffres, par exemple 31000"),
        ({"telephone": "12"}, "par exemple 05 61 00 00 00"),
        ({"horaires_Tu": "le matin"}, "Horaires du mardi illisibles"),
        ({"services": []}, "Cochez au moins un service"),
        ({"site_web": "javascript:alert(1)"}, "adresse web"),
        ({"courriels": "pas-une-adresse"}, "adresse e-mail valide"),
    ],
)
def test_invalid_proposal_says_why_and_stores_nothing(client, proposal_page, overrides, message):
    response = client.post("/lieux/referencer/", proposal_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert _title(response).startswith("Erreur : ")
    assert Submission.objects.count() == 0


def test_hours_typed_day_by_day_become_opening_hours():
    assert day_hours("9h-12h et 14h30-18h") == "09:00-12:00,14:30-18:00"
    assert day_hours("fermé") == ""
    with pytest.raises(ValueError):
        day_hours("matin")
    assert opening_hours_text({"Mo": "09:00-12:00", "Tu": "09:00-12:00", "Th": "14:00-16:00"}) == (
        "Mo,Tu 09:00-12:00; Th 14:00-16:00"
    )


# --- « Signaler une modification » ----------------------------------------------------------------
def test_correction_form_shows_current_values(client, place, correction_page):
    response = client.get(f"/lieux/signaler/{place.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Médiathèque" in html and "Aujourd&#x27;hui : +33561000000" in html
    assert "Ce lieu n&#x27;existe plus" in html


def test_valid_correction_is_stored_with_its_place(client, place, correction_page):
    data = {
        "telephone": "05 62 00 00 00",
        "closed": "",
        "comment": "",
        "name": "Sam",
        "email": "sam@exemple.fr",
        STARTED_FIELD: started(),
    }
    response = client.post(f"/lieux/signaler/{place.slug}/", data)
    assert response.status_code == 302 and response["Location"] == f"/lieux/signaler/{place.slug}/merci/"
    submission = Submission.objects.get()
    assert submission.place == place
    assert submission.payload["changes"] == {"telephone": "+33562000000"}
    assert client.get(response["Location"]).status_code == 200


def test_empty_or_invalid_correction_is_refused(client, place, correction_page):
    data = {"name": "Sam", "email": "sam@exemple.fr", STARTED_FIELD: started()}
    empty = client.post(f"/lieux/signaler/{place.slug}/", data)
    assert empty.status_code == 200 and "Indiquez au moins une valeur correcte" in empty.content.decode()
    bad = client.post(f"/lieux/signaler/{place.slug}/", {**data, "code_postal": "ABCDE"})
    assert bad.status_code == 200 and "5 chiffres, par exemple 31000" in bad.content.decode()
    assert Submission.objects.count() == 0


def test_correction_of_an_unknown_place_is_a_french_404(client, correction_page):
    response = client.get("/lieux/signaler/nulle-part/")
    assert response.status_code == 404
    assert "pas (ou plus) dans l" in response.content.decode()


def test_form_pages_are_never_cached(client, contact_page, proposal_page, correction_page, place, settings):
    settings.PAGE_CACHE_SECONDS = 600
    for url in ("/contact/", "/lieux/referencer/", f"/lieux/signaler/{place.slug}/"):
        response = client.get(url)
        assert "csrftoken" in response.cookies
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_csrf_failure_is_french_and_stores_nothing(contact_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/", contact_data())
    assert response.status_code == 403
    assert 'lang="fr"' in response.content.decode()
    assert Submission.objects.count() == 0 and mail.outbox == []


def test_privacy_text_states_the_retention_of_the_settings(client, proposal_page):
    from wagtail.models import Site

    from inbox.models import InboxSettings

    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.retention_months = 6
    settings.save()
    assert "effacés 6 mois après l" in client.get("/lieux/referencer/").content.decode()


# --- Review fixes: no relay, one line, one use per token, a way out for a stale form ---------------


def test_the_visitor_copy_repeats_no_text_the_visitor_wrote(client, contact_page):
    """Anyone may type any address: the copy must not let them send a text of their choice to it."""
    data = contact_data(copy="on", name="Achetez maintenant", message="Gagnez 1000 euros sur arnaque.example")
    assert client.post("/contact/", data).status_code == 302
    copy = mail.outbox[-1]
    assert copy.to == ["camille@exemple.fr"]
    assert "Une question" in copy.body
    assert "arnaque.example" not in copy.body and "Achetez" not in copy.body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nom", "Espace test\r\nBcc: victime@example.net"),
        ("commune", "Espace test\r\nBcc: victime@example.net"),
        ("nom", "Espace\u2028test"),  # line separator
        ("nom", "Admin\u202egnp.exe"),  # right-to-left override: shows as « Adminexe.png »
    ],
)
def test_a_line_break_in_a_one_line_field_is_refused(client, proposal_page, field, value):
    response = client.post("/lieux/referencer/", proposal_data(**{field: value}))
    assert response.status_code == 200
    assert "sur une seule ligne" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_start_time_serves_one_submission_only(client, contact_page):
    data = contact_data()
    assert client.post("/contact/", data).status_code == 302
    replay = client.post("/contact/", data)
    assert replay.status_code == 200 and "pas pu être pris en compte" in replay.content.decode()
    assert Submission.objects.count() == 1


def test_a_form_refused_as_too_old_comes_back_with_a_fresh_start_time(client, contact_page):
    stale = started(seconds_ago=25 * 3600)
    response = client.post("/contact/", contact_data(**{STARTED_FIELD: stale}))
    assert response.status_code == 200 and Submission.objects.count() == 0
    fresh = re.search(rf'name="{STARTED_FIELD}" value="([^"]+)"', response.content.decode()).group(1)
    assert fresh != stale


def test_fields_about_the_visitor_say_what_the_browser_may_fill_in(client, contact_page):
    """WCAG 1.3.5: name, e-mail and organisation carry their `autocomplete` purpose."""
    html = client.get("/contact/").content.decode()
    for name, purpose in (("name", "name"), ("email", "email"), ("organisation", "organization")):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{purpose}"' in tag


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("9 h à 12 h 30", "09:00-12:30"), ("9h-12h, 14h-17h30", "09:00-12:00,14:00-17:30"), ("fermé", "")],
)
def test_hours_in_the_site_s_own_wording_are_read(typed, expected):
    assert day_hours(typed) == expected


@pytest.mark.parametrize("typed", ["12h-9h", "14h-14h"])
def test_hours_that_end_before_they_start_are_refused(typed):
    with pytest.raises(ValueError):
        day_hours(typed)


def test_the_correction_form_shows_the_hours_in_french(client, place, correction_page):
    place.horaires = "Mo-Fr 09:00-12:00"
    place.save()
    html = client.get(f"/lieux/signaler/{place.slug}/").content.decode()
    assert "Aujourd&#x27;hui : du lundi au vendredi" in html or "Aujourd'hui : du lundi au vendredi" in html


# --- The same guarantees on each of the three forms -------------------------------------------------
def _form(name, place):
    """(address, valid data, confirmation address) of each form."""
    correction = {"telephone": "05 62 00 00 00", "name": "Sam", "email": "sam@exemple.fr", STARTED_FIELD: started()}
    return {
        "contact": ("/contact/", contact_data(), "/contact/merci/"),
        "proposal": ("/lieux/referencer/", proposal_data(), "/lieux/referencer/merci/"),
        "correction": (f"/lieux/signaler/{place.slug}/", correction, f"/lieux/signaler/{place.slug}/merci/"),
    }[name]


FORM_NAMES = ["contact", "proposal", "correction"]


@pytest.mark.usefixtures("contact_page", "proposal_page", "correction_page")
@pytest.mark.parametrize("name", FORM_NAMES)
def test_each_form_stores_before_the_mail(client, place, settings, name):
    settings.EMAIL_BACKEND = "tests.inbox.backends.StoredCheckingBackend"
    backends.stored_when_sent.clear()
    url, data, thanks = _form(name, place)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == thanks
    assert backends.stored_when_sent == [1]
    assert Submission.objects.get().mail_status == Submission.Mail.SENT


@pytest.mark.usefixtures("contact_page", "proposal_page", "correction_page")
@pytest.mark.parametrize("name", FORM_NAMES)
def test_each_form_keeps_and_confirms_when_the_mail_server_fails(client, place, settings, name):
    settings.EMAIL_BACKEND = "tests.inbox.backends.FailingBackend"
    url, data, thanks = _form(name, place)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == thanks
    assert Submission.objects.get().mail_status == Submission.Mail.FAILED
    assert client.get(thanks).status_code == 200


@pytest.mark.usefixtures("contact_page", "proposal_page", "correction_page")
@pytest.mark.parametrize("name", FORM_NAMES)
@pytest.mark.parametrize("trap", ["honeypot", "too-fast"])
def test_each_form_keeps_bots_out(client, place, name, trap):
    url, data, _ = _form(name, place)
    if trap == "honeypot":
        data[HONEYPOT_FIELD] = "http://spam.example/"
    else:
        data[STARTED_FIELD] = started(seconds_ago=0)
    response = client.post(url, data)
    assert response.status_code == 200 and "pas pu être pris en compte" in response.content.decode()
    assert Submission.objects.count() == 0 and mail.outbox == []
