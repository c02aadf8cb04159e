"""The admin makes no request to another host (issue 7, point 5): no gravatar.com avatar (a hash of the
staff member's e-mail), no releases.wagtail.org update check, nothing else."""

from urllib.parse import urlsplit

import pytest

from publications.models import PublicationPage

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-de-test-42"


def requests_to_other_hosts(page, site_url, paths):
    """Log in as a superuser (with an e-mail address, as gravatar needs), visit each admin path, and
    return every URL requested from another host than the live server."""
    origin = urlsplit(site_url)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill("direction")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(site_url + "/admin/")
    for path in paths:
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response.status == 200, path
    assert len(requested) > 10
    return [
        url
        for url in requested
        if not url.startswith(("data:", "blob:"))
        and (urlsplit(url).hostname, urlsplit(url).port) != (origin.hostname, origin.port)
    ]


def admin_paths():
    publication = PublicationPage.objects.filter(live=True).first()
    return [
        "/admin/",  # dashboard: update check, avatars, what's-new banner
        f"/admin/pages/{publication.pk}/edit/",  # rich text (Draftail), image and document choosers
        "/admin/images/",  # the image library, with the placeholder logos
        "/admin/account/",  # avatar settings
    ]


@pytest.fixture
def superuser(built_site, django_user_model):
    return django_user_model.objects.create_superuser("direction", "direction@rhinocc.example", PASSWORD)


def test_admin_requests_no_other_host(page, site_url, superuser):
    outside = requests_to_other_hosts(page, site_url, admin_paths())
    assert outside == [], f"requests to other hosts: {outside}"


def test_wagtail_defaults_would_be_caught(page, site_url, superuser, settings, policy_violations):
    """The same walk with Wagtail's defaults sees gravatar.com and the update check: the test above
    does observe such requests (the browser has no network, but every attempt is recorded), and what
    the request counter does not see the admin's Content-Security-Policy refuses (the update check is
    a fetch that CSP stops before it leaves)."""
    del settings.WAGTAIL_GRAVATAR_PROVIDER_URL
    del settings.WAGTAIL_ENABLE_UPDATE_CHECK
    hosts = {urlsplit(url).hostname for url in requests_to_other_hosts(page, site_url, admin_paths()[:1])}
    refused = " ".join(policy_violations)
    caught = {host for host in ("www.gravatar.com", "releases.wagtail.org") if host in hosts or host in refused}
    assert caught == {"www.gravatar.com", "releases.wagtail.org"}
    policy_violations.clear()  # expected here: the defaults are what the policy refuses
