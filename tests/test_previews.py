"""Every page type previews with its unsaved content and relations (issue 7, point 1).

A preview, « Voir le brouillon » and the revision view render a page rebuilt in memory (from the edit
form or from a revision): its inline relations are modelcluster's in-memory lists, not querysets.
Each page type here is rebuilt from a revision whose relations differ from the published ones, and
its preview must show the revision's values; new unsaved pages preview too; the admin's preview
endpoints answer 200 to a moderator.
"""

import html
import json
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from accounts.content import build_groups_and_workflow
from accounts.roles import MODERATORS_GROUP_NAME
from core.site_builder import Builder
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
from hub.models import HomePage, StandardPage
from inbox.models import ContactPage, ContactSubject, PlaceCorrectionPage, PlaceProposalPage
from members.models import ActionDepartement, MemberIndexPage, NetworkRole, OrganisationPage, Role
from places.models import PlaceIndexPage
from publications.models import (
    PublicationDocument,
    PublicationIndexPage,
    PublicationOrganisation,
    PublicationPage,
    RelatedPublication,
)
from tests.governance.factories import (
    GovernanceBodyPageFactory,
    GovernanceIndexPageFactory,
    TerritorialPoleIndexPageFactory,
    TerritorialPolePageFactory,
    seat,
    working_group,
)
from tests.hub.factories import StandardPageFactory
from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory
from tests.places.factories import PlaceIndexPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory


def document_block(document, title=""):
    return {"type": "document", "value": {"document": document.pk, "title": title}}


@pytest.fixture
def tree(home_page):
    """One published page of each type, with every relation filled."""
    t = SimpleNamespace(home=home_page)
    t.doc_old = wagtail_factories.DocumentFactory(title="Rapport initial")
    t.doc_new = wagtail_factories.DocumentFactory(title="Rapport révisé")

    t.members = MemberIndexPageFactory(parent=home_page, introduction="<p>Les membres publiés.</p>")
    t.melee = OrganisationPageFactory(
        parent=t.members, title="La Mêlée", slug="la-melee", roles=[Role.CARRIER], departements=["31"]
    )
    t.collin = OrganisationPageFactory(
        parent=t.members, title="Coll.in", slug="coll-in", roles=[Role.CO_PILOT], departements=["11"]
    )
    t.field = OrganisationPageFactory(
        parent=t.members,
        title="Structure de terrain audoise",
        slug="structure-audoise",
        parent_organisation=t.melee,
        roles=[Role.FIELD_STRUCTURE],
        departements=["11"],
    )

    t.governance = GovernanceIndexPageFactory(parent=home_page, introduction="<p>La gouvernance publiée.</p>")
    t.body = GovernanceBodyPageFactory(
        parent=t.governance, title="Comité technique", slug="cotech", kind=BodyKind.COTECH
    )
    seat(t.body, t.melee, note="Siège publié")
    working_group(t.body, name="Accès aux droits", theme="Droits sociaux", lead_organisation=t.melee)
    t.poles = TerritorialPoleIndexPageFactory(parent=t.governance, introduction="<p>Les pôles publiés.</p>")
    t.pole = TerritorialPolePageFactory(parent=t.poles)
    seat(t.pole, t.melee, role=SeatRole.COORDINATOR, note="Coordination publiée")

    t.publications = PublicationIndexPageFactory(parent=home_page, introduction="<p>Les publications.</p>")
    t.old_read = PublicationPageFactory(parent=t.publications, title="Ancienne lecture conseillée")
    t.new_read = PublicationPageFactory(parent=t.publications, title="Nouvelle lecture conseillée")
    t.publication = PublicationPageFactory(parent=t.publications, title="Lancement du hub", slug="lancement")
    t.publication.related_organisations = [PublicationOrganisation(organisation=t.melee)]
    t.publication.related_publications = [RelatedPublication(publication=t.old_read)]
    t.publication.documents = [PublicationDocument(document=t.doc_old)]
    t.publication.save_revision().publish()

    t.places = PlaceIndexPageFactory(parent=home_page, introduction="<p>L'annuaire publié.</p>")

    t.standard = StandardPageFactory(
        parent=home_page,
        title="Mentions légales",
        slug="mentions-legales",
        body=json.dumps([document_block(t.doc_old)]),
    )
    for page in (t.melee, t.collin, t.field, t.body, t.pole, t.standard):
        page.save_revision().publish()

    t.contact = ContactPage(title="Nous écrire", slug="contact", intro="<p>Introduction publiée.</p>")
    t.contact.subjects = [ContactSubject(label="Objet publié")]
    home_page.add_child(instance=t.contact)
    t.contact.save_revision().publish()

    for name, model, slug in (
        ("proposal", PlaceProposalPage, "referencer"),
        ("correction", PlaceCorrectionPage, "signaler"),
    ):
        page = model(title=f"Formulaire {slug}", slug=slug, intro="<p>Introduction publiée.</p>")
        t.places.add_child(instance=page)
        page.save_revision().publish()
        setattr(t, name, page)
    return t


def _draft_home(t, page):
    page.baseline = "Accroche du brouillon"
    return ["Accroche du brouillon"], ["Un Hub pour un numérique inclusif"]


def _draft_standard(t, page):
    page.introduction = "Introduction du brouillon"
    page.body = json.dumps([document_block(t.doc_new)])
    return ["Introduction du brouillon", "Rapport révisé"], ["Rapport initial"]


def _draft_introduction(t, page):
    page.introduction = "<p>Introduction du brouillon.</p>"
    return ["Introduction du brouillon."], []


def _draft_organisation(t, page):
    page.roles = [NetworkRole.objects.get(code=Role.FOUNDING_MEMBER)]
    page.departements = [ActionDepartement.objects.get(code="09")]
    page.parent_organisation = t.collin
    # Its field structure (affiliate) and its seat are read from the database: they stay.
    return (
        ["Membre fondateur associé", "Ariège (09)", "Coll.in", "Structure de terrain audoise", "Comité technique"],
        ["Porteur du hub", "Haute-Garonne (31)"],
    )


def _draft_body(t, page):
    page.composition = [Seat(organisation=t.collin, role=SeatRole.CHAIR, note="Siège du brouillon")]
    page.working_groups = [
        WorkingGroup(name="Groupe du brouillon", theme="Thème du brouillon", lead_organisation=t.collin)
    ]
    return (
        ["Coll.in", "Présidence", "Siège du brouillon", "Groupe du brouillon", "Thème du brouillon"],
        ["Siège publié", "Accès aux droits", "La Mêlée"],
    )


def _draft_pole(t, page):
    page.composition = [Seat(organisation=t.collin, role=SeatRole.COORDINATOR, note="Coordination du brouillon")]
    # Coll.in now coordinates, so it leaves the list of the département's other organisations.
    return ["Coordination du brouillon", "Coll.in", "Structure de terrain audoise"], [
        "Coordination publiée",
        "La Mêlée",
    ]


def _draft_publication(t, page):
    page.related_organisations = [PublicationOrganisation(organisation=t.collin)]
    page.related_publications = [RelatedPublication(publication=t.new_read)]
    page.documents = [PublicationDocument(document=t.doc_new)]
    page.tags.add("Étiquette du brouillon")
    return (
        ["Coll.in", "Nouvelle lecture conseillée", "Rapport révisé", "Étiquette du brouillon"],
        ["La Mêlée", "Ancienne lecture conseillée", "Rapport initial"],
    )


def _draft_contact(t, page):
    page.intro = "<p>Introduction du brouillon.</p>"
    page.subjects = [ContactSubject(label="Objet du brouillon")]
    return ["Introduction du brouillon.", "Objet du brouillon"], ["Introduction publiée.", "Objet publié"]


def _draft_intro(t, page):
    page.intro = "<p>Introduction du brouillon.</p>"
    return ["Introduction du brouillon."], ["Introduction publiée."]


DRAFTS = {
    "contact": _draft_contact,
    "home": _draft_home,
    "standard": _draft_standard,
    "members": _draft_introduction,
    "melee": _draft_organisation,
    "governance": _draft_introduction,
    "body": _draft_body,
    "poles": _draft_introduction,
    "pole": _draft_pole,
    "publications": _draft_introduction,
    "publication": _draft_publication,
    "places": _draft_introduction,
    "proposal": _draft_intro,
    "correction": _draft_intro,
}


def save_draft(tree, name):
    """Change the page (and its relations) in a new revision, left unpublished; return the expected
    texts (shown, not shown) and the revision."""
    page = getattr(tree, name).specific
    page.refresh_from_db()
    page = page.get_latest_revision_as_object()
    shown, hidden = DRAFTS[name](tree, page)
    revision = page.save_revision()
    return page, revision, shown, hidden


def assert_shows(response, shown, hidden):
    assert response.status_code == 200
    text_of_page = html.unescape(response.content.decode())
    for text in shown:
        assert text in text_of_page, text
    for text in hidden:
        assert text not in text_of_page, text


@pytest.fixture
def moderator(django_user_model, home_page):
    """A member of « Modérateurs », with the permissions build_site gives that group."""
    build_groups_and_workflow(Builder())
    user = django_user_model.objects.create_user("moderatrice", "moderatrice@example.org", "un-mot-de-passe-42")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP_NAME))
    return user


@pytest.mark.parametrize("name", list(DRAFTS))
def test_every_page_type_previews_its_latest_revision(client, tree, moderator, name):
    page, revision, shown, hidden = save_draft(tree, name)

    rebuilt = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    assert_shows(rebuilt.make_preview_request(), shown, hidden)
    # Visitors still see the published page.
    assert_shows(client.get(page.url), hidden[:1], shown[:1])

    client.force_login(moderator)
    # « Voir le brouillon » and the revision view in the page's history.
    assert_shows(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])), shown, hidden)
    assert_shows(client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])), shown, hidden)

    # The preview panel: the edit form (which loads the latest revision) posted as it stands, then shown.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    form_data = edit_form_data(edit, page)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(preview_url, data=form_data)
    assert response.json() == {"is_valid": True, "is_available": True}
    in_form = [text for text in shown if text not in STREAMFIELD_TEXTS]
    assert_shows(client.get(preview_url), [page.title, *in_form], hidden)


# Texts that the drafts put in StreamFields, which edit_form_data leaves empty.
STREAMFIELD_TEXTS = {"Rapport révisé"}


def edit_form_data(response, page):
    """The edit form's fields as the browser would post them. StreamFields are drawn by JavaScript
    from JSON, so the HTML holds no input for them: they are posted empty (the revision and draft
    views, which need no form, check StreamField content)."""
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in page._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            data[f"{field.name}-count"] = "0"
    return data


def place_under(parent, page):
    """Give an unsaved page a tree position under `parent`, as Wagtail's preview of a new page does."""
    page.depth = parent.depth + 1
    if parent.is_leaf():
        page.path = page._get_path(parent.path, page.depth, 1)
    else:
        page.path = parent.get_last_child()._inc_path()
    page.set_url_path(parent)
    return page


def _new_home(t):
    return Page.get_first_root_node(), HomePage(title="Nouvel accueil", baseline="Accroche neuve"), ["Accroche neuve"]


def _new_standard(t):
    page = StandardPage(title="Nouvelle page", introduction="Intro neuve", body=json.dumps([document_block(t.doc_new)]))
    return t.home, page, ["Intro neuve", "Rapport révisé"]


def _new_index(model, parent_name):
    def build(t):
        page = model(title="Nouvel index", introduction="<p>Introduction neuve.</p>")
        return getattr(t, parent_name), page, ["Introduction neuve."]

    return build


def _new_organisation(t):
    page = OrganisationPage(title="Nouvelle organisation", parent_organisation=t.collin)
    page.roles = [NetworkRole.objects.get(code=Role.COS_PARTICIPANT)]
    page.departements = [ActionDepartement.objects.get(code="48")]
    return t.members, page, ["Participant au COS", "Lozère (48)", "Coll.in"]


def _new_body(t):
    page = GovernanceBodyPage(title="Nouvelle instance", kind=BodyKind.COTECH)
    page.composition = [Seat(organisation=t.collin, role=SeatRole.LEAD, note="Siège neuf")]
    page.working_groups = [WorkingGroup(name="Groupe neuf", theme="Thème neuf", lead_organisation=t.melee)]
    return t.governance, page, ["Coll.in", "Animation", "Siège neuf", "Groupe neuf", "Piloté par", "La Mêlée"]


def _new_pole(t):
    page = TerritorialPolePage(title="Pôle neuf", departement="11")
    page.composition = [Seat(organisation=t.melee, role=SeatRole.COORDINATOR, note="Coordination neuve")]
    return t.poles, page, ["La Mêlée", "Coordination neuve", "Coll.in"]


def _new_publication(t):
    page = PublicationPage(title="Publication neuve", summary="Un résumé neuf.")
    page.related_organisations = [PublicationOrganisation(organisation=t.collin)]
    page.related_publications = [RelatedPublication(publication=t.new_read)]
    page.documents = [PublicationDocument(document=t.doc_new)]
    return t.publications, page, ["Un résumé neuf.", "Coll.in", "Nouvelle lecture conseillée", "Rapport révisé"]


def _new_contact(t):
    page = ContactPage(title="Écrire", intro="<p>Intro neuve.</p>")
    page.subjects = [ContactSubject(label="Objet neuf")]
    return t.home, page, ["Intro neuve.", "Objet neuf"]


def _new_place_form(model, slug):
    def build(t):
        return t.places, model(title="Formulaire neuf", slug=slug, intro="<p>Intro neuve.</p>"), ["Intro neuve."]

    return build


NEW_PAGES = {
    "contact": _new_contact,
    "home": _new_home,
    "standard": _new_standard,
    "members": _new_index(MemberIndexPage, "members"),
    "organisation": _new_organisation,
    "governance": _new_index(GovernanceIndexPage, "home"),
    "body": _new_body,
    "poles": _new_index(TerritorialPoleIndexPage, "governance"),
    "pole": _new_pole,
    "publications": _new_index(PublicationIndexPage, "home"),
    "publication": _new_publication,
    "places": _new_index(PlaceIndexPage, "home"),
    "proposal": _new_place_form(PlaceProposalPage, "referencer"),
    "correction": _new_place_form(PlaceCorrectionPage, "signaler"),
}


@pytest.mark.parametrize("name", list(NEW_PAGES))
def test_every_page_type_previews_as_a_new_unsaved_page(tree, name):
    parent, page, shown = NEW_PAGES[name](tree)
    place_under(parent, page)
    assert_shows(page.make_preview_request(), [page.title, *shown], [])
