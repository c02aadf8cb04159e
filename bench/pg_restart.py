"""PostgreSQL restart drill: the site keeps answering, and answers without error once the database is back.

    make pg-restart-test            # = .venv/bin/python bench/pg_restart.py

Creates a scratch PostgreSQL database (dropped at the end) on the server of DATABASE_ADMIN_URL (default
postgres://postgres@127.0.0.1:5432/postgres), builds the site into it, serves it with gunicorn (production
settings, 2 workers, persistent database connections, page cache off so that every request reads the
database) on 127.0.0.1:PORT, sends requests from two threads, restarts PostgreSQL with pg_ctlcluster
while they keep coming, and counts the failures before, during and after the restart, without
restarting gunicorn. It exits non-zero if any request started after PostgreSQL was back failed.

It restarts the machine's PostgreSQL cluster: every other client of that server loses its connections
for about a second. Run it on a development or staging machine, as root (or the cluster's owner).
Not part of CI's test suite.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
URLS = ("/", "/publications/", "/membres/", "/gouvernance/", "/recherche/?q=inclusion", "/sante/")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=18690, help="port of the test gunicorn (127.0.0.1)")
    parser.add_argument("--cluster", default="", help="version/name for pg_ctlcluster, e.g. 15/main")
    parser.add_argument("--warmup", type=int, default=60, help="requests before the restart")
    parser.add_argument("--after", type=int, default=300, help="requests after PostgreSQL is back")
    parser.add_argument("--max-seconds", type=float, default=120, help="bound on the whole drill")
    args = parser.parse_args()

    admin_url = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    cluster = args.cluster or f"{_only_version()}/main"
    database = f"rhinocc_pgrestart_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="rhinocc-pgrestart-"))
    env = _site_environment(admin_url, database, workdir, args.port)

    _admin(admin_url, f'CREATE DATABASE "{database}"')
    gunicorn = None
    try:
        print(f"Base de test {database} : migrations, fichiers statiques, contenu du site...")
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["build_site"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        log = (workdir / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{args.port}"
        _wait_for(base + "/sante/", timeout=30)
        failed_after = _drill(base, cluster, admin_url, args)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    if failed_after:
        print(f"ÉCHEC : {failed_after} requête(s) en erreur après le retour de PostgreSQL.")
        return 1
    print("OK : aucune erreur après le retour de PostgreSQL, sans redémarrer le site.")
    return 0


def _drill(base, cluster, admin_url, args):
    results = []  # (started, finished, url, status or error)
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + args.max_seconds

    def worker(offset):
        n = offset
        while not stop.is_set() and time.monotonic() < deadline:
            url = URLS[n % len(URLS)]
            n += 1
            started = time.monotonic()
            outcome = _get(base + url)
            with lock:
                results.append((started, time.monotonic(), url, outcome))
            time.sleep(0.01)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    _wait_until(lambda: len(results) >= args.warmup, deadline)

    version, name = cluster.split("/")
    print(f"Redémarrage de PostgreSQL ({cluster}) pendant que les requêtes continuent...")
    restart_started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _wait_until(lambda: _database_answers(admin_url), deadline)
    back = time.monotonic()
    _wait_until(lambda: sum(1 for r in results if r[0] >= back) >= args.after, deadline)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)

    with lock:
        before = [r for r in results if r[0] < restart_started]
        during = [r for r in results if restart_started <= r[0] < back]
        after = [r for r in results if r[0] >= back]

    def failures(rows):
        return [r for r in rows if not (isinstance(r[3], int) and r[3] < 500)]

    def health_503(rows):
        return sum(1 for r in rows if r[2] == "/sante/" and r[3] == 503)

    seconds = back - restart_started
    print(f"PostgreSQL indisponible pendant {seconds:.2f} s (du redémarrage à la première connexion).")
    print(f"{'phase':<10} {'requêtes':>9} {'échecs':>7} {'/sante/ 503':>12}")
    for label, rows in (("avant", before), ("pendant", during), ("après", after)):
        print(f"{label:<10} {len(rows):>9} {len(failures(rows)):>7} {health_503(rows):>12}")
    for row in failures(after)[:10]:
        print(f"  après le retour : {row[2]} -> {row[3]} ({row[0] - back:+.2f} s)")
    if len(after) < args.after:
        print(f"ÉCHEC : seulement {len(after)} requêtes après le retour dans le temps imparti.")
        return max(1, len(failures(after)))
    return len(failures(after))


def _get(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return type(error).__name__


def _database_answers(admin_url):
    try:
        psycopg2.connect(admin_url, connect_timeout=1).close()
    except psycopg2.OperationalError:
        return False
    return True


def _wait_until(condition, deadline):
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("ÉCHEC : délai dépassé (--max-seconds).")
        time.sleep(0.05)


def _wait_for(url, timeout):
    deadline = time.monotonic() + timeout
    while _get(url) != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"ÉCHEC : le site ne répond pas sur {url}.")
        time.sleep(0.2)


def _admin(admin_url, sql):
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def _only_version():
    versions = sorted(os.listdir("/etc/postgresql"))
    if len(versions) != 1:
        raise SystemExit(f"Plusieurs versions de PostgreSQL ({', '.join(versions)}) : précisez --cluster.")
    return versions[0]


def _site_environment(admin_url, database, workdir, port):
    server = urlsplit(admin_url)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE_SECONDS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="rhinocc.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=server._replace(path=f"/{database}").geturl(),
        CONN_MAX_AGE="600",  # persistent connections: the ones a restart leaves stale
        PAGE_CACHE_SECONDS="0",  # every request reads the database
        CACHE_DIR=str(workdir / "cache"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )
    return env


if __name__ == "__main__":
    sys.exit(main())
