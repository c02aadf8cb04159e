"""The content command builds the members and the governance from the seed, idempotently."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from governance.models import BodyKind, GovernanceBodyPage, TerritorialPolePage
from members import content as members_content
from members.models import OrganisationPage, Role

pytestmark = pytest.mark.django_db

FOUNDERS = {
    "La Mêlée": [Role.CARRIER],
    "Coll.in": [Role.CO_PILOT],
    "Envoi Insertion et Handicap": [Role.FOUNDING_MEMBER],
    "La Mêlée Adour": [Role.FOUNDING_MEMBER],
    "La Compagnie du Code": [Role.FOUNDING_MEMBER],
}
FIELD_STRUCTURES = [
    "Combustible-Numérique",
    "Avenir",
    "Nouvelle Maison des Chômeurs",
    "Fédération des Femmes pour l'Europe",
    "MJC de Lézignan-Corbières",
    "Fédération Interdépartementale Garonne Occitanie (FIGO) des centres sociaux",
]


def build():
    out = StringIO()
    call_command("build_site", stdout=out)
    return out.getvalue()


@pytest.fixture
def built(db):
    build()


def test_builds_the_founding_members_and_field_structures(built):
    for title, roles in FOUNDERS.items():
        organisation = OrganisationPage.objects.get(title=title)
        assert organisation.live and organisation.held_roles == roles
        assert organisation.logo and organisation.logo.title == f"Logo provisoire – {title}"
        assert organisation.url.startswith("/membres/")
    coll_in = OrganisationPage.objects.get(title="Coll.in")
    assert sorted(page.title for page in coll_in.affiliates.all()) == sorted(FIELD_STRUCTURES)
    for title in FIELD_STRUCTURES:
        assert OrganisationPage.objects.get(title=title).held_roles == [Role.FIELD_STRUCTURE]
    for slug, title, _initials, _colour, departements in members_content.FIELD_STRUCTURES:
        assert OrganisationPage.objects.get(slug=slug).held_departements == departements, title
    assert not OrganisationPage.objects.exclude(title__in=[*FOUNDERS, *FIELD_STRUCTURES]).exists()


def test_builds_the_bodies_and_the_thirteen_poles(built):
    copil = GovernanceBodyPage.objects.get(kind=BodyKind.COPIL)
    assert copil.url == "/gouvernance/copil/"
    assert [seat.organisation.title for seat in copil.composition.all()] == ["La Mêlée", "Coll.in"]
    cos = GovernanceBodyPage.objects.get(kind=BodyKind.COS)
    assert cos.composition.count() == 0  # the seed names no participant
    assert GovernanceBodyPage.objects.filter(kind=BodyKind.COTECH).exists()
    poles = TerritorialPolePage.objects.order_by("departement")
    assert poles.count() == 13
    assert poles.get(departement="31").url == "/gouvernance/poles/haute-garonne/"
    assert not any(pole.composition.exists() for pole in poles)  # coordinators: left to staff


def test_second_run_has_nothing_to_do(built):
    counts = (OrganisationPage.objects.count(), GovernanceBodyPage.objects.count())
    output = build()
    assert "Rien à faire" in output
    assert "créé" not in output
    assert (OrganisationPage.objects.count(), GovernanceBodyPage.objects.count()) == counts


def test_a_visitor_reaches_every_member_body_and_pole_from_the_home_page(built, client):
    """Follow links from the home page (two clicks at most) and come back through the breadcrumbs."""
    home = client.get("/", HTTP_HOST="localhost")
    assert home.status_code == 200
    html = home.content.decode()
    for title in [*FOUNDERS, *FIELD_STRUCTURES]:
        organisation = OrganisationPage.objects.get(title=title)
        assert f'href="{organisation.url}"' in html, title
    for body in GovernanceBodyPage.objects.not_type(TerritorialPolePage):
        assert f'href="{body.url}"' in html, body.title
    assert 'href="/gouvernance/poles/"' in html
    poles_html = client.get("/gouvernance/poles/", HTTP_HOST="localhost").content.decode()
    for pole in TerritorialPolePage.objects.all():
        assert f'href="{pole.url}"' in poles_html
        page_html = client.get(pole.url, HTTP_HOST="localhost").content.decode()
        assert 'href="/gouvernance/poles/"' in page_html
        assert re.search(r'<a href="/"[^>]*>', page_html)
    # The seed seats nobody in the COS: its block waits on the home page until staff fill the composition.
    assert "Ils participent à notre Comité d&#x27;orientation stratégique" not in html
    assert 'href="/gouvernance/cos/"' in html


def test_seed_facts_are_on_the_pages(built, client):
    coll_in = client.get("/membres/coll-in/", HTTP_HOST="localhost").content.decode()
    assert "médiation numérique et sociale" in coll_in and "publics en difficulté" in coll_in
    for title in FIELD_STRUCTURES:
        assert title.replace("'", "&#x27;") in coll_in
    copil = client.get("/gouvernance/copil/", HTTP_HOST="localhost").content.decode()
    assert "instance de décision" in copil and ">La Mêlée</a>" in copil and ">Coll.in</a>" in copil
    cos = client.get("/gouvernance/cos/", HTTP_HOST="localhost").content.decode()
    assert "conseiller" in cos and "orienter" in cos
    cotech = client.get("/gouvernance/cotech/", HTTP_HOST="localhost").content.decode()
    assert "groupes de travail thématiques" in cotech
    aude = client.get("/gouvernance/poles/aude/", HTTP_HOST="localhost").content.decode()
    assert ">MJC de Lézignan-Corbières</a>" in aude


def test_body_pages_say_each_sentence_once(built, client):
    for slug, phrase in (("cos", "orienter son action"), ("cotech", "groupes de travail thématiques")):
        html = client.get(f"/gouvernance/{slug}/", HTTP_HOST="localhost").content.decode()
        body = html.split("<body", 1)[1]  # the head's description and sharing preview repeat the summary
        assert body.count(phrase) == 1, slug


def test_pole_index_gives_each_code_once(built, client):
    html = client.get("/gouvernance/poles/", HTTP_HOST="localhost").content.decode()
    assert "Pôle territorial Ariège (09)</a>" in html
    assert "(09) (09)" not in html and html.count("(09)") == 1
