"""The hub's page types: tree rules, rendering, navigation, error pages."""

import pytest
from wagtail.models import Page

from hub.models import HomePage, StandardPage
from tests.hub.factories import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


class TestTreeRules:
    def test_home_page_only_under_the_root(self, home_page):
        assert HomePage.allowed_parent_page_models() == [Page]
        assert StandardPage not in HomePage.allowed_parent_page_models()

    def test_only_one_home_page(self, home_page):
        assert not HomePage.can_create_at(Page.get_first_root_node())

    def test_standard_page_lives_under_home_or_another_standard_page(self, home_page):
        assert StandardPage.can_create_at(home_page)
        child = StandardPageFactory(parent=home_page)
        assert StandardPage.can_create_at(child)
        assert not StandardPage.can_create_at(Page.get_first_root_node())

    def test_home_page_accepts_each_section_index(self):
        names = {model._meta.label for model in HomePage.allowed_subpage_models()}
        assert {
            "hub.StandardPage",
            "members.MemberIndexPage",
            "governance.GovernanceIndexPage",
            "publications.PublicationIndexPage",
        } <= names
        assert "hub.HomePage" not in names


class TestRendering:
    def test_home_page(self, client, home_page):
        home_page.why_heading = "Pourquoi un Hub pour un numérique inclusif ?"
        home_page.key_figures = [("figure", {"figure": "13 millions", "label": "de Français", "source": "Emmaüs"})]
        home_page.save_revision().publish()
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="fr">' in html
        assert html.count("<h1") == 1
        assert "Un Hub pour un numérique inclusif" in html
        assert "13 millions" in html and "Source : Emmaüs" in html
        assert 'href="#contenu"' in html and 'id="contenu"' in html

    def test_standard_page_with_every_block(self, client, home_page):
        page = StandardPageFactory(
            parent=home_page,
            title="Accessibilité",
            slug="accessibilite",
            show_in_footer=True,
            body=[
                ("heading", {"text": "État de conformité", "level": "h2"}),
                ("paragraph", "<p>Déclaré non conforme.</p>"),
                ("quote", {"text": "Le numérique pour tous.", "author": "RhinOcc"}),
                ("call_to_action", {"text": "Revenir à l'accueil", "page": home_page, "external_url": ""}),
                ("key_figures", {"heading": "Chiffres", "figures": [{"figure": "40 %", "label": "x", "source": ""}]}),
            ],
        )
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200
        for text in ("État de conformité", "Déclaré non conforme.", "Le numérique pour tous.", "40 %"):
            assert text in html
        assert '<a class="button" href="/">Revenir à l&#x27;accueil</a>' in html
        # The legal page is linked from every page's footer, and breadcrumbs lead back home.
        assert 'href="/accessibilite/">Accessibilité</a>' in client.get("/").content.decode()
        assert 'aria-label="Fil d\'Ariane"' in html

    def test_main_menu_lists_pages_shown_in_menus(self, client, home_page):
        StandardPageFactory(parent=home_page, title="Le réseau", slug="reseau", show_in_menus=True)
        StandardPageFactory(parent=home_page, title="Cachée", slug="cachee", show_in_menus=False)
        html = client.get("/reseau/").content.decode()
        menu = html.split('aria-label="Menu principal"')[1].split("</nav>")[0]
        assert 'href="/reseau/" aria-current="page">Le réseau</a>' in menu
        assert "Cachée" not in menu

    def test_draft_page_is_not_served(self, client, home_page):
        page = StandardPageFactory(parent=home_page, slug="brouillon", live=False)
        assert client.get(page.url_path.replace("/accueil", "")).status_code == 404


class TestErrors:
    def test_unknown_url_gives_french_404(self, client, home_page):
        response = client.get("/cette-page-n-existe-pas/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page introuvable" in html and '<html lang="fr">' in html

    def test_500_page_is_standalone_and_french(self, client, home_page):
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        assert "Le site rencontre un problème" in html and '<html lang="fr">' in html


def test_home_page_factory_builds_a_single_home(db):
    HomePageFactory(parent=Page.get_first_root_node())
    assert HomePage.objects.count() == 1


class TestErrorPagesSayOnlyWhatIsMeantForVisitors:
    def test_django_and_wagtail_messages_are_not_shown(self, client, home_page):
        response = client.get("/documents/99999/x.pdf")
        assert response.status_code == 404
        assert "No Document matches" not in response.content.decode()
        assert "Page introuvable" in response.content.decode()

    def test_unknown_host_gets_the_french_400_without_configuration_hints(self, client, home_page):
        response = client.get("/", HTTP_HOST="evil.example")
        html = response.content.decode()
        assert response.status_code == 400
        assert "Requête incorrecte" in html and "ALLOWED_HOSTS" not in html

    def test_project_messages_are_shown(self, client, home_page):
        html = client.get("/recherche/", {"q": "x", "page": "abc"}).content.decode()
        assert "doit être un nombre entier" in html

    def test_csrf_failure_is_a_french_page(self, home_page):
        from django.test import Client

        response = Client(enforce_csrf_checks=True).post("/recherche/", {"q": "x"})
        assert response.status_code == 403
        html = response.content.decode()
        assert '<html lang="fr">' in html and "Le formulaire a expiré" in html

    def test_empty_405_gets_a_french_page(self, client, home_page):
        response = client.post("/recherche/")
        assert response.status_code == 405
        assert "Action non permise" in response.content.decode()
        assert response["Allow"]


def test_restricted_pages_stay_out_of_the_menu(client, home_page):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    page = StandardPageFactory(parent=home_page, title="Espace privé", slug="prive", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Espace public", slug="public", show_in_menus=True)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Privé"))
    html = client.get("/").content.decode()
    assert "Espace public" in html and "Espace privé" not in html


def test_footer_label_replaces_the_title_in_the_footer(client, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        show_in_footer=True,
        footer_label="Accessibilité : non conforme",
    )
    assert 'href="/accessibilite/">Accessibilité : non conforme</a>' in client.get("/").content.decode()
