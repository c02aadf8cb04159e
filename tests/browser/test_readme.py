"""The README's admin instructions, followed in the admin by their own labels (issue 7, point 9): the
scheduled-publishing steps are read from README.md, so a label that drifts from Wagtail's fails here."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Revision

from accounts.roles import MODERATORS_GROUP_NAME
from publications.models import PublicationPage

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-de-test-42"
GO_LIVE = datetime.datetime(2030, 1, 15, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


def readme_steps(heading):
    """The labels (« ... ») of each numbered step under a README heading, in order."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1].split("\n#", 1)[0]
    steps = re.findall(r"^\d+\. (.+?)(?=^\d+\. |^$)", section, re.M | re.S)
    return [re.findall(r"« ([^»]+) »", " ".join(step.split())) for step in steps]


def test_readme_steps_are_found():
    steps = readme_steps("Scheduled publishing")
    assert len(steps) == 4 and all(steps), steps


def test_scheduled_publishing_as_the_readme_says(page, site_url, django_user_model):
    moderator = django_user_model.objects.create_user("moderatrice", "moderatrice@example.org", PASSWORD)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP_NAME))
    publication = PublicationPage.objects.filter(live=True).first()
    (status,), (no_schedule, set_schedule), (go_live, expiry, save_schedule), (more_actions, schedule) = readme_steps(
        "Scheduled publishing"
    )

    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill("moderatrice")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(site_url + "/admin/")
    page.goto(site_url + f"/admin/pages/{publication.pk}/edit/")

    # 1. The side panel's toggle shows its name as a tooltip.
    page.locator(f'button.w-side-panel-toggle[data-w-tooltip-content-value="{status}"]').click()
    # 2.
    assert page.get_by_text(no_schedule, exact=True).is_visible()
    page.get_by_role("button", name=set_schedule, exact=True).click()
    # 3.
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(go_live, exact=True).fill(GO_LIVE.strftime("%Y-%m-%d %H:%M"))
    assert dialog.get_by_label(expiry, exact=True).is_visible()
    # As a keyboard user would: the open date picker may cover the button, which a mouse click would
    # hit instead; focusing the button and pressing Enter does not depend on the picker closing.
    save = dialog.get_by_role("button", name=save_schedule, exact=True)
    save.focus()
    save.press("Enter")
    page.wait_for_load_state()
    # 4.
    page.get_by_role("button", name=more_actions, exact=True).click()
    page.get_by_role("button", name=schedule, exact=True).click()
    page.wait_for_url(lambda url: "/edit/" not in url)

    scheduled = Revision.page_revisions.filter(object_id=str(publication.pk), approved_go_live_at__isnull=False)
    assert [revision.approved_go_live_at for revision in scheduled] == [GO_LIVE]
    publication.refresh_from_db()
    assert publication.live  # the published version stays online until the scheduled one replaces it
