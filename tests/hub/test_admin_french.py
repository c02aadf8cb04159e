"""The admin as the site shapes it: French names for Wagtail's roots, where an editor lands after
publishing the home page, and user forms that say what each role can do."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.content import build_groups_and_workflow
from accounts.roles import ROLE_DESCRIPTIONS
from core.site_builder import Builder, french_spacing
from hub.content import ROOT_COLLECTION_NAME, ROOT_PAGE_TITLE, name_the_roots
from tests.hub.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# Roots


def test_the_roots_get_french_names_once(home_page, admin_client):
    Collection.get_first_root_node().add_child(name="Logos")  # collection menus show from two on
    assert Page.get_first_root_node().title == "Root"  # as Wagtail's migrations leave it
    builder = Builder()
    name_the_roots(builder)
    assert len(builder.updated) == 2
    assert Page.get_first_root_node().title == ROOT_PAGE_TITLE
    assert Collection.get_first_root_node().name == ROOT_COLLECTION_NAME
    again = Builder()
    name_the_roots(again)
    assert again.updated == []
    for url in ("/admin/pages/", f"/admin/pages/{home_page.pk}/edit/", "/admin/images/", "/admin/documents/"):
        html = admin_client.get(url).content.decode()
        assert not re.search(r">\s*Root\s*<", html), url
    assert ROOT_PAGE_TITLE in admin_client.get("/admin/pages/").content.decode()
    assert ROOT_COLLECTION_NAME in admin_client.get("/admin/images/").content.decode()


def test_names_chosen_by_staff_are_kept(home_page):
    Collection.objects.filter(depth=1).update(name="Médiathèque")
    name_the_roots(Builder())
    assert Collection.get_first_root_node().name == "Médiathèque"


def test_publications_listing_adds_une_publication(admin_client, home_page):
    html = admin_client.get("/admin/publications/").content.decode()
    assert "Ajouter une publication" in html
    assert "un(e)" not in html


# After publishing


def home_form(home, action):
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            **{name: streamfield([]) for name in ("key_figures", "inequality_lists", "reasons", "body")},
        }
    )
    data[action] = action
    return data


def test_publishing_the_home_page_lands_on_its_own_pages(admin_client, home_page):
    response = admin_client.post(f"/admin/pages/{home_page.pk}/edit/", home_form(home_page, "action-publish"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/admin/pages/{home_page.pk}/"
    html = admin_client.get(response["Location"]).content.decode()
    assert "a été publiée" in html  # Wagtail's success message is kept
    assert "ajouter de nouveaux sites" not in html.lower()


def test_saving_a_draft_of_the_home_page_stays_in_the_editor(admin_client, home_page):
    response = admin_client.post(f"/admin/pages/{home_page.pk}/edit/", home_form(home_page, "action-save"))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{home_page.pk}/edit/"


def test_next_and_other_pages_keep_wagtails_redirect(admin_client, home_page):
    data = home_form(home_page, "action-publish")
    response = admin_client.post(f"/admin/pages/{home_page.pk}/edit/?next=/admin/publications/", data)
    assert response["Location"] == "/admin/publications/"
    page = StandardPageFactory(parent=home_page, title="Accessibilité", slug="accessibilite")
    data = nested_form_data({"title": page.title, "slug": page.slug, "body": streamfield([])})
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response["Location"] == f"/admin/pages/{home_page.pk}/"


# Roles on the user form


@pytest.fixture
def groups(home_page):
    build_groups_and_workflow(Builder())


@pytest.mark.parametrize("url", ["edit", "add"])
def test_user_form_says_what_each_role_can_do(admin_client, admin_user, groups, url):
    target = f"/admin/users/edit/{admin_user.pk}/" if url == "edit" else "/admin/users/new/"
    response = admin_client.get(target)
    assert response.status_code == 200
    html = response.content.decode()
    roles = html[html.index('id="tab-roles"') :]
    for name, description in ROLE_DESCRIPTIONS.items():
        shown = french_spacing(description).replace("'", "&#x27;")
        assert f'<strong>{name}</strong> – <span class="help">{shown}</span>' in roles, name


def test_readme_roles_table_matches_the_form():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    table = readme[readme.index("### Editorial roles") :].split("\n\n")[2]
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", table, re.M)[2:])
    assert rows == ROLE_DESCRIPTIONS


def test_inline_panels_add_buttons_agree_in_gender(admin_client, home_page):
    from tests.governance.factories import GovernanceBodyPageFactory, GovernanceIndexPageFactory
    from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory

    publication = PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home_page))
    body = GovernanceBodyPageFactory(parent=GovernanceIndexPageFactory(parent=home_page))
    html = admin_client.get(f"/admin/pages/{publication.pk}/edit/").content.decode()
    for label in ("Ajouter un document joint", "Ajouter une organisation", "Ajouter une publication"):
        assert label in html, label
    html += admin_client.get(f"/admin/pages/{body.pk}/edit/").content.decode()
    assert "Ajouter un groupe de travail" in html and "Ajouter une organisation" in html
    assert "un(e)" not in html


def test_admin_tabs_name_the_site_not_wagtail(admin_client, home_page):
    title = re.search(r"<title>(.*?)</title>", admin_client.get("/admin/").content.decode(), re.S).group(1)
    assert title.strip().endswith("- RhinOcc") and "Wagtail" not in title
