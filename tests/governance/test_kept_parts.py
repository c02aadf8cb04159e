"""The governance pages' parts kept with the content generation (core/fragments.py): the bodies' cards,
a body's composition and working groups, the poles' list, a pole's organisations and places. They
follow every publication, unpublication and privacy rule at the next visit, and being the same for
every visitor they hold nothing reserved, whoever comes first."""

import pytest

from governance.models import BodyKind, SeatRole
from places.models import Place
from tests.governance.factories import GovernanceBodyPageFactory, TerritorialPolePageFactory, seat, working_group
from tests.members.factories import OrganisationPageFactory
from tests.places.conftest import place_values
from tests.places.factories import PlaceIndexPageFactory
from tests.publications.factories import reserve_for_cos

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_body_page_follows_its_composition_and_working_groups(fragment_cache, client, governance_index, member_index):
    body = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COTECH, title="Comités techniques")
    first = OrganisationPageFactory(parent=member_index, title="Première association")
    second = OrganisationPageFactory(parent=member_index, title="Seconde association")
    publish(seat(body, first))
    html = client.get(body.url).content.decode()
    assert ">Première association</a>" in html and "Seconde association" not in html
    assert client.get(body.url).content.decode() == html  # served from the kept parts

    publish(working_group(seat(body, second, role=SeatRole.CHAIR), name="Groupe accueil", theme="Accueil"))
    html = client.get(body.url).content.decode()
    assert ">Seconde association</a>" in html and "Présidence" in html and "Groupe accueil" in html

    first.unpublish()
    reserve_for_cos(second)
    html = client.get(body.url).content.decode()
    assert "Première association" not in html and "Seconde association" not in html
    assert 'id="composition"' not in html and "Groupe accueil" in html


@pytest.mark.parametrize("member_first", [True, False])
def test_what_is_reserved_to_the_cos_reaches_no_one_through_kept_parts(
    fragment_cache, client, member, governance_index, pole_index, member_index, member_first
):
    cos = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COS, title="Comité d'orientation")
    shown = OrganisationPageFactory(parent=member_index, title="Association visible", departements=["11"])
    hidden = OrganisationPageFactory(parent=member_index, title="Structure du COS", departements=["11"])
    reserve_for_cos(hidden)
    seat(cos, shown)
    seat(cos, hidden)
    working_group(cos, name="Groupe du COS", theme="Thème", lead_organisation=hidden)
    pole = TerritorialPolePageFactory(parent=pole_index, departement="11", slug="aude", title="Pôle Aude")
    reserve_for_cos(GovernanceBodyPageFactory(parent=governance_index, title="Cellule confidentielle"))
    reserve_for_cos(TerritorialPolePageFactory(parent=pole_index, departement="31", slug="hg", title="Pôle discret"))

    visitors = [member, client] if member_first else [client, member]
    for _ in range(2):  # the second round comes from the kept parts
        for visitor in visitors:
            for url in ("/", governance_index.url, cos.url, pole_index.url, pole.url):
                html = visitor.get(url).content.decode()
                assert "Structure du COS" not in html and hidden.url not in html, url
                assert "Cellule confidentielle" not in html and "Pôle discret" not in html, url
            assert "Association visible" in visitor.get(cos.url).content.decode()
            assert "Association visible" in visitor.get(pole.url).content.decode()


def test_the_governance_lists_follow_publications(fragment_cache, client, home_page, governance_index, pole_index):
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage", summary="Il décide.")
    TerritorialPolePageFactory(parent=pole_index, departement="09", slug="ariege", title="Pôle Ariège")
    for url in ("/", governance_index.url):
        assert "Il décide." in client.get(url).content.decode()
    assert "Pôle Aude" not in client.get(pole_index.url).content.decode()

    copil.summary = "Il décide des actions."
    publish(copil)
    aude = publish(TerritorialPolePageFactory(parent=pole_index, departement="11", slug="aude", title="Pôle Aude"))
    for url in ("/", governance_index.url):
        assert "Il décide des actions." in client.get(url).content.decode()
    html = client.get(pole_index.url).content.decode()
    assert html.index("Pôle Ariège") < html.index(f'<a href="{aude.url}">Pôle Aude</a>')

    aude.unpublish()
    assert "Pôle Aude" not in client.get(pole_index.url).content.decode()


def test_a_pole_page_follows_its_organisations_and_places(fragment_cache, client, home_page, pole_index, member_index):
    PlaceIndexPageFactory(parent=home_page)
    pole = TerritorialPolePageFactory(parent=pole_index, departement="09", slug="ariege", title="Pôle Ariège")
    html = client.get(pole.url).content.decode()
    assert "Aucun lieu d'aide au numérique" in html and 'id="acteurs"' not in html

    Place.objects.create(**place_values(5))  # in Foix (09)
    assert "1 lieu d'aide au numérique dans ce département" in client.get(pole.url).content.decode()

    publish(OrganisationPageFactory(parent=member_index, title="Espace de Foix", departements=["09"]))
    assert ">Espace de Foix</a>" in client.get(pole.url).content.decode().split('id="acteurs"')[1]


def test_an_organisation_page_follows_its_seats(fragment_cache, client, member, governance_index, member_index):
    organisation = OrganisationPageFactory(parent=member_index, title="Coll.in")
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage")
    cos = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COS, title="Comité d'orientation")
    publish(seat(copil, organisation))
    html = client.get(organisation.url).content.decode()
    assert f'<a href="{copil.url}">Comité de pilotage</a>' in html and "Comité d&#x27;orientation" not in html

    publish(seat(cos, organisation))
    assert f'<a href="{cos.url}">Comité d&#x27;orientation</a>' in client.get(organisation.url).content.decode()

    reserve_for_cos(cos)
    for visitor in (member, client):  # a body reserved to the COS is listed to no one
        html = visitor.get(organisation.url).content.decode()
        assert "Comité d&#x27;orientation" not in html and cos.url not in html
        assert "Comité de pilotage" in html
