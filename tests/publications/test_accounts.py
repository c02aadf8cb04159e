"""The members' public login, logout and password reset, and what a COS member may not do."""

import re

import pytest
from django.core import mail


def test_login_page_is_the_site_s_own(client, home_page):
    response = client.get("/connexion/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Se connecter</h1>" in html
    assert 'class="site-header"' in html
    assert "Mot de passe oublié" in html
    assert 'lang="fr"' in html


def test_login_then_back_to_the_reserved_page(client, cos_member, reserved_publication):
    response = client.post(
        "/connexion/",
        {"username": "membre-cos", "password": "un-mot-de-passe-solide", "next": reserved_publication.url},
    )
    assert response.status_code == 302
    assert response["Location"] == reserved_publication.url
    assert client.get(reserved_publication.url).status_code == 200


def test_wrong_password_says_so_in_french(client, cos_member):
    response = client.post("/connexion/", {"username": "membre-cos", "password": "faux"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_login_refuses_an_outside_redirect(client, cos_member):
    response = client.post(
        "/connexion/",
        {"username": "membre-cos", "password": "un-mot-de-passe-solide", "next": "https://exemple.invalid/"},
    )
    assert response["Location"] == "/"


def test_header_shows_login_then_logout(client, home_page, cos_member):
    assert "se connecter" in client.get("/").content.decode()
    client.force_login(cos_member)
    html = client.get("/").content.decode()
    assert 'action="/deconnexion/"' in html
    assert "Se déconnecter" in html


def test_logout_is_a_post(client, home_page, cos_member):
    client.force_login(cos_member)
    assert client.get("/deconnexion/").status_code == 405
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_cos_member_cannot_enter_the_admin(client, cos_member):
    client.force_login(cos_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_login_refuses_a_cos_member(client, cos_member, home_page):
    response = client.post("/admin/login/", {"username": "membre-cos", "password": "un-mot-de-passe-solide"})
    assert client.get("/admin/").status_code == 302
    assert response.status_code in (200, 302)


def test_password_reset_by_email(client, cos_member):
    response = client.get("/mot-de-passe-oublie/")
    assert response.status_code == 200
    response = client.post("/mot-de-passe-oublie/", {"email": "cos@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/mot-de-passe-oublie/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "mot de passe" in message.subject
    link = re.search(r"http://testserver(/mot-de-passe/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "un-nouveau-mot-de-passe-42", "new_password2": "un-nouveau-mot-de-passe-42"},
    )
    assert response["Location"] == "/mot-de-passe/modifie/"
    assert client.login(username="membre-cos", password="un-nouveau-mot-de-passe-42")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/mot-de-passe-oublie/", {"email": "personne@example.org"})
    assert response["Location"] == "/mot-de-passe-oublie/envoye/"
    assert mail.outbox == []


@pytest.mark.parametrize("url", ["/connexion/", "/mot-de-passe-oublie/"])
def test_account_pages_are_never_cached(client, home_page, url, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get(url)
    response = client.get(url)
    assert response.get("X-Cache") != "HIT"
    assert "csrftoken" in response.cookies
