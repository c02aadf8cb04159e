"""Every admin label the README quotes (« ... ») in its editing sections is one the French admin shows
(issue 7, point 9). The scheduled-publishing steps are followed in a browser (tests/browser/test_readme.py)."""

import re
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from hub.models import HomePage, StandardPage
from publications.models import PublicationPage

SECTIONS = ["Editing the site", "Editorial roles"]


def readme_labels(heading):
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"« ([^»]+) »", " ".join(section.split()))


def visible_text(response):
    """The response's text with HTML entities and JSON escapes decoded (the sidebar menu is JSON)."""
    body = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.text
    body = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), body)
    return " ".join(unescape(body).split())


@pytest.fixture
def admin_text(client, admin_user):
    call_command("build_site", stdout=StringIO())
    client.force_login(admin_user)
    home = HomePage.objects.get()
    standard = StandardPage.objects.first()
    publication = PublicationPage.objects.first()
    paths = [
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{standard.pk}/edit/",
        f"/admin/pages/{publication.pk}/edit/",
        f"/admin/pages/{publication.pk}/privacy/",
        "/admin/publications/",
        "/admin/users/",
        "/admin/users/new/",
        "/admin/collections/",
    ]
    texts = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        texts.append(visible_text(response))
    return "\n".join(texts)


@pytest.mark.parametrize("heading", SECTIONS)
def test_readme_quotes_labels_the_admin_shows(admin_text, heading):
    labels = readme_labels(heading)
    assert len(labels) >= 5
    missing = [label for label in labels if label not in admin_text]
    assert not missing, f"README labels the French admin does not show: {missing}"


def test_labels_check_can_fail(admin_text):
    # Labels the README used to quote: Wagtail 8 shows other words (wagtail.snippets' « Enregistrer »
    # wins over wagtail.admin's « Sauvegarder » for "Save", by INSTALLED_APPS order).
    for old in (
        "Afficher dans les menus",
        "Privée, accessible aux utilisateurs des groupes sélectionnés",
        "Sauvegarder",
    ):
        assert old not in admin_text
