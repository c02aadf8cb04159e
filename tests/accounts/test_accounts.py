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
    page = client.get("/deconnexion/")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session  # a GET never logs out
    html = page.content.decode()
    assert "<h1>Se déconnecter</h1>" in html
    assert re.search(
        r'<form method="post" class="account-form">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_page_for_a_visitor_not_logged_in(client, home_page):
    response = client.get("/deconnexion/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun compte n'est ouvert" in html
    assert '<a href="/">Revenir à l\'accueil</a>' in html
    assert client.head("/deconnexion/").status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_header_names_the_account_plainly(client, home_page, cos_member):
    cos_member.first_name, cos_member.last_name = "Camille", "Martin"
    cos_member.save()
    client.force_login(cos_member)
    html = client.get("/").content.decode()
    assert "Compte : Camille Martin" in html
    assert "Connecté·e" not in html


def test_failed_login_marks_both_fields_and_the_title(client, cos_member):
    html = client.post("/connexion/", {"username": "membre-cos", "password": "faux"}).content.decode()
    assert re.search(r"<title>Erreur : Se connecter", html)
    for name in ("username", "password"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        assert 'aria-describedby="erreurs-connexion"' in field
    assert 'id="erreurs-connexion"' in html
    fresh = client.get("/connexion/").content.decode()
    assert "aria-invalid" not in fresh and "<title>Se connecter" in fresh


def test_password_reset_form_errors_are_announced(client, db):
    html = client.post("/mot-de-passe-oublie/", {"email": "pas-une-adresse"}).content.decode()
    assert re.search(r"<title>Erreur : Mot de passe oublié", html)
    field = re.search(r'<input [^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="erreur-email"' in field


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
    # Through the login form: django-axes' backend needs the request that Client.login() lacks.
    login = client.post("/connexion/", {"username": "membre-cos", "password": "un-nouveau-mot-de-passe-42"})
    assert login.status_code == 302
    assert "_auth_user_id" in client.session


def test_set_password_errors_are_announced(client, cos_member):
    client.post("/mot-de-passe-oublie/", {"email": "cos@example.org"})
    link = re.search(r"http://testserver(/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    html = client.post(
        form.redirect_chain[-1][0], {"new_password1": "un-nouveau-mot-de-passe-42", "new_password2": "autre-chose-99"}
    ).content.decode()
    assert re.search(r"<title>Erreur : Choisir un nouveau mot de passe", html)
    for name in ("new_password1", "new_password2"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field and "erreurs-mot-de-passe" in field
    assert 'id="erreurs-mot-de-passe"' in html


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
