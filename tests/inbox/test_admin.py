"""The staff inbox: who sees it, who prepares, who accepts into the directory; decisions recorded;
a proposal becomes a place the directory shows, a correction changes only the chosen fields."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from core.site_builder import Builder
from inbox.content import build_inbox_permissions
from inbox.decisions import PROPOSAL_SOURCE
from inbox.models import Submission
from places.models import Place

from .conftest import proposal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    """A user per role, with the groups' inbox permissions as the site builds them."""
    build_inbox_permissions(Builder())
    access = Permission.objects.get(codename="access_admin")
    users = {}
    for name in ("Rédacteurs", "Modérateurs", "Administrateurs", "Membres du COS"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access)
        user = django_user_model.objects.create_user(f"user-{len(users)}", password="x")
        user.groups.add(group)
        users[name] = user
    return users


@pytest.fixture
def proposal(client, proposal_page):
    client.post("/lieux/referencer/", proposal_data())
    client.logout()
    return Submission.objects.get(kind=Submission.Kind.PROPOSAL)


@pytest.fixture
def correction(place):
    return Submission.objects.create(
        kind=Submission.Kind.CORRECTION,
        name="Sam",
        email="sam@exemple.fr",
        place=place,
        summary=str(place),
        payload={"changes": {"telephone": "+33562000000", "nom": "Médiathèque José Cabanis"}, "closed": False},
    )


def test_inbox_listing_per_group(client, staff, correction):
    for name, expected in (("Rédacteurs", 200), ("Modérateurs", 200), ("Administrateurs", 200)):
        client.force_login(staff[name])
        response = client.get("/admin/messages/")
        assert response.status_code == expected, name
        assert "Médiathèque" in response.content.decode()
    client.force_login(staff["Membres du COS"])
    for url in (
        "/admin/messages/",
        f"/admin/messages/{correction.pk}/examen/",
        f"/admin/messages/edit/{correction.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url


def test_listing_filters_and_search(client, staff, correction):
    Submission.objects.create(kind=Submission.Kind.CONTACT, name="Zoé", email="zoe@exemple.fr", summary="Presse")
    client.force_login(staff["Rédacteurs"])
    by_kind = client.get("/admin/messages/?kind=contact").content.decode()
    assert "Presse" in by_kind and "Médiathèque" not in by_kind
    found = client.get("/admin/messages/?q=zoe").content.decode()
    assert "Presse" in found and "Médiathèque" not in found


def test_editor_prepares_but_cannot_accept(client, staff, correction):
    client.force_login(staff["Rédacteurs"])
    url = f"/admin/messages/{correction.pk}/examen/"
    page = client.get(url).content.decode()
    assert "Marquer prêt" in page or "marquer prêt" in page
    assert "Accepter dans l'annuaire" not in page
    response = client.post(url, {"action": "ready", "value_telephone": "+33562000001", "value_nom": "Médiathèque"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == Submission.Status.READY and correction.handler == staff["Rédacteurs"]
    assert correction.payload["changes"]["telephone"] == "+33562000001"
    # Wagtail answers a refused permission with a redirect to the dashboard and a message.
    assert client.post(url, {"action": "accept", "apply_telephone": "on"})["Location"] == "/admin/"
    assert client.post(url, {"action": "reject"})["Location"] == "/admin/"
    correction.refresh_from_db()
    assert correction.decision == ""


def test_accepting_a_proposal_creates_a_place_the_directory_shows(client, staff, proposal, directory):
    client.force_login(staff["Modérateurs"])
    url = f"/admin/messages/{proposal.pk}/examen/"
    page = client.get(url).content.decode()
    assert "Accepter dans l'annuaire" in page
    values = {f"value_{column}": value for column, value in proposal.payload["place"].items()}
    values["value_nom"] = "Espace numérique de Muret (mairie)"  # staff edit it first
    assert client.post(url, {"action": "accept", **values}).status_code == 302
    place = Place.objects.get(nom="Espace numérique de Muret (mairie)")
    assert place.source == PROPOSAL_SOURCE and place.date_maj == timezone.localdate()
    assert place.horaires == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"
    assert place.telephone == "+33561000000" and place.departement == "31"
    proposal.refresh_from_db()
    assert proposal.decision == Submission.Decision.ACCEPTED and proposal.status == Submission.Status.DONE
    assert proposal.decided_by == staff["Modérateurs"] and proposal.decided_at is not None
    assert proposal.place == place
    client.logout()
    assert (
        "Espace numérique de Muret (mairie)"
        in b"".join(client.get("/lieux/export/lieux.csv").streaming_content).decode()
    )
    assert (
        f'href="/lieux/{place.slug}/">Espace numérique de Muret (mairie)</a>' in client.get("/lieux/").content.decode()
    )
    assert client.get(f"/lieux/{place.slug}/").status_code == 200


def test_accepting_an_invalid_proposal_saves_nothing(client, staff, proposal):
    client.force_login(staff["Administrateurs"])
    url = f"/admin/messages/{proposal.pk}/examen/"
    values = {f"value_{column}": value for column, value in proposal.payload["place"].items()}
    values["value_code_postal"] = "ABC"
    response = client.post(url, {"action": "accept", **values}, follow=True)
    assert "Rien n&#x27;a été enregistré" in response.content.decode()
    assert not Place.objects.exists()
    proposal.refresh_from_db()
    assert proposal.decision == ""


def test_accepting_a_correction_changes_only_the_chosen_fields(client, staff, correction, place):
    before = Place.objects.get(pk=place.pk)
    client.force_login(staff["Modérateurs"])
    url = f"/admin/messages/{correction.pk}/examen/"
    response = client.post(
        url,
        {
            "action": "accept",
            "apply_telephone": "on",  # nom is left unticked
            "value_telephone": "+33562000000",
            "value_nom": "Médiathèque José Cabanis",
        },
    )
    assert response.status_code == 302
    after = Place.objects.get(pk=place.pk)
    assert after.telephone == "+33562000000"
    assert after.nom == before.nom and after.adresse == before.adresse and after.services == before.services
    assert after.date_maj == timezone.localdate() and after.source == PROPOSAL_SOURCE
    correction.refresh_from_db()
    assert correction.decided_by == staff["Modérateurs"] and correction.decision == Submission.Decision.ACCEPTED
    # A decided submission cannot be decided twice.
    client.post(url, {"action": "reject"})
    correction.refresh_from_db()
    assert correction.decision == Submission.Decision.ACCEPTED


def test_reject_is_recorded(client, staff, correction):
    client.force_login(staff["Administrateurs"])
    client.post(f"/admin/messages/{correction.pk}/examen/", {"action": "reject"})
    correction.refresh_from_db()
    assert correction.decision == Submission.Decision.REJECTED and correction.decided_by == staff["Administrateurs"]


def test_failed_notification_is_shown_in_the_admin(client, staff):
    Submission.objects.create(
        kind=Submission.Kind.CONTACT,
        name="Zoé",
        email="zoe@exemple.fr",
        summary="Presse",
        mail_status=Submission.Mail.FAILED,
        mail_error="SMTPConnectError: 421",
    )
    client.force_login(staff["Rédacteurs"])
    assert "Échec de l&#x27;envoi" in client.get("/admin/messages/").content.decode()
    assert "Échec de l&#x27;envoi" in client.get("/admin/messages/?mail_status=echec").content.decode()


def test_purge_deletes_only_old_submissions(home_page):
    from wagtail.models import Site

    from inbox.models import InboxSettings

    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.retention_months = 6
    settings.save()
    now = timezone.now()
    old = Submission.objects.create(
        kind="contact", name="A", email="a@exemple.fr", created_at=now - timezone.timedelta(days=200)
    )
    recent = Submission.objects.create(
        kind="contact", name="B", email="b@exemple.fr", created_at=now - timezone.timedelta(days=150)
    )
    call_command("purge_submissions")
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.filter(pk=recent.pk).exists()


def test_nobody_adds_a_submission_by_hand(client, staff, admin_user):
    """Submissions come from the public forms: no « Ajouter » for any role, superusers included."""
    for user in (staff["Administrateurs"], admin_user):
        client.force_login(user)
        assert client.get("/admin/messages/new/").status_code in (302, 403)
        assert 'href="/admin/messages/new/"' not in client.get("/admin/messages/").content.decode()
    assert Submission.objects.count() == 0


def test_only_people_who_can_open_the_inbox_may_handle_a_submission(client, staff, correction, admin_user):
    client.force_login(admin_user)
    html = client.get(f"/admin/messages/edit/{correction.pk}/").content.decode()
    handler_select = html[html.index('name="handler"') : html.index("</select>", html.index('name="handler"'))]
    for name in ("Rédacteurs", "Modérateurs", "Administrateurs"):
        assert f">{staff[name].username}<" in handler_select, name
    assert f">{staff['Membres du COS'].username}<" not in handler_select


# --- « Ce lieu n'existe plus » --------------------------------------------------------------------
@pytest.fixture
def closed_report(place):
    return Submission.objects.create(
        kind=Submission.Kind.CORRECTION,
        name="Sam",
        email="sam@exemple.fr",
        place=place,
        summary=str(place),
        payload={"changes": {}, "closed": True, "comment": "Fermé depuis juin."},
    )


def test_a_closed_place_leaves_the_directory_when_a_moderator_confirms(client, staff, closed_report, place, directory):
    from wagtail.models import ModelLogEntry

    assert client.get(f"/lieux/{place.slug}/").status_code == 200
    url = f"/admin/messages/{closed_report.pk}/examen/"
    client.force_login(staff["Rédacteurs"])
    assert "Retirer ce lieu" not in client.get(url).content.decode()
    assert client.post(url, {"action": "withdraw", "confirm_withdraw": "1"})["Location"] == "/admin/"
    assert Place.objects.filter(pk=place.pk).exists()

    client.force_login(staff["Modérateurs"])
    assert "Retirer ce lieu de l'annuaire" in client.get(url).content.decode()
    assert client.post(url, {"action": "withdraw", "confirm_withdraw": "1"}).status_code == 302
    assert not Place.objects.filter(pk=place.pk).exists()
    closed_report.refresh_from_db()
    assert closed_report.decision == Submission.Decision.WITHDRAWN and closed_report.status == Submission.Status.DONE
    assert closed_report.decided_by == staff["Modérateurs"] and closed_report.decided_at is not None
    assert closed_report.payload["withdrawn_place"]["nom"] == "Médiathèque"  # what the place was
    entry = ModelLogEntry.objects.get(action="inbox.withdraw")
    assert entry.user == staff["Modérateurs"] and entry.object_id == str(closed_report.pk)
    client.logout()
    assert client.get(f"/lieux/{place.slug}/").status_code == 404
    assert "Médiathèque" not in b"".join(client.get("/lieux/export/lieux.csv").streaming_content).decode()


def test_only_a_report_that_says_closed_withdraws_a_place(client, staff, correction, place):
    client.force_login(staff["Administrateurs"])
    url = f"/admin/messages/{correction.pk}/examen/"
    assert "Retirer ce lieu" not in client.get(url).content.decode()
    response = client.post(url, {"action": "withdraw", "confirm_withdraw": "1"}, follow=True)
    assert "Rien n&#x27;a été enregistré" in response.content.decode()
    assert Place.objects.filter(pk=place.pk).exists()


# --- « Renvoyer la notification » -----------------------------------------------------------------
@pytest.fixture
def failed(home_page):
    from wagtail.models import Site

    from inbox.models import InboxSettings

    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.recipients = "equipe@rhinocc.test"
    settings.save()
    return Submission.objects.create(
        kind=Submission.Kind.CONTACT,
        name="Zoé",
        email="zoe@exemple.fr",
        summary="Presse",
        mail_status=Submission.Mail.FAILED,
        mail_error="SMTPConnectError: 421",
        mail_attempts=1,
    )


def test_a_failed_notification_is_sent_again_from_the_admin(client, staff, failed, caplog):
    from django.core import mail
    from wagtail.models import ModelLogEntry

    client.force_login(staff["Rédacteurs"])
    review = f"/admin/messages/{failed.pk}/examen/"
    assert "Renvoyer la notification" in client.get(review).content.decode()
    with caplog.at_level("INFO", logger="inbox"):
        response = client.post(f"/admin/messages/{failed.pk}/renvoyer/")
    assert response.status_code == 302 and response["Location"] == review
    failed.refresh_from_db()
    assert failed.mail_status == Submission.Mail.SENT and failed.mail_error == "" and failed.mail_attempts == 2
    assert [message.to for message in mail.outbox] == [["equipe@rhinocc.test"]]
    assert f"Notification of submission {failed.pk} sent again" in caplog.text
    entry = ModelLogEntry.objects.get(action="inbox.resend")
    assert entry.user == staff["Rédacteurs"] and entry.data == {"status": Submission.Mail.SENT}
    # Sent: nothing more to send again.
    assert "Renvoyer la notification" not in client.get(review).content.decode()
    client.post(f"/admin/messages/{failed.pk}/renvoyer/")
    assert len(mail.outbox) == 1


def test_a_notification_that_fails_again_stays_failed(client, staff, failed, settings):
    settings.EMAIL_BACKEND = "tests.inbox.backends.FailingBackend"
    client.force_login(staff["Modérateurs"])
    response = client.post(f"/admin/messages/{failed.pk}/renvoyer/", follow=True)
    assert "L&#x27;envoi a encore échoué" in response.content.decode()
    failed.refresh_from_db()
    assert failed.mail_status == Submission.Mail.FAILED and failed.mail_attempts == 2


def test_cos_members_cannot_send_a_notification_again(client, staff, failed):
    from django.core import mail

    client.force_login(staff["Membres du COS"])
    assert client.post(f"/admin/messages/{failed.pk}/renvoyer/")["Location"] == "/admin/"
    assert client.get(f"/admin/messages/{failed.pk}/renvoyer/").status_code in (302, 405)
    assert mail.outbox == []
