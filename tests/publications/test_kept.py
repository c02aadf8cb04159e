"""What the publication pages keep with the content generation (publication cards, a page's relations,
the lists and filter links of the index): a change of content shows on the next render, and what is
reserved to the COS never reaches anyone else."""

import pytest

from tests.members.factories import OrganisationPageFactory

from .factories import PublicationPageFactory, reserve_for_cos

SECRET = "Compte rendu secret du comité"

pytestmark = pytest.mark.usefixtures("fragment_cache")


@pytest.fixture
def linked(index, public_publication, reserved_publication):
    page = PublicationPageFactory(parent=index, title="Une publication qui renvoie ailleurs")
    page.related_publications.create(publication=reserved_publication)
    page.related_publications.create(publication=public_publication)
    page.save_revision().publish()
    return page


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("member_first", [True, False])
def test_index_cards_are_kept_but_never_shown_to_those_they_are_reserved_from(
    client, member, public_publication, reserved_publication, member_first
):
    visits = [("member", member), ("anonymous", client)]
    if not member_first:
        visits.reverse()
    for _ in range(2):  # the second round is served from the kept cards
        for who, visitor in visits:
            page = html(visitor, "/publications/")
            assert public_publication.title in page
            assert (SECRET in page) is (who == "member")
            assert ("Réservé au COS" in page) is (who == "member")


def test_an_edited_publication_shows_at_once_on_the_index(client, public_publication):
    assert public_publication.title in html(client, "/publications/")
    public_publication.title = "Ateliers numériques à Montauban"
    public_publication.save_revision().publish()
    page = html(client, "/publications/")
    assert "Ateliers numériques à Montauban" in page
    assert "Ateliers numériques à Toulouse" not in page


def test_an_unpublished_publication_leaves_the_index_at_once(client, public_publication):
    assert public_publication.title in html(client, "/publications/")
    public_publication.unpublish()
    assert public_publication.title not in html(client, "/publications/")


def test_a_new_privacy_rule_hides_a_kept_card_at_once(client, member, public_publication):
    assert public_publication.title in html(client, "/publications/")
    assert "Réservé au COS" not in html(member, "/publications/")
    reserve_for_cos(public_publication)
    assert public_publication.title not in html(client, "/publications/")
    page = html(member, "/publications/")
    assert public_publication.title in page
    assert "Réservé au COS" in page


@pytest.mark.parametrize("member_first", [True, False])
def test_see_also_is_kept_but_filtered_for_each_visitor(client, member, linked, member_first):
    visits = [("member", member), ("anonymous", client)]
    if not member_first:
        visits.reverse()
    for _ in range(2):
        for who, visitor in visits:
            page = html(visitor, linked.url)
            assert "Ateliers numériques à Toulouse" in page
            assert (SECRET in page) is (who == "member")


def test_a_see_also_publication_reserved_later_leaves_the_anonymous_page(client, member, linked, public_publication):
    assert public_publication.title in html(client, linked.url)
    reserve_for_cos(public_publication)
    assert public_publication.title not in html(client, linked.url)
    assert public_publication.title in html(member, linked.url)


def test_a_see_also_publication_unpublished_later_leaves_the_page(client, linked, public_publication):
    assert public_publication.title in html(client, linked.url)
    public_publication.unpublish()
    assert public_publication.title not in html(client, linked.url)


def test_a_concerned_organisation_follows_its_publication_state(client, home_page, public_publication):
    organisation = OrganisationPageFactory(parent=home_page, title="Association Numérique Pour Tous")
    public_publication.related_organisations.create(organisation=organisation)
    public_publication.save_revision().publish()
    assert organisation.title in html(client, public_publication.url)
    organisation.unpublish()
    assert organisation.title not in html(client, public_publication.url)


def test_a_new_tag_shows_at_once(client, public_publication):
    assert "Étiquettes" in html(client, public_publication.url)
    public_publication.tags.add("Fracture numérique")
    public_publication.save_revision().publish()
    assert "Fracture numérique" in html(client, public_publication.url)
    assert "Fracture numérique" in html(client, "/publications/")


def test_each_filter_keeps_its_own_list(client, index, public_publication, reserved_publication, member):
    funding = PublicationPageFactory(parent=index, title="Appel à projets départemental", category="financement")
    for _ in range(2):
        page = html(client, "/publications/?categorie=financement")
        assert funding.title in page and public_publication.title not in page
        page = html(client, "/publications/")
        assert funding.title in page and public_publication.title in page and SECRET not in page
        assert SECRET in html(member, "/publications/?categorie=compte-rendu")
        assert SECRET not in html(client, "/publications/?categorie=compte-rendu")


def test_a_new_publication_joins_the_kept_list_at_once(client, index, public_publication):
    assert "1 publication" in html(client, "/publications/")
    page = PublicationPageFactory.build(title="Nouvelle publication du réseau", slug="nouvelle", live=False)
    index.add_child(instance=page)
    assert "Nouvelle publication du réseau" not in html(client, "/publications/")
    page.save_revision().publish()
    listed = html(client, "/publications/")
    assert "Nouvelle publication du réseau" in listed
    assert "2 publications" in listed


@pytest.mark.parametrize("member_first", [True, False])
def test_the_kept_filter_links_never_name_a_reserved_tag_to_others(
    client, member, public_publication, reserved_publication, member_first
):
    visits = [("member", member), ("anonymous", client)]
    if not member_first:
        visits.reverse()
    for _ in range(2):
        for who, visitor in visits:
            page = html(visitor, "/publications/?categorie=compte-rendu")
            assert ("?categorie=compte-rendu&amp;etiquette=confidentiel" in page) is (who == "member")
            assert '?categorie=compte-rendu&amp;etiquette=mediation"' in page
            assert 'aria-current="true" class="publication-filters__current">Compte rendu</a>' in page
