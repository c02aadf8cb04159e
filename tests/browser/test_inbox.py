"""The public forms in a real browser (issue 11): axe at 375 and 1280 px with and without errors,
and forms sent with JavaScript off."""

import pytest

from tests.browser.axe import WIDTHS, assert_accessible, format_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def place(built_site):
    from tests.places.conftest import create_place

    return create_place(1, nom="Médiathèque")


@pytest.fixture
def quick_forms(settings):
    """No minimum fill time: the browser fills the form faster than a person."""
    settings.INBOX_MIN_FILL_SECONDS = 0


def _form_paths(place):
    return ["/contact/", "/lieux/referencer/", f"/lieux/signaler/{place.slug}/"]


def test_forms_are_accessible(page, site_url, place):
    for path in _form_paths(place):
        assert_accessible(page, site_url + path)


def test_forms_with_errors_are_accessible(page, site_url, place, quick_forms):
    failures = []
    for path in _form_paths(place):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site_url + path)
            page.fill("#id_email", "pas-une-adresse")
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state("load")
            assert page.title().startswith("Erreur : "), path
            assert page.locator("#erreurs a").count() > 0, path
            assert page.locator("#id_email[aria-invalid=true]").count() == 1, path
            violations = run_axe(page)
            if violations:
                failures.append(f"{path} at {width}px:\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)


def test_contact_form_sent_without_javascript(page_nojs, site_url, quick_forms):
    from inbox.models import Submission

    page_nojs.goto(site_url + "/contact/")
    page_nojs.fill("#id_name", "Camille Dupont")
    page_nojs.fill("#id_email", "camille@exemple.fr")
    page_nojs.select_option("#id_subject", label="Une question")
    page_nojs.fill("#id_message", "Bonjour, comment rejoindre le réseau ?")
    page_nojs.get_by_role("button", name="Envoyer le message").click()
    page_nojs.wait_for_url("**/contact/merci/")
    assert "bien arrivé" in page_nojs.content()
    assert Submission.objects.get().name == "Camille Dupont"


def test_correction_form_sent_without_javascript(page_nojs, site_url, place, quick_forms):
    from inbox.models import Submission

    # From the place's page, as a visitor finds it.
    page_nojs.goto(site_url + f"/lieux/{place.slug}/")
    page_nojs.get_by_role("link", name="Signaler une modification").click()
    page_nojs.wait_for_url(f"**/lieux/signaler/{place.slug}/")
    page_nojs.fill("#id_telephone", "05 62 00 00 00")
    page_nojs.fill("#id_name", "Sam")
    page_nojs.fill("#id_email", "sam@exemple.fr")
    page_nojs.get_by_role("button", name="Envoyer le signalement").click()
    page_nojs.wait_for_url(f"**/lieux/signaler/{place.slug}/merci/")
    assert Submission.objects.get().payload["changes"] == {"telephone": "+33562000000"}


def test_proposal_form_sent_without_javascript(page_nojs, site_url, place, quick_forms):
    from inbox.models import Submission

    # From the directory's list, as a visitor finds it.
    page_nojs.goto(site_url + "/lieux/")
    page_nojs.get_by_role("link", name="Référencer mon lieu").click()
    page_nojs.wait_for_url("**/lieux/referencer/")
    page_nojs.fill("#id_nom", "Espace numérique de Muret")
    page_nojs.fill("#id_pivot", "732 829 320 00074")
    page_nojs.fill("#id_adresse", "1 place de la Mairie")
    page_nojs.fill("#id_code_postal", "31600")
    page_nojs.fill("#id_commune", "Muret")
    page_nojs.fill("#id_horaires_Mo", "9h-12h, 14h-17h30")
    page_nojs.get_by_label("Aide aux démarches administratives").first.check()
    page_nojs.fill("#id_name", "Alex Martin")
    page_nojs.fill("#id_email", "alex@muret.test")
    page_nojs.get_by_role("button", name="Envoyer la proposition").click()
    page_nojs.wait_for_url("**/lieux/referencer/merci/")
    assert "bien arrivée" in page_nojs.content()
    submission = Submission.objects.get()
    assert submission.payload["place"]["horaires"] == "Mo 09:00-12:00,14:00-17:30"
