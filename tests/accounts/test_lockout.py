"""Password guessing is locked out (django-axes) on every login form, by account and by client
address read behind the proxies; staff unlock from the admin; reset e-mails are capped."""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from accounts.guards import client_ip
from hub.models import SiteSettings

PASSWORD = "un-mot-de-passe-solide"
LIMIT = 5


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()  # the reset counters live in the cache, which outlives a test's database


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("admin-site", "admin@example.org", PASSWORD)


def _login(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def _assert_locked(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Connexion bloquée</h1>" in html
    assert "pendant 15 minutes" in html
    assert response["Retry-After"] == "900"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/connexion/", "/admin/login/"])
def test_account_locked_after_the_limit_whatever_the_address(client, cos_member, staff, url):
    username = "admin-site" if url == "/admin/login/" else "membre-cos"
    for attempt in range(LIMIT - 1):
        response = _login(client, url, username, "mauvais", REMOTE_ADDR=f"198.51.100.{attempt}")
        assert response.status_code == 200, attempt
    _assert_locked(_login(client, url, username, "mauvais", REMOTE_ADDR="198.51.100.50"))
    # The right password, from yet another address, is refused while the lock lasts.
    _assert_locked(_login(client, url, username, PASSWORD, REMOTE_ADDR="198.51.100.51"))
    assert "_auth_user_id" not in client.session
    # Spaces or capitals make no fresh set of tries on the same account.
    _assert_locked(_login(client, url, f"  {username.upper()} ", PASSWORD, REMOTE_ADDR="198.51.100.52"))
    assert "_auth_user_id" not in client.session


def test_lockout_page_gives_the_site_s_contact(client, home_page, cos_member):
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.contact_email = "contact@rhinocc.example"
    site_settings.save()
    for _ in range(LIMIT):
        response = _login(client, "/connexion/", "membre-cos", "mauvais")
    _assert_locked(response)
    assert 'href="mailto:contact@rhinocc.example"' in response.content.decode()
    assert 'href="/mot-de-passe-oublie/"' in response.content.decode()


def test_unknown_accounts_are_locked_the_same_way(client, db):
    """A lockout never tells whether the account exists."""
    for _ in range(LIMIT):
        response = _login(client, "/connexion/", "personne", "mauvais", REMOTE_ADDR="198.51.100.9")
    _assert_locked(response)


def test_address_locked_across_accounts(client, cos_member):
    for n in range(LIMIT):
        _login(client, "/connexion/", f"essai-{n}", "mauvais", REMOTE_ADDR="203.0.113.7")
    _assert_locked(_login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="203.0.113.7"))
    # The account itself is not locked: from another address its owner logs in.
    assert _login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_clients_behind_one_proxy_are_told_apart(client, settings, cos_member):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(LIMIT):
        _login(
            client, "/connexion/", f"essai-{n}", "mauvais", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    locked = _login(
        client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    _assert_locked(locked)
    # Same proxy, another visitor: not locked with the first one.
    other = _login(
        client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8"
    )
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_forged_forwarded_for_entry_does_not_escape_the_count(client, settings, cos_member):
    """The visitor writes what he likes left of the address the proxy appends: it is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(LIMIT):
        _login(
            client,
            "/connexion/",
            f"essai-{n}",
            "mauvais",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )
    forged = _login(
        client,
        "/connexion/",
        "membre-cos",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    _assert_locked(forged)


def test_client_ip_behind_two_proxies():
    """A TLS terminator then a caching proxy: two hops, the visitor is second from the right."""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7, 10.0.0.1")
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "203.0.113.7"
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.2"
    with override_settings(TRUSTED_PROXY_COUNT=5):  # too many hops configured: the left-most entry
        assert client_ip(request) == "192.0.2.1"


def _lock(client, username="membre-cos"):
    for _ in range(LIMIT):
        response = _login(client, "/connexion/", username, "mauvais", REMOTE_ADDR="198.51.100.20")
    _assert_locked(response)


def test_staff_unlock_from_the_admin(client, cos_member, staff):
    _lock(client)
    client.force_login(staff)
    page = client.get("/admin/connexions-bloquees/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Connexions bloquées" in html
    assert "membre-cos" in html and "198.51.100.20" in html
    assert "Compte bloqué, adresse bloquée" in html
    attempt = AccessAttempt.objects.get(username="membre-cos")
    response = client.post("/admin/connexions-bloquees/", {"attempt": attempt.pk}, follow=True)
    assert "Connexion débloquée pour le compte « membre-cos »" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert _login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_administrators_group_may_unlock_editors_may_not(client, django_user_model, cos_member):
    _lock(client)
    access_admin = Permission.objects.get(codename="access_admin")
    editors = Group.objects.create(name="Rédacteurs de test")
    editors.permissions.add(access_admin)
    admins = Group.objects.create(name="Administrateurs de test")
    admins.permissions.add(access_admin, Permission.objects.get(codename="change_user"))
    editor = django_user_model.objects.create_user("redacteur", password=PASSWORD)
    editor.groups.add(editors)
    administrator = django_user_model.objects.create_user("administrateur", password=PASSWORD)
    administrator.groups.add(admins)
    attempt = AccessAttempt.objects.get()

    client.force_login(editor)
    assert client.get("/admin/connexions-bloquees/")["Location"] == "/admin/"
    assert "connexions-bloquees" not in client.get("/admin/").content.decode()
    client.post("/admin/connexions-bloquees/", {"attempt": attempt.pk})
    assert AccessAttempt.objects.exists()

    client.force_login(administrator)
    assert "/admin/connexions-bloquees/" in client.get("/admin/").content.decode()
    assert client.post("/admin/connexions-bloquees/", {"attempt": attempt.pk}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_unlock_of_a_vanished_attempt_is_a_404(client, staff):
    client.force_login(staff)
    assert client.post("/admin/connexions-bloquees/", {"attempt": "999"}).status_code == 404
    assert client.post("/admin/connexions-bloquees/", {"attempt": "abc"}).status_code == 404


def test_a_new_password_by_e_mail_unlocks_the_account(client, cos_member):
    _lock(client)
    client.post("/mot-de-passe-oublie/", {"email": "cos@example.org"})
    link = re.search(r"http://testserver(/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "un-nouveau-mot-de-passe-42"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _login(client, "/connexion/", "membre-cos", new, REMOTE_ADDR="198.51.100.21").status_code == 302


def _reset(client, email, ip="198.51.100.30"):
    response = client.post("/mot-de-passe-oublie/", {"email": email}, REMOTE_ADDR=ip)
    assert response.status_code == 302
    assert response["Location"] == "/mot-de-passe-oublie/envoye/"
    return response


def test_reset_e_mails_capped_per_address_with_the_same_answer(client, cos_member):
    for n in range(5):  # from five addresses: the cap is the e-mail address's
        _reset(client, "COS@example.org ", ip=f"198.51.100.{40 + n}")
    assert len(mail.outbox) == 3
    unknown = [_reset(client, "inconnu@example.org", ip=f"198.51.100.{50 + n}") for n in range(5)]
    assert len(mail.outbox) == 3
    assert {r.content for r in unknown} == {b""}


def test_reset_e_mails_capped_per_client_address(client, django_user_model):
    for n in range(12):
        django_user_model.objects.create_user(f"membre-{n}", f"membre-{n}@example.org", PASSWORD)
    for n in range(12):
        _reset(client, f"membre-{n}@example.org")
    assert len(mail.outbox) == 10
    _reset(client, "membre-11@example.org", ip="198.51.100.31")
    assert len(mail.outbox) == 11


def test_documented_commands_unlock(client, cos_member):
    for n in range(LIMIT):  # the account, from several addresses
        _login(client, "/connexion/", "membre-cos", "mauvais", REMOTE_ADDR=f"198.51.100.{60 + n}")
    _assert_locked(_login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="198.51.100.70"))
    call_command("axes_reset_username", "membre-cos", stdout=io.StringIO())
    assert _login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="198.51.100.70").status_code == 302
    client.logout()
    for n in range(LIMIT):  # the address, with several accounts
        _login(client, "/connexion/", f"essai-{n}", "mauvais", REMOTE_ADDR="198.51.100.80")
    _assert_locked(_login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="198.51.100.80"))
    call_command("axes_reset_ip", "198.51.100.80", stdout=io.StringIO())
    assert _login(client, "/connexion/", "membre-cos", PASSWORD, REMOTE_ADDR="198.51.100.80").status_code == 302


def test_the_admin_s_reset_form_is_the_limited_one(client, cos_member):
    for _ in range(5):
        response = client.post("/admin/password_reset/", {"email": "cos@example.org"})
        assert response.status_code == 302
        assert response["Location"] == "/mot-de-passe-oublie/"
    assert not mail.outbox


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.7:4711", "203.0.113.7"),
        ("[2001:db8:1:2::1]:443", "2001:db8:1:2::"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),  # one subscriber's /64 counts as one
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("pas-une-adresse", "10.0.0.1"),  # never stored as is in an address column
        ("", "10.0.0.1"),
    ],
)
def test_client_ip_normalised(settings, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected


def test_garbage_forwarded_for_is_counted_on_the_proxy_not_a_500(client, settings, cos_member):
    settings.TRUSTED_PROXY_COUNT = 1
    response = _login(
        client, "/connexion/", "membre-cos", "mauvais", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="x' OR 1=1"
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"
