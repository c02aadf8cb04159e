import pytest
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.departements import Departement
from hub.models import HomePage, StandardPage
from members.models import ORGANISATION_SECTIONS_HOOK, MemberIndexPage, OrganisationPage, Role
from tests.conftest import count_queries
from tests.members.factories import OrganisationPageFactory

pytestmark = pytest.mark.django_db


# Tree rules


def test_member_index_lives_once_under_the_home_page(home_page, member_index):
    assert MemberIndexPage.parent_page_types == ["hub.HomePage"]
    assert not MemberIndexPage.can_create_at(home_page)  # max_count = 1, already there
    assert MemberIndexPage.allowed_subpage_models() == [OrganisationPage]


def test_organisations_live_only_under_the_member_index(home_page, member_index):
    standard = home_page.add_child(instance=StandardPage(title="Libre", slug="libre"))
    assert OrganisationPage.can_create_at(member_index)
    assert not OrganisationPage.can_create_at(home_page)
    assert not OrganisationPage.can_create_at(standard)
    assert OrganisationPage.allowed_subpage_models() == []
    assert OrganisationPage.allowed_parent_page_models() == [MemberIndexPage]
    assert MemberIndexPage.allowed_parent_page_models() == [HomePage]
    assert Page.objects.type(OrganisationPage).count() == 0


# Rendering


def test_index_groups_organisations_by_role_with_logo_name_summary_and_link(client, member_index):
    carrier = OrganisationPageFactory(parent=member_index, title="La Mêlée", roles=[Role.CARRIER])
    OrganisationPageFactory(parent=member_index, title="Coll.in", roles=[Role.CO_PILOT])
    field = OrganisationPageFactory(
        parent=member_index, title="Avenir", summary="Sur le terrain.", roles=[Role.FIELD_STRUCTURE]
    )
    OrganisationPageFactory(parent=member_index, title="Sans rôle")

    response = client.get("/membres/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    headings = ["Porteur du hub", "Copilote", "Structures de terrain", "Autres organisations"]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert f'href="{carrier.url}"' in html and f'href="{field.url}"' in html
    assert "Sur le terrain." in html
    assert 'alt=""' in html and ".max-160x80.format-webp.webp" in html
    assert 'for="filtre-role"' in html and 'for="filtre-departement"' in html


def test_organisation_with_two_roles_appears_in_both_groups(client, member_index):
    OrganisationPageFactory(parent=member_index, title="Double", roles=[Role.FOUNDING_MEMBER, Role.COS_PARTICIPANT])
    html = client.get("/membres/").content.decode()
    assert html.count(">Double</a>") == 2


def test_empty_index_reads_well(client, member_index):
    response = client.get("/membres/")
    assert response.status_code == 200
    assert "seront bientôt présentées ici" in response.content.decode()


def test_organisation_page_shows_its_details_and_field_structures(client, member_index):
    coll_in = OrganisationPageFactory(
        parent=member_index,
        title="Coll.in",
        summary="Expertise de terrain.",
        website="https://example.org/",
        roles=[Role.CO_PILOT],
        departements=["31", "11"],
        description=[("paragraph", "<p>Médiation numérique et sociale.</p>")],
    )
    OrganisationPageFactory(parent=member_index, title="Avenir", parent_organisation=coll_in)

    html = client.get(coll_in.url).content.decode()

    assert html.count("<h1") == 1 and "<h1>Coll.in</h1>" in html
    assert "Expertise de terrain." in html
    assert "Médiation numérique et sociale." in html
    assert "Copilote" in html
    assert "Aude (11)" in html and "Haute-Garonne (31)" in html
    assert html.index("Haute-Garonne (31)") > html.index("Aude (11)")  # in the order of the codes
    assert 'href="https://example.org/"' in html and "Site internet de Coll.in" in html
    assert "Les structures de terrain de Coll.in" in html and ">Avenir</a>" in html
    assert "ne siège pour l'instant dans aucune instance" in html


def test_other_domains_add_sections_through_the_hook(client, member_index):
    """Members knows no other domain: governance's seats, like this section, come through the hook."""
    page = OrganisationPageFactory(parent=member_index, title="Coll.in")

    def section(organisation, request):
        return format_html('<section class="section"><h2>Section ajoutée pour {}</h2></section>', organisation.title)

    with hooks.register_temporarily(ORGANISATION_SECTIONS_HOOK, section):
        html = client.get(page.url).content.decode()
    assert "<h2>Section ajoutée pour Coll.in</h2>" in html
    assert html.index("Section ajoutée") > html.index("<h1>Coll.in</h1>")


def test_field_structure_page_links_to_its_parent(client, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in")
    avenir = OrganisationPageFactory(parent=member_index, title="Avenir", parent_organisation=coll_in)
    html = client.get(avenir.url).content.decode()
    assert "Organisation de rattachement" in html and f'<a href="{coll_in.url}">Coll.in</a>' in html


def test_unpublished_parent_is_not_linked(client, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in")
    avenir = OrganisationPageFactory(parent=member_index, title="Avenir", parent_organisation=coll_in)
    coll_in.unpublish()
    html = client.get(avenir.url).content.decode()
    assert "Organisation de rattachement" not in html


def test_unpublished_organisations_are_not_listed(client, member_index):
    hidden = OrganisationPageFactory(parent=member_index, title="Brouillon", roles=[Role.CARRIER])
    hidden.unpublish()
    assert "Brouillon" not in client.get("/membres/").content.decode()


# Filters


@pytest.fixture
def network(member_index):
    return {
        "melee": OrganisationPageFactory(
            parent=member_index, title="La Mêlée", roles=[Role.CARRIER], departements=["31"]
        ),
        "mjc": OrganisationPageFactory(
            parent=member_index, title="MJC de Lézignan-Corbières", roles=[Role.FIELD_STRUCTURE], departements=["11"]
        ),
        "avenir": OrganisationPageFactory(
            parent=member_index, title="Avenir", roles=[Role.FIELD_STRUCTURE], departements=["31"]
        ),
    }


def _listed(response):
    html = response.content.decode()
    return {title for title in ("La Mêlée", "MJC de Lézignan-Corbières", "Avenir") if f">{title}</a>" in html}


def test_filter_by_role(client, network):
    response = client.get("/membres/", {"role": Role.FIELD_STRUCTURE})
    assert response.status_code == 200
    assert _listed(response) == {"MJC de Lézignan-Corbières", "Avenir"}
    html = response.content.decode()
    assert '<option value="structure-de-terrain" selected>' in html
    assert "Réinitialiser les filtres" in html


def test_filter_by_departement(client, network):
    response = client.get("/membres/", {"departement": "31"})
    assert response.status_code == 200
    assert _listed(response) == {"La Mêlée", "Avenir"}


def test_filters_combine(client, network):
    response = client.get("/membres/", {"role": Role.FIELD_STRUCTURE, "departement": "11"})
    assert _listed(response) == {"MJC de Lézignan-Corbières"}
    assert "Structures de terrain, Aude (11)" in response.content.decode()


def test_filter_with_no_result_says_so(client, network):
    response = client.get("/membres/", {"role": Role.COS_PARTICIPANT, "departement": "48"})
    assert response.status_code == 200
    assert "Aucune organisation ne correspond" in response.content.decode()


def test_empty_parameters_mean_no_filter(client, network):
    response = client.get("/membres/", {"role": "", "departement": ""})
    assert response.status_code == 200
    assert _listed(response) == {"La Mêlée", "MJC de Lézignan-Corbières", "Avenir"}
    assert "Réinitialiser" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"role": "tresorier"}, "Le rôle « tresorier » n&#x27;existe pas"),
        ({"departement": "75"}, "Le département « 75 » n&#x27;est pas un département d&#x27;Occitanie"),
        ({"departement": "Haute-Garonne"}, "n&#x27;est pas un département d&#x27;Occitanie"),
        ({"role": "porteur", "departement": "2A"}, "Le département « 2A »"),
    ],
)
def test_unknown_values_give_a_clear_400(client, network, params, message):
    response = client.get("/membres/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Ce filtre n'est pas valable" in html
    assert 'href="/membres/"' in html
    assert _listed(response) == set()


@pytest.mark.parametrize(
    "value",
    [
        '"><script>alert(1)</script>',
        "' OR 1=1 --",
        "x" * 5000,
        "%00",
        "\u202eporteur",
        "porteur\x00",
    ],
)
def test_hostile_values_are_refused_and_escaped(client, network, value):
    response = client.get("/membres/", {"role": value, "departement": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "x" * 100 not in html  # long values are shortened in the message


def test_repeated_parameter_uses_a_single_value(client, network):
    response = client.get("/membres/?role=porteur&role=copilote")
    assert response.status_code == 200


def test_padded_value_is_accepted(client, network):
    assert client.get("/membres/", {"departement": " 31 "}).status_code == 200


# Admin


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse")
    client.force_login(user)
    return client


def test_staff_create_an_organisation_with_roles_and_departements(admin_client, member_index):
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in")
    data = nested_form_data(
        {
            "title": "Nouvelle structure",
            "slug": "nouvelle-structure",
            "summary": "Une structure de terrain.",
            "description": streamfield([]),
            "website": "",
            "parent_organisation": coll_in.pk,
            "action-publish": "publish",
        }
    )
    data |= {"roles": [Role.FIELD_STRUCTURE, Role.COS_PARTICIPANT], "departements": ["34"]}
    response = admin_client.post(f"/admin/pages/add/members/organisationpage/{member_index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = OrganisationPage.objects.get(slug="nouvelle-structure")
    assert page.live
    assert page.held_roles == [Role.FIELD_STRUCTURE, Role.COS_PARTICIPANT]
    assert page.held_departements == [Departement.HERAULT]
    assert page.parent_organisation == coll_in
    assert list(OrganisationPage.objects.with_role(Role.COS_PARTICIPANT)) == [page]


def test_staff_edit_roles_keeps_and_removes_rows(admin_client, member_index):
    page = OrganisationPageFactory(parent=member_index, title="Avenir", roles=[Role.FIELD_STRUCTURE, Role.CARRIER])
    links = OrganisationPage.roles.through.objects
    kept_id = links.get(organisationpage=page, networkrole=Role.FIELD_STRUCTURE).pk
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    html = response.content.decode()
    assert 'value="structure-de-terrain"' in html and "checked" in html
    data = nested_form_data(
        {
            "title": "Avenir",
            "slug": page.slug,
            "summary": "",
            "description": streamfield([]),
            "website": "",
            "action-publish": "publish",
        }
    )
    data["roles"] = [Role.FIELD_STRUCTURE]
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert [link.pk for link in links.filter(organisationpage=page)] == [kept_id]


def test_admin_listing_shows_and_filters_organisations(admin_client, network):
    response = admin_client.get("/admin/organisations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Porteur du hub" in html and "Haute-Garonne" in html
    response = admin_client.get("/admin/organisations/", {"role": Role.FIELD_STRUCTURE, "departement": "11"})
    html = response.content.decode()
    assert "MJC de Lézignan-Corbières" in html and "La Mêlée" not in html
    response = admin_client.get("/admin/organisations/", {"q": "Avenir"})
    assert response.status_code == 200


# Query counts


def _add_organisations(member_index, count, **kwargs):
    coll_in = OrganisationPage.objects.filter(slug="coll-in").first()
    for _ in range(count):
        OrganisationPageFactory(
            parent=member_index,
            roles=[Role.FIELD_STRUCTURE, Role.COS_PARTICIPANT],
            departements=["31", "11"],
            parent_organisation=coll_in,
        )


def test_index_queries_do_not_grow_with_the_organisations(client, member_index):
    _add_organisations(member_index, 5)
    with_five = count_queries(client, "/membres/")
    _add_organisations(member_index, 45)
    assert count_queries(client, "/membres/") == with_five
    assert count_queries(client, "/membres/?departement=31&role=structure-de-terrain") <= with_five


def test_organisation_page_queries_do_not_grow_with_its_field_structures(client, member_index):
    OrganisationPageFactory(parent=member_index, title="Coll.in", slug="coll-in", roles=[Role.CO_PILOT])
    _add_organisations(member_index, 5)
    with_five = count_queries(client, "/membres/coll-in/")
    _add_organisations(member_index, 45)
    assert count_queries(client, "/membres/coll-in/") == with_five


def test_home_page_lists_field_structures_after_the_founders_cards(client, member_index):
    """Inside a card's grid cell the list would stretch its row: it comes after the card list."""
    coll_in = OrganisationPageFactory(parent=member_index, title="Coll.in", roles=[Role.CO_PILOT])
    OrganisationPageFactory(parent=member_index, title="La Mêlée", roles=[Role.CARRIER])
    OrganisationPageFactory(parent=member_index, title="Avenir", parent_organisation=coll_in)
    html = client.get("/").content.decode()
    cards = html.index('<ul class="card-list founding-members"')
    cards_end = html.index("</ul>", html.index(">La Mêlée</a>"))
    affiliates = html.index('<div class="affiliates">')
    assert cards < cards_end < affiliates
    assert '<h3 class="affiliates__title">Les structures de terrain de Coll.in</h3>' in html
    assert html.index(">Avenir</a>") > affiliates
