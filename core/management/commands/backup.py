"""Save the database and the media files into one dated archive (see README, « Sauvegardes »)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backups import default_backup_dir, make_backup


class Command(BaseCommand):
    help = "Sauvegarde la base PostgreSQL (pg_dump) et les médias dans une archive datée."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Dossier des archives (par défaut BACKUP_DIR, « backups/ »).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Base à sauvegarder (alias Django).")

    def handle(self, *args, dir=None, database=DEFAULT_DB_ALIAS, **options):
        archive = make_backup(settings.DATABASES[database], settings.MEDIA_ROOT, dir or default_backup_dir())
        size = archive.stat().st_size / 1_000_000
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {archive} ({size:.1f} Mo)"))
