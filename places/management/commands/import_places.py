from django.core.management.base import BaseCommand, CommandError

from places.importer import ImportFileError, import_places


class Command(BaseCommand):
    help = (
        "Importe un fichier CSV de lieux au standard national (v1.0.2) : crée ou met à jour les lieux par "
        "identifiant, rejette les lignes invalides, signale les conflits et les lieux absents du fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier CSV (UTF-8, séparé par des virgules).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie et montre ce qui changerait, sans rien enregistrer."
        )

    def handle(self, *args, file, dry_run, **options):
        verbose = options["verbosity"] >= 2
        try:
            with open(file, "rb") as binary:
                report = import_places(binary, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Impossible de lire le fichier {file} : {error.strerror}.") from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        write = self.stdout.write
        write(report.summary())
        if verbose:
            for standard_id in report.created:
                write(f"Créé : {standard_id}")
            for standard_id in report.unchanged:
                write(f"Inchangé : {standard_id}")
        for standard_id, columns in report.updated.items():
            write(f"Mis à jour : {standard_id} ({', '.join(columns)})")
        for line, standard_id, issues in report.rejected:
            write(self.style.ERROR(f"Rejeté : ligne {line} ({standard_id or 'sans identifiant'})"))
            for issue in issues:
                write(f"  - {issue}")
        for conflict in report.conflicts:
            write(self.style.WARNING(f"Conflit : {conflict}"))
        for issue in report.warnings:
            write(self.style.WARNING(f"Avertissement : {issue}"))
        for standard_id, nom in report.missing:
            write(f"Absent du fichier (non supprimé) : {standard_id} — {nom}")
