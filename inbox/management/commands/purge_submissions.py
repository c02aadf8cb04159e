"""Delete the submissions older than the retention of the inbox's site settings (run it daily)."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from inbox.models import DEFAULT_RETENTION_MONTHS, InboxSettings, Submission


class Command(BaseCommand):
    help = "Supprime les messages reçus plus anciens que la durée de conservation (réglages du site)."

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        months = InboxSettings.for_site(site).retention_months if site else DEFAULT_RETENTION_MONTHS
        deleted, _ = Submission.objects.older_than(months).delete()
        self.stdout.write(f"{deleted} message(s) reçu(s) de plus de {months} mois supprimé(s).")
