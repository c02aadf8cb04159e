import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from governance.models import (
    BodyKind,
    GovernanceBodyPage,
    GovernanceIndexPage,
    Seat,
    SeatRole,
    TerritorialPoleIndexPage,
    TerritorialPolePage,
    WorkingGroup,
)
from hub.models import HomePage
from members.models import Role
from tests.conftest import count_queries
from tests.governance.factories import GovernanceBodyPageFactory, TerritorialPolePageFactory, seat, working_group
from tests.members.factories import OrganisationPageFactory

pytestmark = pytest.mark.django_db


# Tree rules


def test_governance_tree_rules(home_page, governance_index, pole_index, member_index):
    assert GovernanceIndexPage.allowed_parent_page_models() == [HomePage]
    assert not GovernanceIndexPage.can_create_at(home_page)  # max_count = 1
    assert set(GovernanceIndexPage.allowed_subpage_models()) == {GovernanceBodyPage, TerritorialPoleIndexPage}
    assert GovernanceBodyPage.can_create_at(governance_index)
    assert not GovernanceBodyPage.can_create_at(home_page)
    assert not GovernanceBodyPage.can_create_at(pole_index)
    assert not TerritorialPoleIndexPage.can_create_at(governance_index)  # max_count = 1
    assert TerritorialPolePage.can_create_at(pole_index)
    assert not TerritorialPolePage.can_create_at(governance_index)
    assert not TerritorialPolePage.can_create_at(member_index)
    assert GovernanceBodyPage.allowed_subpage_models() == []
    assert TerritorialPolePage.allowed_subpage_models() == []


def test_one_pole_per_departement(pole_index):
    TerritorialPolePageFactory(parent=pole_index, departement="11", slug="aude")
    with pytest.raises(ValidationError):
        TerritorialPolePage(title="Encore l'Aude", slug="aude-2", departement="11").full_clean()


def test_a_body_cannot_pretend_to_be_a_pole(governance_index):
    """A pole is a TerritorialPolePage: no kind of body says « pole »."""
    body = GovernanceBodyPage(title="Faux pôle", slug="faux", kind="pole")
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "kind" in error.value.error_dict


def test_a_pole_is_told_apart_by_its_page_type(pole_index, governance_index):
    pole = TerritorialPolePageFactory(parent=pole_index)
    body = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.OTHER)
    assert pole.kind_label == "Pôle territorial"
    assert GovernanceBodyPage.objects.get(pk=pole.pk).kind_label == "Pôle territorial"
    assert body.kind_label == "Autre instance"
    assert list(GovernanceBodyPage.objects.not_type(TerritorialPolePage)) == [body]
    # Poles sit under the poles index, not among the bodies the home page may list.
    assert pole.pk not in governance_index.get_children().values_list("pk", flat=True)


# Rendering


def test_governance_index_lists_its_bodies(client, governance_index, pole_index):
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage", summary="Il décide.")
    html = client.get("/gouvernance/").content.decode()
    assert html.count("<h1") == 1
    assert f'href="{copil.url}"' in html and "Il décide." in html
    assert f'href="{pole_index.url}"' in html


def test_empty_governance_index_reads_well(client, governance_index):
    response = client.get("/gouvernance/")
    assert response.status_code == 200
    assert "seront bientôt présentées ici" in response.content.decode()


def test_body_page_lists_its_composition_in_order_with_logos_and_links(client, governance_index, member_index):
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage", acronym="CoPil")
    melee = OrganisationPageFactory(parent=member_index, title="La Mêlée")
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in")
    seat(copil, coll_in, role=SeatRole.CHAIR, note="Copilote")
    seat(copil, melee)

    html = client.get(copil.url).content.decode()

    assert html.count("<h1") == 1 and "Comité de pilotage (CoPil)" in html
    assert html.index(">Coll.in</a>") < html.index(">La Mêlée</a>")
    assert f'href="{melee.url}"' in html and f'href="{coll_in.url}"' in html
    assert "Présidence – Copilote" in html
    assert ".max-160x80.format-webp.webp" in html


def test_unpublished_organisations_are_left_out_of_the_composition(client, governance_index, member_index):
    body = GovernanceBodyPageFactory(parent=governance_index)
    draft = OrganisationPageFactory(parent=member_index, title="Brouillon")
    seat(body, draft)
    draft.unpublish()
    html = client.get(body.url).content.decode()
    assert "Brouillon" not in html
    assert 'id="composition"' not in html


def test_cotech_lists_its_working_groups(client, governance_index, member_index):
    lead = OrganisationPageFactory(parent=member_index, title="La Compagnie du Code")
    cotech = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COTECH, title="Comités techniques")
    working_group(
        cotech, name="Groupe formation", theme="Formation des aidants", lead_organisation=lead, description="Former."
    )
    html = client.get(cotech.url).content.decode()
    assert "Groupe formation" in html and "Thème : Formation des aidants" in html
    assert f'<a href="{lead.url}">La Compagnie du Code</a>' in html and "Former." in html


def test_empty_cotech_shows_no_empty_section(client, governance_index):
    cotech = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COTECH)
    html = client.get(cotech.url).content.decode()
    assert "Groupes de travail" not in html and 'id="composition"' not in html
    assert "prochainement" not in html and "dès leur constitution" not in html


def test_pole_page_shows_coordination_and_organisations_acting_there(client, pole_index, member_index):
    pole = TerritorialPolePageFactory(parent=pole_index, departement="11", slug="aude", title="Pôle territorial Aude")
    coordinator = OrganisationPageFactory(parent=member_index, title="Coordinatrice", departements=["11"])
    OrganisationPageFactory(parent=member_index, title="MJC de Lézignan-Corbières", departements=["11"])
    OrganisationPageFactory(parent=member_index, title="Ailleurs", departements=["31"])
    seat(pole, coordinator, role=SeatRole.COORDINATOR)

    response = client.get("/gouvernance/poles/aude/")

    html = response.content.decode()
    assert response.status_code == 200
    coordination, acting = html.split('id="acteurs"')
    assert ">Coordinatrice</a>" in coordination and "Coordination" in coordination
    assert ">MJC de Lézignan-Corbières</a>" in acting and ">Coordinatrice</a>" not in acting
    assert "Ailleurs" not in html


def test_empty_pole_reads_well(client, pole_index):
    pole = TerritorialPolePageFactory(parent=pole_index, departement="48", slug="lozere")
    html = client.get(pole.url).content.decode()
    assert "Coordination du pôle" not in html and "pas encore" not in html
    assert "’" not in html
    assert 'id="acteurs"' not in html and "Aucune organisation" not in html


def test_pole_index_lists_the_poles(client, pole_index):
    TerritorialPolePageFactory(parent=pole_index, departement="31", slug="haute-garonne", title="Pôle Haute-Garonne")
    TerritorialPolePageFactory(parent=pole_index, departement="09", slug="ariege", title="Pôle Ariège")
    html = client.get(pole_index.url).content.decode()
    assert html.index("Pôle Ariège") < html.index("Pôle Haute-Garonne")
    assert '<span class="pole-list__code">(09)</span>' in html  # the title does not give the code


def test_pole_index_does_not_repeat_a_code_the_title_gives(client, pole_index):
    TerritorialPolePageFactory(parent=pole_index, departement="09", slug="ariege", title="Pôle territorial Ariège (09)")
    html = client.get(pole_index.url).content.decode()
    assert "Pôle territorial Ariège (09)</a>" in html
    assert html.count("(09)") == 1


# Composition on both sides


def test_organisation_page_lists_the_bodies_it_sits_in(client, governance_index, pole_index, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in")
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage")
    cos = GovernanceBodyPageFactory(parent=governance_index, title="Comité d'orientation stratégique", kind="cos")
    pole = TerritorialPolePageFactory(parent=pole_index, title="Pôle territorial Aude")
    seat(copil, coll_in, note="Ses membres")
    seat(pole, coll_in, role=SeatRole.COORDINATOR)
    seat(cos, OrganisationPageFactory(parent=member_index))
    cos_draft = GovernanceBodyPageFactory(parent=governance_index, title="Instance brouillon")
    seat(cos_draft, coll_in)
    cos_draft.unpublish()

    html = client.get(coll_in.url).content.decode()

    assert f'<a href="{copil.url}">Comité de pilotage</a> : membre (Ses membres)' in html
    assert f'<a href="{pole.url}">Pôle territorial Aude</a> : coordination' in html
    assert "Comité d&#x27;orientation stratégique" not in html
    assert "Instance brouillon" not in html


def restrict(page, restriction_type=PageViewRestriction.LOGIN):
    PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)
    return page


def test_organisation_page_leaves_out_reserved_bodies_and_parent(client, governance_index, member_index):
    parent = restrict(OrganisationPageFactory(parent=member_index, title="Tête de réseau discrète"))
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in", parent_organisation=parent)
    copil = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage")
    secret = restrict(GovernanceBodyPageFactory(parent=governance_index, title="Cellule confidentielle"))
    seat(copil, coll_in)
    seat(secret, coll_in)

    html = client.get(coll_in.url).content.decode()

    assert f'<a href="{copil.url}">Comité de pilotage</a>' in html
    assert "Cellule confidentielle" not in html and secret.url not in html
    assert "Tête de réseau discrète" not in html and "Organisation de rattachement" not in html


def test_body_page_and_home_leave_out_reserved_organisations(client, governance_index, member_index):
    cos = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COS, title="Comité d'orientation")
    shown = OrganisationPageFactory(parent=member_index, title="Association visible")
    hidden = restrict(OrganisationPageFactory(parent=member_index, title="Structure discrète"))
    seat(cos, shown)
    seat(cos, hidden)
    working_group(cos, name="Groupe discret", theme="Thème", lead_organisation=hidden)
    restrict(GovernanceBodyPageFactory(parent=governance_index, title="Cellule confidentielle"))

    for url in (cos.url, "/", governance_index.url):
        html = client.get(url).content.decode()
        assert "Structure discrète" not in html and hidden.url not in html, url
        assert "Cellule confidentielle" not in html, url
    body_html = client.get(cos.url).content.decode()
    assert "Association visible" in body_html and "Groupe discret" in body_html
    assert "Piloté par" not in body_html
    assert shown.url in client.get("/").content.decode()


# Admin


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse")
    client.force_login(user)
    return client


def test_staff_seat_an_organisation_in_a_body(admin_client, client, governance_index, member_index):
    body = GovernanceBodyPageFactory(parent=governance_index, title="Comité de pilotage")
    organisation = OrganisationPageFactory(parent=member_index, title="Nouvelle association")
    edit_url = f"/admin/pages/{body.pk}/edit/"
    assert "Composition" in admin_client.get(edit_url).content.decode()
    data = nested_form_data(
        {
            "title": body.title,
            "slug": body.slug,
            "kind": BodyKind.COPIL,
            "acronym": "CoPil",
            "summary": "",
            "show_on_home_page": "on",
            "mission": streamfield([]),
            "cadence": "",
            "composition": inline_formset(
                [{"organisation": organisation.pk, "role": SeatRole.CHAIR, "note": "Depuis 2024"}]
            ),
            "working_groups": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    assert "Nouvelle association" in client.get(body.url).content.decode()
    assert f'<a href="{body.url}">Comité de pilotage</a> : présidence' in client.get(organisation.url).content.decode()


def test_composition_chooser_is_limited_to_organisations(admin_client, governance_index):
    body = GovernanceBodyPageFactory(parent=governance_index)
    html = admin_client.get(f"/admin/pages/{body.pk}/edit/").content.decode()
    assert "members.organisationpage" in html


def test_admin_listing_of_bodies_filters_by_kind_and_departement(admin_client, governance_index, pole_index):
    GovernanceBodyPageFactory(parent=governance_index, title="Comité alpha")
    TerritorialPolePageFactory(parent=pole_index, title="Pôle territorial Aude", departement="11")
    html = admin_client.get("/admin/instances/").content.decode()
    assert "Comité alpha" in html and "Pôle territorial Aude" in html
    html = admin_client.get("/admin/instances/", {"kind": "pole", "departement": "11"}).content.decode()
    assert "Pôle territorial Aude" in html and "Comité alpha" not in html
    html = admin_client.get("/admin/instances/", {"kind": "pole"}).content.decode()
    assert "Pôle territorial Aude" in html and "Comité alpha" not in html
    html = admin_client.get("/admin/instances/", {"kind": ["copil", "cos"]}).content.decode()
    assert "Comité alpha" in html and "Pôle territorial Aude" not in html
    html = admin_client.get("/admin/instances/", {"kind": "autre"}).content.decode()
    assert "Comité alpha" not in html and "Pôle territorial Aude" not in html
    html = admin_client.get("/admin/instances/", {"kind": ["copil", "pole"]}).content.decode()
    assert "Comité alpha" in html and "Pôle territorial Aude" in html


# Query counts


def test_body_page_queries_do_not_grow_with_its_composition(client, governance_index, member_index):
    body = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COTECH)
    restrict(OrganisationPageFactory(parent=member_index))

    def add(count):
        for _ in range(count):
            organisation = OrganisationPageFactory(parent=member_index)
            body.composition.add(Seat(organisation=organisation))
            working_group_row = {"name": "Groupe", "theme": "Thème", "lead_organisation": organisation}
            body.working_groups.add(WorkingGroup(**working_group_row))
        body.save()

    add(5)
    with_five = count_queries(client, body.url)
    add(45)
    assert count_queries(client, body.url) == with_five


def test_pole_page_queries_do_not_grow_with_the_organisations(client, pole_index, member_index):
    pole = TerritorialPolePageFactory(parent=pole_index, departement="11")

    def add(count):
        for _ in range(count):
            organisation = OrganisationPageFactory(parent=member_index, departements=["11"])
            pole.composition.add(Seat(organisation=organisation, role=SeatRole.COORDINATOR))
            OrganisationPageFactory(parent=member_index, departements=["11"])
        pole.save()

    add(5)
    with_five = count_queries(client, pole.url)
    add(45)
    assert count_queries(client, pole.url) == with_five


def test_organisation_page_queries_do_not_grow_with_its_bodies(client, governance_index, member_index):
    organisation = OrganisationPageFactory(parent=member_index, title="Coll.in")

    def add(count):
        for _ in range(count):
            seat(GovernanceBodyPageFactory(parent=governance_index), organisation)

    restrict(GovernanceBodyPageFactory(parent=governance_index))
    add(5)
    with_five = count_queries(client, organisation.url)
    add(45)
    assert count_queries(client, organisation.url) == with_five


def test_home_page_queries_do_not_grow_with_organisations_and_bodies(client, home_page, governance_index, member_index):
    cos = GovernanceBodyPageFactory(parent=governance_index, kind=BodyKind.COS)
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in", roles=[Role.CO_PILOT])

    def add(count):
        for _ in range(count):
            founder = OrganisationPageFactory(parent=member_index, roles=[Role.FOUNDING_MEMBER, Role.CARRIER])
            OrganisationPageFactory(parent=member_index, roles=[Role.FIELD_STRUCTURE], parent_organisation=coll_in)
            participant = OrganisationPageFactory(parent=member_index, roles=[Role.COS_PARTICIPANT])
            cos.composition.add(Seat(organisation=participant))
            seat(GovernanceBodyPageFactory(parent=governance_index), founder)
        cos.save()

    add(5)
    with_five = count_queries(client, "/")
    add(45)
    assert count_queries(client, "/") == with_five
