"""Fixtures of the inbox tests: the three form pages, a place, valid form data with an old enough start."""

import time

import pytest
from django.core.cache import cache
from wagtail.models import Site

from inbox.models import ContactPage, ContactSubject, InboxSettings, PlaceCorrectionPage, PlaceProposalPage
from inbox.spam import STARTED_FIELD, start_token
from tests.places.conftest import create_place
from tests.places.factories import PlaceIndexPageFactory

RECIPIENT = "equipe@rhinocc.test"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """The limits count in the cache: each test starts with none."""
    cache.clear()


def started(seconds_ago=60):
    return start_token(now=time.time() - seconds_ago)


def _published_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.recipients = RECIPIENT
    settings.save()
    return page


@pytest.fixture
def contact_page(home_page):
    page = ContactPage(title="Nous écrire", slug="contact")
    page.subjects = [ContactSubject(label="Une question"), ContactSubject(label="Autre chose")]
    return _published_under(home_page, page)


@pytest.fixture
def personal_data_page(home_page):
    from tests.hub.factories import StandardPageFactory

    return StandardPageFactory(parent=home_page, title="Données personnelles", slug="donnees-personnelles")


@pytest.fixture
def directory(home_page):
    return PlaceIndexPageFactory(parent=home_page, slug="lieux")


@pytest.fixture
def proposal_page(directory):
    page = PlaceProposalPage(
        title="Référencer mon lieu",
        slug="referencer",
        intro="<p>Présentez votre lieu.</p>",
        privacy_text="<p>Pour vérifier la proposition avec vous.</p>",
        thanks_text="<p>Votre proposition est bien arrivée.</p>",
    )
    return _published_under(directory, page)


@pytest.fixture
def correction_page(directory):
    page = PlaceCorrectionPage(
        title="Signaler une modification",
        slug="signaler",
        intro="<p>Écrivez la bonne valeur.</p>",
        thanks_text="<p>Votre signalement est bien arrivé.</p>",
    )
    return _published_under(directory, page)


@pytest.fixture
def place(db):
    return create_place(1, telephone="+33561000000", nom="Médiathèque")


def contact_data(**overrides):
    data = {
        "name": "Camille Dupont",
        "email": "camille@exemple.fr",
        "organisation": "",
        "subject": "Une question",
        "message": "Bonjour, comment rejoindre le réseau ?",
        STARTED_FIELD: started(),
    }
    data.update(overrides)
    return data


def proposal_data(**overrides):
    data = {
        "nom": "Espace numérique de Muret",
        "pivot": "732 829 320 00074",
        "adresse": "1 place de la Mairie",
        "code_postal": "31600",
        "commune": "Muret",
        "telephone": "05 61 00 00 00",
        "courriels": "contact@muret.test",
        "site_web": "https://www.muret.test/",
        "services": ["Aide aux démarches administratives", "Accès internet et matériel informatique"],
        "frais_a_charge": ["Gratuit"],
        "horaires_Mo": "9h-12h, 14h-17h30",
        "horaires_Tu": "9h-12h, 14h-17h30",
        "horaires_We": "9h-12h, 14h-17h30",
        "horaires_Th": "9h-12h, 14h-17h30",
        "horaires_Fr": "9h-12h, 14h-17h30",
        "horaires_Sa": "10:00-12:00",
        "presentation_resume": "Un accueil pour les démarches en ligne.",
        "name": "Alex Martin",
        "email": "alex@muret.test",
        "role": "Médiateur numérique",
        STARTED_FIELD: started(),
    }
    data.update(overrides)
    return data
