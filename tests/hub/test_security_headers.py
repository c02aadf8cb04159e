"""Security headers: the Observatory's score of every page type in production settings, the admin's
own policy, framable previews, and WhiteNoise's 405 in French."""

import functools
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from accounts.roles import COS_GROUP_NAME
from tests.governance.factories import GovernanceIndexPageFactory
from tests.hub.factories import StandardPageFactory
from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos

from .observatory import parse_csp, score

ROOT = Path(__file__).resolve().parents[2]
SECURITY_SETTINGS_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY_POLICY")
SECURITY_SETTINGS = ("DEBUG", "MIDDLEWARE", "X_FRAME_OPTIONS", "PERMISSIONS_POLICY", "CROSS_ORIGIN_RESOURCE_POLICY")
DUMP = """
import json
from django.conf import settings
names = [n for n in dir(settings) if n.isupper() and (n.startswith({prefixes!r}) or n in {names!r})]
print(json.dumps({{n: getattr(settings, n) for n in names}}))
"""


@functools.cache
def production_security_settings():
    """The security settings exactly as rhinocc.settings.production computes them (read in a
    subprocess: this process runs the test settings), JSON-encoded."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="rhinocc.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
    )
    code = "import django; django.setup()\n" + DUMP.format(prefixes=SECURITY_SETTINGS_PREFIXES, names=SECURITY_SETTINGS)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def production(settings):
    """This test runs with the production settings' security settings (HTTPS redirect, HSTS, secure
    cookies, frame and content policies, the same middleware)."""
    values = json.loads(production_security_settings())
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and not values["DEBUG"]
    for name, value in values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return values


@pytest.fixture
def site_pages(home_page):
    members = MemberIndexPageFactory(parent=home_page)
    publications = PublicationIndexPageFactory(parent=home_page)
    reserved = reserve_for_cos(PublicationPageFactory(parent=publications, title="Compte rendu réservé"))
    Group.objects.get_or_create(name=COS_GROUP_NAME)
    return {
        "accueil": "/",
        "page standard": StandardPageFactory(parent=home_page, slug="mentions-legales").url,
        "membres": members.url,
        "organisation": OrganisationPageFactory(parent=members, slug="la-melee").url,
        "gouvernance": GovernanceIndexPageFactory(parent=home_page).url,
        "publications": publications.url,
        "publication": PublicationPageFactory(parent=publications, title="Une actualité").url,
        "recherche": "/recherche/?q=numerique",
        "connexion": "/connexion/",
        "404": "/cette-page-n-existe-pas/",
        "403": reserved.url,
    }


def test_every_page_type_scores_a_plus_without_penalty(client, production, site_pages, django_user_model):
    outsider = django_user_model.objects.create_user("visiteur", "visiteur@example.org", "un-mot-de-passe-solide")
    failures = []
    statuses = {}
    for name, url in site_pages.items():
        if name == "403":
            client.force_login(outsider)
        https = client.get(url, secure=True)
        http = client.get(url)
        client.logout()
        statuses[name] = https.status_code
        scan = score(https, http)
        if scan.penalties or scan.grade != "A+":
            failures.append(f"{name} {url}: {scan}")
    assert statuses["404"] == 404 and statuses["403"] == 403, statuses
    assert all(status == 200 for name, status in statuses.items() if name not in ("404", "403")), statuses
    assert not failures, "\n".join(failures)


def test_logging_in_sets_cookies_that_score_well(client, production, home_page, django_user_model):
    django_user_model.objects.create_user("membre", "membre@example.org", "un-mot-de-passe-solide")
    form = client.get("/connexion/", secure=True)
    response = client.post(
        "/connexion/",
        {
            "username": "membre",
            "password": "un-mot-de-passe-solide",
            "csrfmiddlewaretoken": form.cookies["csrftoken"].value,
        },
        secure=True,
    )
    assert response.status_code == 302
    scan = score(response, client.post("/connexion/"))
    assert {"sessionid", "csrftoken"} <= set(response.cookies) | set(form.cookies)
    assert scan.results["cookies"] == ("cookies-secure-with-httponly-sessions-and-samesite", 5), str(scan)
    assert not scan.penalties, str(scan)


def test_the_scorer_finds_what_the_observatory_found_before_the_policy(client, production, home_page, settings):
    """Without CSP the site scored 75 (B), its only penalty the missing policy; unsafe-inline costs 20."""
    settings.CONTENT_SECURITY_POLICY = None
    before = score(client.get("/", secure=True), client.get("/"))
    assert (before.score, before.grade) == (75, "B"), str(before)
    assert list(before.penalties) == ["content-security-policy"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'unsafe-inline'"]}}
    unsafe = score(client.get("/", secure=True), client.get("/"))
    assert unsafe.penalties == {"content-security-policy": ("csp-implemented-with-unsafe-inline", -20)}


def test_public_policy(client, home_page, settings):
    """CSP is on in every environment, the tests' included (so every browser test checks it)."""
    response = client.get("/")
    csp = parse_csp([response["Content-Security-Policy"]])
    assert csp["default-src"] == {"'self'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'self'"} and csp["form-action"] == {"'self'"}
    assert csp["img-src"] == {"'self'", "data:"}  # the map's tile server: on /lieux/carte/ only
    assert "script-src" not in csp and "style-src" not in csp  # default-src 'self': nothing inline
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_map_tiles_origin_is_in_no_site_wide_policy():
    """The tile server (PLACES_MAP_TILE_URL) is allowed by the map page's own response only
    (tests/places/test_map.py), never by the policies every page gets."""
    from rhinocc.settings import base

    origin = "https://tile.openstreetmap.org"
    assert base.PLACES_MAP_TILE_URL.startswith(origin + "/")
    for policy in (base.CONTENT_SECURITY_POLICY["DIRECTIVES"], base.CONTENT_SECURITY_POLICY_ADMIN):
        assert not [name for name, sources in policy.items() if origin in sources]


def test_static_files_carry_corp(client, home_page):
    response = client.get("/static/css/main.css")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_admin_gets_its_own_policy(admin_client, home_page):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = parse_csp([response["Content-Security-Policy"]])
    assert "'unsafe-inline'" in csp["script-src"] and "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == {"'none'"} and csp["object-src"] == {"'none'"}
    assert response["X-Frame-Options"] == "DENY"
    # The login page is in the admin's path too.
    assert "'unsafe-inline'" in admin_client.get("/admin/login/")["Content-Security-Policy"]


@pytest.mark.parametrize("x_frame_options", ["DENY", "SAMEORIGIN"])
def test_page_preview_may_be_framed_by_the_admin(admin_client, home_page, settings, x_frame_options):
    settings.X_FRAME_OPTIONS = x_frame_options
    page = StandardPageFactory(parent=home_page, title="Page à prévisualiser")
    edit_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = querydict_from_html(edit_html, form_id="page-edit-form").copy()
    data["body-count"] = "0"  # the StreamField's inputs are drawn by the admin's JavaScript
    assert admin_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}

    response = admin_client.get(preview_url, {"mode": "", "in_preview_panel": "true"})
    assert response.status_code == 200
    assert "Page à prévisualiser" in response.content.decode()
    csp = parse_csp([response["Content-Security-Policy"]])
    assert csp["frame-ancestors"] == {"'self'"}
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The preview shows a public page: the public policy, not the admin's.
    assert "unsafe" not in response["Content-Security-Policy"]
    assert csp["default-src"] == {"'self'"}

    # The live page itself follows the setting (DENY, the site's: no frame at all).
    live = admin_client.get(page.url)
    ancestors = {"DENY": {"'none'"}, "SAMEORIGIN": {"'self'"}}[x_frame_options]
    assert parse_csp([live["Content-Security-Policy"]])["frame-ancestors"] == ancestors
    assert live["X-Frame-Options"] == x_frame_options


def test_post_on_a_static_file_gets_the_french_405(client, home_page):
    response = client.post("/static/css/main.css")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Action non permise" in html
    assert "Content-Security-Policy" in response


def test_500_page_has_no_inline_style():
    html = (ROOT / "templates" / "500.html").read_text()
    assert "<style" not in html and "style=" not in html
    assert 'href="/static/css/errors.css"' in html
    assert (ROOT / "static" / "css" / "errors.css").exists()


def test_no_inline_script_or_style_in_the_site_templates():
    """The public policy allows no inline script, style element, style or event-handler attribute
    (a script from a file, <script src=...>, is the way)."""
    inline = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    assert inline.search("<script>x</script>") and not inline.search('<script src="/static/js/a.js" defer>')
    apps = ("hub", "members", "governance", "publications", "places")
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in apps)]
    offenders = []
    for folder in folders:
        for path in folder.rglob("*.html"):
            if "admin" in path.relative_to(folder).parts:
                continue  # shown inside the Wagtail admin, under its own policy
            offenders += [f"{path.relative_to(ROOT)}: {m.group()}" for m in inline.finditer(path.read_text())]
    assert not offenders
