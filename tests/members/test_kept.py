"""What the members pages keep with the content generation (members.models: the listed organisations,
their cards, the large logo): a change of content shows on the next visit, a reserved organisation
never reaches a list, a preview shows the draft; and the index's pages when the network grows."""

import pytest

from members.models import PER_PAGE, ActionDepartement, NetworkRole, Role
from tests.members.factories import OrganisationPageFactory
from tests.publications.factories import reserve_for_cos

pytestmark = pytest.mark.django_db


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()


def test_changes_of_an_organisation_show_on_the_next_visit(fragment_cache, client, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in", roles=[Role.CO_PILOT])
    avenir = OrganisationPageFactory(
        parent=member_index, title="Avenir", summary="Sur le terrain.", roles=[Role.FIELD_STRUCTURE]
    )
    _publish(avenir)
    html = _html(client, "/membres/")
    assert ">Avenir</a>" in html and "Sur le terrain." in html
    assert "Les structures de terrain de Coll.in" not in _html(client, coll_in.url)

    # A new summary, a département, a parent organisation: the card, the filters and both pages.
    avenir.summary = "Dans l'Aude."
    avenir.departements = list(ActionDepartement.objects.filter(code="11"))
    avenir.parent_organisation = coll_in
    _publish(avenir)
    html = _html(client, "/membres/")
    assert "Dans l&#x27;Aude." in html and "Sur le terrain." not in html
    assert ">Avenir</a>" in _html(client, "/membres/?departement=11")
    assert ">Avenir</a>" not in _html(client, "/membres/?departement=31")
    assert "Les structures de terrain de Coll.in" in _html(client, coll_in.url)
    html = _html(client, avenir.url)
    assert "Aude (11)" in html and f'<a href="{coll_in.url}">Coll.in</a>' in html

    # A new role moves it to another group, on the index and its own page.
    avenir.roles = list(NetworkRole.objects.filter(code=Role.COS_PARTICIPANT))
    _publish(avenir)
    assert ">Avenir</a>" not in _html(client, f"/membres/?role={Role.FIELD_STRUCTURE}")
    assert ">Avenir</a>" in _html(client, f"/membres/?role={Role.COS_PARTICIPANT}")
    assert "Participant au COS" in _html(client, avenir.url)

    coll_in.unpublish()
    assert ">Coll.in</a>" not in _html(client, "/membres/")
    assert "Organisation de rattachement" not in _html(client, avenir.url)
    avenir.unpublish()
    assert ">Avenir</a>" not in _html(client, "/membres/")


def test_a_reserved_organisation_is_listed_to_no_one(fragment_cache, client, member, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in", roles=[Role.CO_PILOT])
    secret = OrganisationPageFactory(
        parent=member_index, title="Structure réservée", roles=[Role.FIELD_STRUCTURE], parent_organisation=coll_in
    )
    avenir = OrganisationPageFactory(parent=member_index, title="Avenir", parent_organisation=secret)
    for visitor in (member, client):  # the member's visit first: nothing kept for him reaches the other
        assert ">Structure réservée</a>" in _html(visitor, "/membres/")
    reserve_for_cos(secret)
    for visitor in (member, client, member):
        assert "Structure réservée" not in _html(visitor, "/membres/")
        assert "Structure réservée" not in _html(visitor, f"/membres/?role={Role.FIELD_STRUCTURE}")
        assert "Structure réservée" not in _html(visitor, coll_in.url)
        assert "Structure réservée" not in _html(visitor, avenir.url)
    # Its own page, for the member who may read it: its roles and links as before.
    html = _html(member, secret.url)
    assert "Structure de terrain" in html and f'<a href="{coll_in.url}">Coll.in</a>' in html
    assert client.get(secret.url).status_code == 302  # to the login page


def test_an_organisation_preview_shows_the_draft_roles(fragment_cache, client, member_index):
    avenir = OrganisationPageFactory(parent=member_index, title="Avenir", roles=[Role.FIELD_STRUCTURE])
    _publish(avenir)
    assert "Structure de terrain" in _html(client, avenir.url)
    avenir.roles = list(NetworkRole.objects.filter(code=Role.COS_PARTICIPANT))
    avenir.departements = list(ActionDepartement.objects.filter(code="48"))
    request_page = avenir.make_preview_request()
    html = request_page.content.decode()
    assert "Participant au COS" in html and "Lozère (48)" in html
    assert "Structure de terrain" not in html


def test_a_large_network_is_listed_page_by_page(client, member_index):
    OrganisationPageFactory(parent=member_index, title="La Mêlée", roles=[Role.CARRIER])
    for n in range(PER_PAGE + 5):
        OrganisationPageFactory(
            parent=member_index, title=f"Structure {n:02d}", roles=[Role.FIELD_STRUCTURE], departements=["31"]
        )
    html = _html(client, "/membres/")
    assert html.count('class="card org-card"') == PER_PAGE
    assert ">Porteur du hub</h2>" in html and ">Structures de terrain</h2>" in html
    assert 'href="?page=2" rel="next"' in html and "Page 1 sur 2" in html

    html = _html(client, "/membres/?page=2")
    assert html.count('class="card org-card"') == 6
    assert ">Structures de terrain (suite)</h2>" in html and "Porteur du hub</h2>" not in html
    assert ">Structure 28</a>" in html and "Les membres du réseau – page 2 – " in html

    # The links keep the filters; the filtered list has its own pages.
    html = _html(client, f"/membres/?role={Role.FIELD_STRUCTURE}&departement=31")
    assert f'href="?role={Role.FIELD_STRUCTURE}&amp;departement=31&amp;page=2"' in html
    assert client.get("/membres/?page=3").status_code == 404
    assert client.get("/membres/?page=deux").status_code == 400
