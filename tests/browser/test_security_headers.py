"""The Content-Security-Policy in a real browser: public pages, the admin dashboard, a page editor
and its preview panel run without any refusal (the `new_page` fixture fails the test on one)."""

import pytest
from django.contrib.auth import get_user_model

from hub.models import StandardPage
from members.models import OrganisationPage
from publications.models import PublicationPage

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-solide"


def test_public_pages_run_without_policy_violations(page, site_url, policy_violations):
    organisation = OrganisationPage.objects.live().first()
    publication = PublicationPage.objects.live().public().first()
    paths = [
        "/",
        "/mentions-legales/",
        "/membres/",
        organisation.url,
        "/gouvernance/",
        "/publications/",
        publication.url,
        "/recherche/?q=numérique",
        "/connexion/",
        "/cette-page-n-existe-pas/",
    ]
    for path in paths:
        response = page.goto(site_url + path, wait_until="load")
        policy = response.header_value("content-security-policy")
        assert policy and "unsafe" not in policy, (path, policy)
        # The stylesheet was allowed and applied: main.css gives the skip link its own position.
        assert page.locator(".skip-link").evaluate("e => getComputedStyle(e).position") != "static", path
    assert policy_violations == []


def test_an_inline_script_is_refused(page, site_url, policy_violations):
    """The check itself works: a script written into a public page is refused and reported."""
    page.goto(site_url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    assert page.evaluate("() => window.ran") is None
    assert any("inline script" in message and "Content Security Policy" in message for message in policy_violations)
    policy_violations.clear()  # expected here: the teardown must not fail this test


def test_an_unknown_permissions_policy_feature_is_reported(page, site_url, policy_violations, settings):
    """The check sees Permissions-Policy errors too, so the site's list holds only known features."""
    settings.PERMISSIONS_POLICY = "geolocation=(self), fonctionnalite-inconnue=()"
    page.goto(site_url + "/")
    assert any("fonctionnalite-inconnue" in message for message in policy_violations), policy_violations
    policy_violations.clear()  # expected here: the teardown must not fail this test


def test_admin_dashboard_editor_and_preview_run_without_policy_violations(page, site_url, policy_violations):
    get_user_model().objects.create_superuser("admin-csp", "admin@example.org", PASSWORD)
    standard = StandardPage.objects.get(slug="mentions-legales")

    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill("admin-csp")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(site_url + "/admin/")
    page.wait_for_function("() => typeof window.wagtail === 'object'")  # the admin's scripts ran
    page.locator("#wagtail-sidebar .sidebar").wait_for()  # drawn by React

    page.goto(site_url + f"/admin/pages/{standard.pk}/edit/")
    # The rich-text editor (Draftail, drawn by the admin's scripts) is up.
    page.locator(".Draftail-Editor").first.wait_for()
    page.locator("#id_title").fill(standard.title + " (modifiée)")

    page.locator("button[data-side-panel-toggle=preview]").click()
    frame = page.frame_locator("iframe[id=w-preview-iframe]")
    frame.locator("h1").wait_for()
    assert "(modifiée)" in frame.locator("h1").inner_text()
    assert policy_violations == []
