"""Moderation e-mails greet staff politely by name: a real submission by a Rédacteur, then an
approval or a rejection by a Modérateur, through the admin's own views."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.content import build_groups_and_workflow
from accounts.roles import EDITORS_GROUP_NAME, MODERATORS_GROUP_NAME
from core.site_builder import Builder
from tests.hub.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _html_emails(settings):
    # Off by default in Wagtail: turned on so that the HTML version is checked too.
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True


@pytest.fixture
def page(home_page):
    build_groups_and_workflow(Builder())
    return StandardPageFactory(parent=home_page, title="Plan d'action 2026", slug="plan-d-action")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "redactrice", "redactrice@example.org", "x", first_name="Camille", last_name="D'Aubigné"
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP_NAME))
    return user


@pytest.fixture
def moderator(django_user_model):
    # No first or last name: the greeting falls back on the username.
    user = django_user_model.objects.create_user("moderateur", "moderateur@example.org", "x")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP_NAME))
    return user


def first_paragraph(html):
    return re.search(r"<p>(.*?)</p>", html, re.S).group(1).strip()


def assert_polite(message, name):
    html = dict((mimetype, content) for content, mimetype in message.alternatives)["text/html"]
    assert message.body.startswith(f"Bonjour {name},\n"), message.body[:80]
    assert first_paragraph(html) == f"Bonjour {name},".replace("'", "&#x27;")
    for text in (message.body, html):
        assert "Salut" not in text and "Hello" not in text


def submit(client, editor, page):
    client.force_login(editor)
    data = nested_form_data(
        {"title": page.title, "slug": page.slug, "introduction": "Nouvelle version.", "body": streamfield([])}
    )
    data["action-submit"] = "submit"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.workflow_in_progress


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_moderation_emails_say_bonjour_and_the_name(client, page, editor, moderator, action):
    mail.outbox.clear()
    submit(client, editor, page)
    to_moderator = [m for m in mail.outbox if m.to == [moderator.email]]
    assert to_moderator, [m.subject for m in mail.outbox]
    for message in to_moderator:
        assert_polite(message, "moderateur")
        assert "Plan d'action 2026" in message.body

    mail.outbox.clear()
    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": "Merci."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state = page.workflow_states.get()
    assert state.status == ("approved" if action == "approve" else "needs_changes")
    to_editor = [m for m in mail.outbox if m.to == [editor.email]]
    assert to_editor, [m.subject for m in mail.outbox]
    for message in to_editor:
        assert_polite(message, "Camille D'Aubigné")
