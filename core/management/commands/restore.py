"""Restore an archive made by `manage.py backup` into an empty database and media folder."""

import environ
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from core.backups import check_archive, restore_backup
from core.cache import invalidate_pages


class Command(BaseCommand):
    help = "Restaure une archive de `manage.py backup` dans une base et un dossier des médias vides."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive (backups/rhinocc-AAAAMMJJ-HHMMSS.tar).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace le contenu d'une base ou d'un dossier des médias qui n'est pas vide.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Base cible (alias Django).")
        parser.add_argument(
            "--database-url",
            help="Base cible donnée par son URL (postgres://…), par exemple pour vérifier une archive "
            "dans une base de test ; prime sur --database.",
        )
        parser.add_argument("--media-root", help="Dossier des médias cible (par défaut MEDIA_ROOT).")

    def handle(self, archive, force=False, database=DEFAULT_DB_ALIAS, database_url=None, media_root=None, **options):
        db = environ.Env.db_url_config(database_url) if database_url else settings.DATABASES[database]
        check_archive(archive)
        if not database_url:
            connections[database].close()  # pg_restore --clean must not wait for our own connection
        restore_backup(archive, db, media_root or settings.MEDIA_ROOT, force=force)
        if not database_url:
            # Pages cached before the restoration may show content that no longer exists.
            invalidate_pages()
        self.stdout.write(self.style.SUCCESS(f"Archive restaurée dans la base « {db['NAME']} »."))
