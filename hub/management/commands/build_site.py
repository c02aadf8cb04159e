"""Build the whole site's content (page tree, home sections, legal pages, settings...)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from core.site_builder import Builder, registered_sections


class Command(BaseCommand):
    help = "Construit le contenu du site RhinOcc. Idempotent : une seconde exécution ne change rien."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Réécrit aussi le contenu déjà présent (modifications de l'équipe perdues).",
        )
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Crée aussi des comptes de démonstration (mot de passe affiché une fois).",
        )
        parser.add_argument(
            "--demo-places",
            action="store_true",
            help="Ajoute des lieux de démonstration à l'annuaire (jamais par-dessus un lieu importé).",
        )

    def handle(self, *args, reset=False, demo_users=False, demo_places=False, **options):
        autodiscover_modules("content")
        builder = Builder(reset=reset, demo_users=demo_users, demo_places=demo_places)
        with transaction.atomic():
            for build in registered_sections():
                build(builder)
        for label, items in (("créé", builder.created), ("mis à jour", builder.updated)):
            for item in items:
                self.stdout.write(f"  {label} : {item}")
        for note in builder.notes:
            self.stdout.write(note)
        if builder.created or builder.updated:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Contenu construit : {len(builder.created)} créé(s), {len(builder.updated)} mis à jour, "
                    f"{len(builder.unchanged)} inchangé(s)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Rien à faire : les {len(builder.unchanged)} éléments existent déjà.")
            )
