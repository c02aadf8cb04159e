"""The content command: builds the seed's facts, is idempotent, respects staff edits."""

import html

import pytest
from wagtail.models import Site

from hub.models import HomePage, SiteSettings, StandardPage
from tests.conftest import build_site as build

pytestmark = pytest.mark.django_db

# Every fact of the seed's hub presentation; each app's tests check its own sections too.
SEED_FACTS = [
    "Réseau et Hub pour l'Inclusion Numérique en Occitanie",
    "Un Hub pour un numérique inclusif",
    "Propulsé par",
    "Pourquoi un Hub pour un numérique inclusif ?",
    "Contexte et constats",
    "13 millions",
    "19,5 %",
    "40 %",
    "illectronisme",
    "Cahier de l'inclusion numérique, Emmaüs Connect",
    "seniors",
    "sans diplôme",
    "quartiers prioritaires",
    "handicapées",
    "longue durée",
    "santé",
    "finances",
    "mobilité",
    "travail",
    "démarches administratives",
    "équipement",
    "zones blanches",
    "connaissances informatiques ou administratives",
    "motivation",
    "L'inclusion numérique : qu'est-ce que c'est ?",
    "autonomie",
    "Les membres fondateurs",
    "La Mêlée",
    "Coll.in",
    "Envoi Insertion et Handicap",
    "La Mêlée Adour",
    "La Compagnie du Code",
    "deux raisons",
    "de l'économie numérique jusqu'à l'action sociale",
    "La gouvernance du RhinOcc",
    "Nos dernières publications",
]


def test_builds_the_home_page_as_site_root_with_every_seed_fact(client):
    build()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.live
    text = html.unescape(client.get("/").content.decode()).replace("\u00a0", " ").replace("\u202f", " ")
    missing = [fact for fact in SEED_FACTS if fact not in text]
    assert missing == []


def test_builds_the_legal_pages_linked_from_the_footer(client):
    build()
    slugs = set(StandardPage.objects.live().filter(show_in_footer=True).values_list("slug", flat=True))
    assert {"mentions-legales", "accessibilite", "donnees-personnelles"} <= slugs
    html = client.get("/accessibilite/").content.decode()
    assert "RGAA" in html and "Défenseur des droits" in html and "non conforme" in html
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).short_name == "RhinOcc"


def test_second_run_changes_nothing():
    build()
    revisions = HomePage.objects.get().revisions.count()
    output = build()
    assert "Rien à faire" in output
    assert HomePage.objects.get().revisions.count() == revisions


def test_staff_edits_are_kept_unless_reset():
    build()
    home = HomePage.objects.get()
    home.baseline = "Accroche modifiée par l'équipe"
    home.save_revision().publish()
    build()
    assert HomePage.objects.get().baseline == "Accroche modifiée par l'équipe"
    output = build("--reset")
    assert "mis à jour : page d'accueil" in output
    assert HomePage.objects.get().baseline == "Un Hub pour un numérique inclusif"


def test_content_lives_in_the_repository_not_in_shared():
    import hub.content

    source = open(hub.content.__file__, encoding="utf-8").read()
    assert "shared/seed" not in source and "../shared" not in source


def test_site_host_comes_from_the_public_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://rhinocc.example"
    build()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("rhinocc.example", 443)
    assert site.root_url == "https://rhinocc.example"


def test_french_typography_keeps_signs_with_their_words(client):
    from core.site_builder import french_spacing

    assert french_spacing("Pourquoi ? « oui » 10 000 € : 19,5 %") == (
        "Pourquoi\u00a0? «\u00a0oui\u00a0» 10\u202f000\u00a0€\u00a0: 19,5\u00a0%"
    )
    build()
    assert "inclusif\u00a0?" in HomePage.objects.get().why_heading


def test_accessibility_statement_shows_the_contact_and_its_status_in_the_footer(client):
    build()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "contact@rhinocc.example"
    settings.save()
    html = client.get("/accessibilite/").content.decode()
    assert 'href="mailto:contact@rhinocc.example"' in html.split("<footer")[0]
    assert "Accessibilité\u00a0: non conforme</a>" in html


def test_accessibility_statement_tells_what_was_checked_and_its_status_comes_from_the_settings(client):
    build()
    text = html.unescape(client.get("/accessibilite/").content.decode()).replace("\u00a0", " ")
    statement = text.split("<main")[1].split("</main>")[0]
    assert "est <strong>non conforme</strong> avec le référentiel général d'amélioration" in statement
    for fact in ("RGAA 4.1", "auto-évaluation", "3.2 :", "10.11 :", "axe-core", "la page d'accueil", "lecteur d'écran"):
        assert fact in statement, fact
    assert '<a href="/contact/">Nous écrire</a>' in statement and "Défenseur des droits" in statement

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.accessibility_page.slug == "accessibilite"
    settings.accessibility_status = "partiellement_conforme"
    settings.save()
    text = html.unescape(client.get("/").content.decode())
    assert 'href="/accessibilite/">Accessibilité\u00a0: partiellement conforme</a>' in text
    assert "est <strong>partiellement conforme</strong>" in client.get("/accessibilite/").content.decode()


def test_legal_notice_shows_only_the_facts_staff_filled_in(client):
    build()
    text = html.unescape(client.get("/mentions-legales/").content.decode())
    assert "Éditeur du site" in text and "La Mêlée" in text
    assert "Direction de la publication" not in text and "Hébergement" not in text
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publication_director = "Camille Martin, présidente de La Mêlée"
    settings.host_name = "Hébergeur exemple SAS"
    settings.host_address = "1 rue de l'Exemple\n31000 Toulouse"
    settings.save()
    text = html.unescape(client.get("/mentions-legales/").content.decode())
    assert "<h2>Direction de la publication</h2>\n<p>Camille Martin, présidente de La Mêlée</p>" in text
    assert "<h2>Hébergement</h2>\n<p>Hébergeur exemple SAS</p>" in text and "1 rue de l'Exemple<br>31000" in text
    assert "Téléphone" not in text.split("<main")[1].split("</main>")[0]
