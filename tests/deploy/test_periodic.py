"""manage.py run_periodic: publish_scheduled's work in a long-running process (core/management)."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.hub.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_run_publishes_what_is_due_and_unpublishes_what_expired(home_page):
    due = StandardPageFactory(parent=home_page, title="Programmée", slug="programmee", live=False)
    revision = due.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    expired = StandardPageFactory(parent=home_page, title="Expirée", slug="expiree")
    expired.expire_at = timezone.now() - timedelta(minutes=1)
    expired.save()

    call_command("run_periodic", runs=1, interval=0)

    due.refresh_from_db()
    expired.refresh_from_db()
    assert due.live and not expired.live


def test_a_failing_command_is_logged_and_the_loop_goes_on(caplog):
    with caplog.at_level(logging.ERROR, logger="core.management.commands.run_periodic"):
        call_command("run_periodic", "commande_inconnue", "publish_scheduled", runs=2, interval=0)
    failures = [record for record in caplog.records if "commande_inconnue" in record.getMessage()]
    assert len(failures) == 2  # both runs tried it, and went on to publish_scheduled
