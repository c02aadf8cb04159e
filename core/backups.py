"""Backups: the PostgreSQL database (`pg_dump -Fc`) and the media files in one tar archive, and
their restoration into an empty database and media folder (`manage.py backup` / `restore`).

Archive layout: `database.dump` (pg_dump's custom format), `media/...` (MEDIA_ROOT as it was),
`manifest.json` (what made it and when).
"""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

DUMP_NAME = "database.dump"
MEDIA_PREFIX = "media"
MANIFEST_NAME = "manifest.json"


def require_postgresql(db):
    if "postgresql" not in db["ENGINE"]:
        raise CommandError(
            "Les sauvegardes demandent PostgreSQL : la base configurée est "
            f"« {db['ENGINE'].rsplit('.', 1)[-1]} ». Définissez DATABASE_URL=postgres://… "
            "(avec SQLite, copiez simplement le fichier db.sqlite3 et le dossier media/)."
        )


def _client_args(db):
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _client_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(command, db):
    try:
        subprocess.run(command, env=_client_env(db), check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise CommandError(
            f"{command[0]} est introuvable : installez le client PostgreSQL (postgresql-client)."
        ) from error
    except subprocess.CalledProcessError as error:
        raise CommandError(f"{command[0]} a échoué :\n{error.stderr.strip()}") from error


def make_backup(db, media_root, backup_dir):
    """Write `backup_dir/rhinocc-YYYYmmdd-HHMMSS.tar` and return its path."""
    require_postgresql(db)
    backup_dir = Path(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = backup_dir / f"rhinocc-{stamp}.tar"
    with tempfile.TemporaryDirectory(dir=backup_dir) as scratch:
        dump = Path(scratch) / DUMP_NAME
        _run(["pg_dump", "--format=custom", "--file", str(dump), *_client_args(db)], db)
        manifest = Path(scratch) / MANIFEST_NAME
        manifest.write_text(json.dumps({"created": timezone.now().isoformat(), "database": db["NAME"]}))
        partial = Path(scratch) / archive.name
        # The dump is compressed already and so are images: a plain tar, written aside then renamed,
        # so that an interrupted backup never leaves a truncated archive under the final name.
        with tarfile.open(partial, "w") as tar:
            tar.add(manifest, MANIFEST_NAME)
            tar.add(dump, DUMP_NAME)
            if Path(media_root).is_dir():
                tar.add(media_root, MEDIA_PREFIX)
        partial.replace(archive)
    return archive


def database_tables(db):
    """Names of the tables and other relations in the database's own schemas."""
    connection = psycopg2.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def check_archive(archive):
    """Refuse, in French, a path that is not an archive made by make_backup()."""
    archive = Path(archive)
    if not archive.is_file():
        raise CommandError(f"Archive introuvable : {archive}")
    if not tarfile.is_tarfile(archive):
        raise CommandError(f"{archive} n'est pas une archive tar : fichier tronqué ou d'un autre type ?")
    with tarfile.open(archive) as tar:
        if DUMP_NAME not in tar.getnames():
            raise CommandError(f"{archive} n'est pas une sauvegarde RhinOcc ({DUMP_NAME} manquant).")
    return archive


def restore_backup(archive, db, media_root, force=False):
    """Restore `archive` into database `db` and folder `media_root`, both expected empty."""
    require_postgresql(db)
    archive = check_archive(archive)
    media_root = Path(media_root)
    if not force:
        tables = database_tables(db)
        if tables:
            raise CommandError(
                f"La base de données « {db['NAME']} » n'est pas vide ({len(tables)} tables) : la "
                "restauration se fait dans une base vide (createdb). Ajoutez --force pour remplacer "
                "son contenu par celui de l'archive."
            )
        if media_root.is_dir() and any(media_root.iterdir()):
            raise CommandError(
                f"Le dossier des médias « {media_root} » n'est pas vide : la restauration se fait dans "
                "un dossier vide. Ajoutez --force pour y écrire les fichiers de l'archive."
            )
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the media folder (same disk, room for it), not in a possibly small /tmp.
    with tempfile.TemporaryDirectory(dir=media_root.parent) as scratch, tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        tar.extractall(scratch, filter="data")
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                *_client_args(db),
                str(Path(scratch) / DUMP_NAME),
            ],
            db,
        )
        media = Path(scratch) / MEDIA_PREFIX
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)


def default_backup_dir():
    return getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "backups")
