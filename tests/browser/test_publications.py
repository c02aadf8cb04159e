"""Publications in a real browser (issue 4): accessibility, filters without JavaScript, the COS login
and logout, and a publication written by an editor, approved by a moderator, then published."""

import feedparser
import pytest
from django.contrib.auth.models import Group
from PIL import Image

from accounts.roles import COS_GROUP_NAME, EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME
from publications.models import PublicationIndexPage, PublicationPage
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

REPORT_PATH = "/publications/compte-rendu-du-cos-exemple/"
AFNIC_PATH = "/publications/subvention-10000-euros-ateliers-mediation-numerique/"
PASSWORD = "un-mot-de-passe-de-test-42"


def make_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_reserved_listing_is_accessible_for_a_cos_member(page, site_url, django_user_model):
    make_user(django_user_model, "membre-axe", COS_GROUP_NAME)
    page.goto(site_url + "/connexion/")
    page.get_by_label("Identifiant").fill("membre-axe")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site_url + "/")
    assert_accessible(page, site_url + "/publications/")
    assert_accessible(page, site_url + REPORT_PATH)


def test_filters_are_plain_links_without_javascript(page_nojs, site_url):
    page_nojs.goto(site_url + "/publications/")
    filters = page_nojs.get_by_role("navigation", name="Filtrer les publications")
    filters.get_by_role("link", name="Financement").click()
    filters.get_by_role("link", name="2021").click()
    assert page_nojs.url.endswith("/publications/?categorie=financement&annee=2021")
    titles = page_nojs.locator(".publication-item__title").all_inner_texts()
    assert len(titles) == 2 and all("COS" not in title for title in titles)
    page_nojs.get_by_role("link", name="Voir toutes les publications").click()
    assert page_nojs.locator(".publication-item").count() == 3


def test_all_links_have_distinct_names_and_pills_are_whole_links(page, site_url):
    page.goto(site_url + "/publications/?categorie=financement&annee=2021")
    filters = page.get_by_role("navigation", name="Filtrer les publications")
    for name in ("Toutes les catégories", "Toutes les années", "Toutes les étiquettes"):
        assert filters.get_by_role("link", name=name, exact=True).count() == 1, name
    pill = page.locator(".publication-item__tags li").first
    link_box, pill_box = pill.locator("a").bounding_box(), pill.bounding_box()
    assert abs(link_box["width"] - pill_box["width"]) < 3 and abs(link_box["height"] - pill_box["height"]) < 3


def test_failed_login_is_announced_in_the_title_and_fields(page, site_url):
    page.goto(site_url + "/connexion/")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert page.title().startswith("Erreur : ")
    for label in ("Identifiant", "Mot de passe"):
        field = page.get_by_label(label)
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("aria-describedby") == "erreurs-connexion"


def test_cos_member_logs_in_reads_the_report_and_logs_out(page, site_url, django_user_model):
    make_user(django_user_model, "membre-cos-test", COS_GROUP_NAME)
    page.goto(site_url + REPORT_PATH)
    assert "/connexion/?next=" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"

    page.get_by_label("Identifiant").fill("membre-cos-test")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text().startswith("Identifiant ou mot de passe incorrect")

    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site_url + REPORT_PATH)
    assert page.get_by_role("heading", level=1).inner_text() == "Compte rendu du COS (exemple)"
    assert page.locator(".publication__header").get_by_text("Réservé au COS").is_visible()

    page.goto(site_url + "/publications/")
    assert page.get_by_text("Réservé au COS").count() == 1

    page.goto(site_url + "/admin/")
    assert "/admin/login/" in page.url

    page.goto(site_url + "/")
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(site_url + "/")
    assert page.get_by_role("link", name="Espace membres : se connecter").is_visible()
    page.goto(site_url + REPORT_PATH)
    assert "/connexion/?next=" in page.url


def test_logout_address_typed_in_shows_the_button(page, site_url, django_user_model):
    make_user(django_user_model, "membre-deconnexion", COS_GROUP_NAME)
    page.goto(site_url + "/connexion/")
    page.get_by_label("Identifiant").fill("membre-deconnexion")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site_url + "/")
    response = page.goto(site_url + "/deconnexion/")
    assert response.status == 200
    page.get_by_role("main").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(site_url + "/")
    assert page.get_by_role("link", name="Espace membres : se connecter").is_visible()


def test_outsider_gets_the_access_reserved_page(page, site_url, django_user_model):
    django_user_model.objects.create_user("visiteur", "visiteur@example.org", PASSWORD)
    page.goto(site_url + "/connexion/?next=" + REPORT_PATH)
    page.get_by_label("Identifiant").fill("visiteur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accès réservé"


def admin_login(page, site_url, username):
    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(site_url + "/admin/")


def test_editor_writes_moderator_approves_and_it_is_published(new_page, site_url, django_user_model, tmp_path):
    make_user(django_user_model, "redactrice", EDITORS_GROUP_NAME)
    make_user(django_user_model, "moderateur", MODERATORS_GROUP_NAME)
    index = PublicationIndexPage.objects.get()
    picture = tmp_path / "atelier-numerique.png"
    Image.new("RGB", (640, 360), "#0b4f8a").save(picture)
    title = "Un atelier numérique écrit dans le navigateur"

    editor = new_page()
    admin_login(editor, site_url, "redactrice")
    editor.goto(site_url + f"/admin/pages/add/publications/publicationpage/{index.pk}/")
    editor.locator("#id_title").fill(title)
    editor.locator("#id_summary").fill("Une publication rédigée, soumise et validée de bout en bout.")
    editor.locator("#id_category").select_option("actualite")
    tag_input = editor.locator("[data-contentpath=tags] .tagit-new input")
    tag_input.fill("Essai navigateur")
    tag_input.press("Enter")

    editor.locator("[data-contentpath=image]").get_by_role("button", name="Choisir une image").click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("tab", name="Transférer").click()
    upload = modal.locator("form[data-chooser-modal-creation-form]")
    upload.get_by_label("Fichier").set_input_files(picture)
    upload.get_by_label("Titre").fill("Atelier numérique (image d'essai)")
    upload.get_by_role("button", name="Transférer").click()
    editor.locator(".modal-dialog").wait_for(state="detached")
    editor.locator("#id_image_alt").fill("Un carré bleu, image d'essai")

    editor.get_by_role("button", name="Plus d'actions").click()
    editor.get_by_role("button", name="Soumettre à Modération").click()
    editor.wait_for_url(lambda url: "/add/" not in url)
    publication = PublicationPage.objects.get(title=title)
    assert not publication.live
    assert publication.current_workflow_state is not None

    moderator = new_page()
    admin_login(moderator, site_url, "moderateur")
    moderator.goto(site_url + f"/admin/pages/{publication.pk}/edit/")
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name="Approuver et Publier", exact=True).click()
    moderator.wait_for_url(lambda url: "/edit/" not in url)

    publication.refresh_from_db()
    assert publication.live
    assert publication.image is not None
    assert list(publication.tags.names()) == ["Essai navigateur"]

    visitor = new_page()
    visitor.goto(site_url + "/publications/")
    assert visitor.get_by_role("link", name=title).is_visible()
    item = visitor.locator(".publication-item").filter(has_text=title)
    assert item.get_by_role("link", name="Essai navigateur").is_visible()
    visitor.goto(site_url + "/")
    assert visitor.get_by_role("link", name=title).is_visible()
    visitor.goto(site_url + publication.url)
    assert visitor.get_by_role("img", name="Un carré bleu, image d'essai").is_visible()
    feed = feedparser.parse(visitor.request.get(site_url + "/publications/flux/rss/").body())
    assert feed.entries[0].title == title
