"""Fixtures of the inbox tests: the contact page, a place, valid form data with an old enough start."""

import time

import pytest
from django.core.cache import cache
from wagtail.models import Site

from inbox.models import ContactPage, ContactSubject, InboxSettings
from inbox.spam import STARTED_FIELD, start_token
from tests.places.conftest import create_place

RECIPIENT = "equipe@rhinocc.test"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """The limits count in the cache: each test starts with none."""
    cache.clear()


def started(seconds_ago=60):
    return start_token(now=time.time() - seconds_ago)


@pytest.fixture
def contact_page(home_page):
    page = ContactPage(title="Nous écrire", slug="contact")
    page.subjects = [ContactSubject(label="Une question"), ContactSubject(label="Autre chose")]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    settings = InboxSettings.for_site(Site.objects.get(is_default_site=True))
    settings.recipients = RECIPIENT
    settings.save()
    return page


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
