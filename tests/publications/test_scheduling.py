import datetime

from django.core.management import call_command
from django.utils import timezone

from .factories import PublicationPageFactory


def test_scheduled_publication_goes_live_with_publish_scheduled(client, index):
    page = PublicationPageFactory(parent=index, title="Publication programmée", live=False, date=None)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert "Publication programmée" not in client.get("/publications/").content.decode()

    # The go-live time passes; the cron job runs.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert page.date == timezone.localdate()
    assert "Publication programmée" in client.get("/publications/").content.decode()
    assert "Publication programmée" in client.get("/publications/flux/rss/").content.decode()
