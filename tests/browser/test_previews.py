"""A moderator previews a publication before approving it (issue 7, point 1), in a real browser."""

import pytest

from accounts.roles import MODERATORS_GROUP_NAME
from members.models import OrganisationPage
from publications.models import PublicationOrganisation, PublicationPage
from tests.browser.test_publications import admin_login, make_user

pytestmark = pytest.mark.browser


def test_moderator_sees_a_publication_in_the_preview_panel(page, site_url, django_user_model):
    make_user(django_user_model, "moderatrice", MODERATORS_GROUP_NAME)
    publication = PublicationPage.objects.live().public().order_by("path").first()
    organisation = OrganisationPage.objects.live().order_by("path").first()
    # An organisation concerned by the publication: the relation that broke every preview.
    publication.related_organisations = [PublicationOrganisation(organisation=organisation)]
    publication.save_revision().publish()

    admin_login(page, site_url, "moderatrice")
    # The editor pings and, when the page closes, releases its editing session: such a request
    # arriving while the test database is emptied would lock it. Previews do not need them.
    page.route("**/admin/editing-sessions/**", lambda route: route.abort())
    page.goto(site_url + f"/admin/pages/{publication.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()

    preview = page.frame_locator("#w-preview-iframe")
    heading = preview.get_by_role("heading", level=1)
    heading.wait_for()
    assert heading.inner_text() == publication.title
    assert preview.get_by_role("link", name=organisation.title).count() >= 1
    assert preview.get_by_text("Le site rencontre un problème").count() == 0
