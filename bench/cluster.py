"""Several app servers behind the real caching proxy (issue 13, `make cluster-test`, run once by CI).

Starts Varnish (Debian's `varnish`, with deploy/varnish/rhinocc.vcl as it is, its placeholders
replaced) in front of two gunicorn instances on 127.0.0.1 that share one PostgreSQL database (created
for the run, dropped after) and one Redis (started for the run), with production settings. Builds the
site, then checks:

- an anonymous page is kept by the proxy: the second visit is a proxy HIT;
- publishing a page (a script against the same database) and unpublishing one through an app
  server's admin ban it from the proxy: the next visit is a MISS with the new content;
- a reserved (COS-only) page is never stored by the proxy, for anonymous visitors or members;
- a COS member never gets the anonymous copy, an anonymous visitor never gets the member's.

Bounded in time (TIMEOUT), stops what it started whatever happens. Exit code 0 when every check passed.
Ports: PROXY_PORT (8206), the app servers 8207 and 8208, the proxy's purge address 8209, Redis 8210
(CLUSTER_BASE_PORT moves them all). PostgreSQL: PGHOST/PGPORT/PGUSER as in .ci/run.
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
BASE = int(os.environ.get("CLUSTER_BASE_PORT", "8206"))
PROXY, APP1, APP2, PURGE, REDIS_PORT = BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4
PG = {k: os.environ.get(k, d) for k, d in (("PGHOST", "127.0.0.1"), ("PGPORT", "5432"), ("PGUSER", "postgres"))}
DB = f"rhinocc_cluster_{os.getpid()}"
TIMEOUT = 480  # seconds for the whole run, setup included (the checks themselves take a few seconds)
# Migrating an empty PostgreSQL database and building the site take most of the setup: outside CI, a
# run keeps the built database as a template named after the code (site_digest), which the next runs
# copy (CLUSTER_KEEP_TEMPLATE=0: never).
KEEP_TEMPLATE = os.environ.get("CLUSTER_KEEP_TEMPLATE", "0" if os.environ.get("CI") else "1") == "1"
STATIC_CACHE = ROOT / ".cache" / "cluster-static"
HOST = "rhinocc.fr"
COS_USER = "membre-cos-cluster"

SETUP = """
import json, secrets
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from wagtail.models import Page, PageViewRestriction, Site
from accounts.roles import COS_GROUP_NAME
from hub.models import StandardPage

site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "rhinocc.fr", 80
site.save()
home = site.root_page
cos = Group.objects.get_or_create(name=COS_GROUP_NAME)[0]

def page(slug, title):
    existing = StandardPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    new = StandardPage(title=title, slug=slug, introduction="Version une.")
    home.add_child(instance=new)
    new.save_revision().publish()
    return new

public = page("grappe-publique", "Page publique de la grappe")
gone = page("grappe-retiree", "Page retirée par l'administration")
reserved = page("grappe-reservee", "Page réservée de la grappe")
if not PageViewRestriction.objects.filter(page=reserved).exists():
    rule = PageViewRestriction.objects.create(page=reserved, restriction_type="groups")
    rule.groups.add(cos)

def session_of(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

member = User.objects.create_user("membre-cos-cluster", "cos@example.org", secrets.token_hex(16))
member.groups.add(cos)
admin = User.objects.create_superuser("admin-cluster", "admin@example.org", secrets.token_hex(16))
print("SETUP" + json.dumps({
    "public": public.url_path[len(home.url_path) - 1:], "gone": gone.url_path[len(home.url_path) - 1:],
    "gone_id": gone.pk, "reserved": reserved.url_path[len(home.url_path) - 1:],
    "member": session_of(member), "admin": session_of(admin),
}))
"""

PUBLISH = """
from hub.models import StandardPage
page = StandardPage.objects.get(slug="grappe-publique")
page.introduction = "Version deux, publiée par la grappe."
page.save_revision().publish()
"""


class Failure(Exception):
    pass


def log(message):
    print(f"[cluster {time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


STARTED = time.monotonic()


def check(condition, message):
    if not condition:
        raise Failure(message)
    log(f"ok: {message}")


def request(port, path, cookies=None, method="GET", data=None, headers=None):
    """(status, headers, body) without following redirects."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=data)
    req.add_header("Host", HOST)
    req.add_header("Accept-Encoding", "gzip")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    if cookies:
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=20) as response:
            body = response.read()
            status, hdrs = response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, hdrs = error.read(), error.code, error.headers
    if hdrs.get("Content-Encoding") == "gzip":
        import gzip

        body = gzip.decompress(body)
    return status, hdrs, body.decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for(what, probe, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise Failure(f"{what} not ready after {seconds} s")


def psql(sql):
    subprocess.run(
        ["psql", "-h", PG["PGHOST"], "-p", PG["PGPORT"], "-U", PG["PGUSER"], "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def site_digest():
    """What the migrated and built database depends on: the code and data files, not the tests,
    templates, static files or deployment files."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    digest = hashlib.sha256()
    for name in sorted(set(listed)):
        path = ROOT / name
        if (
            name.startswith(("tests/", "templates/", "static/", "deploy/", "bench/", "docs/", "."))
            or not path.is_file()
        ):
            continue
        digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def databases_like(pattern):
    found = subprocess.run(
        [
            "psql",
            "-h",
            PG["PGHOST"],
            "-p",
            PG["PGPORT"],
            "-U",
            PG["PGUSER"],
            "-tAc",
            f"SELECT datname FROM pg_database WHERE datname LIKE '{pattern}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.split()


def render_vcl(tmp, ports=(APP1, APP2)):
    """deploy/varnish/rhinocc.vcl with these app servers' ports, the test's paths and probe interval
    (also used by bench/pages.py)."""
    text = (ROOT / "deploy" / "varnish" / "rhinocc.vcl").read_text()
    errors = tmp / "errors"
    shutil.copytree(ROOT / "deploy" / "errors", errors)
    replacements = [
        ('.port = "8001";', f'.port = "{ports[0]}";'),
        ('.port = "8002";', f'.port = "{ports[1]}";'),
        ("/srv/rhinocc/deploy/errors/", f"{errors}/"),
        (".interval = 5s;", ".interval = 1s;"),
    ]
    for old, new in replacements:
        if old not in text:
            raise Failure(f"placeholder {old!r} is gone from deploy/varnish/rhinocc.vcl")
        text = text.replace(old, new)
    path = tmp / "rhinocc.vcl"
    path.write_text(text)
    for item in (tmp, errors, *errors.iterdir(), path):
        item.chmod(0o755 if item.is_dir() else 0o644)
    return path


def run(env, tmp, processes):
    def manage(*args, script=None):
        command = [PY, "manage.py", *args] + (["-c", script] if script else [])
        # Building a throw-away database: its thousands of commits need not wait for the disk.
        build_env = {**env, "PGOPTIONS": "-c synchronous_commit=off"}
        done = subprocess.run(command, cwd=ROOT, env=build_env, capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise Failure(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def start(name, command, extra_env=None):
        out = open(tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, **(extra_env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append((name, process, out))
        return process

    start("redis", [REDIS, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    # Static files are collected while the database migrates.
    STATIC_CACHE.mkdir(parents=True, exist_ok=True)
    collect = subprocess.Popen(
        [PY, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    template = f"rhinocc_cluster_tpl_{site_digest()}"
    if KEEP_TEMPLATE and template in databases_like(template):
        psql(f"CREATE DATABASE {DB} TEMPLATE {template}")
        log(f"database copied from {template}")
    else:
        psql(f"CREATE DATABASE {DB}")
        manage("migrate", "--noinput")
        log("migrated")
        manage("build_site")
        log("site built")
        if KEEP_TEMPLATE:
            for stale in databases_like("rhinocc_cluster_tpl_%"):  # built from older code
                psql(f"DROP DATABASE IF EXISTS {stale}")
            psql(f"CREATE DATABASE {template} TEMPLATE {DB}")
    if collect.wait(timeout=120):
        raise Failure(f"collectstatic failed: {collect.stderr.read()[-2000:]}")
    setup = json.loads(manage("shell", script=SETUP).split("SETUP", 1)[1])
    log(f"test pages: {setup['public']}, {setup['reserved']}")

    for name, port in (("app1", APP1), ("app2", APP2)):
        start(name, [GUNICORN, "-c", "gunicorn.conf.py"], {"GUNICORN_BIND": f"127.0.0.1:{port}"})
    vcl = render_vcl(tmp)
    start(
        "varnish",
        [
            VARNISHD,
            "-F",
            "-n",
            str(tmp / "varnish"),
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
            "-T",
            "none",
            "-a",
            f"127.0.0.1:{PROXY}",
            "-a",
            f"purge=127.0.0.1:{PURGE}",
        ],
    )
    for port in (APP1, APP2):
        wait_for(f"gunicorn :{port}", lambda port=port: request(port, "/sante/")[0] == 200)
    wait_for("varnish", lambda: request(PROXY, "/")[0] == 200)
    log("cluster up")
    checks_started = time.monotonic()

    anonymous_copies(setup)
    publishing_bans(setup, manage)
    reserved_never_stored(setup)
    members_and_anonymous_apart(setup)
    unpublishing_through_an_app_server_bans(setup)
    purge_address_only(setup)
    app_servers_down(processes)
    for name in ("app1", "app2"):
        served = [
            line
            for line in (tmp / f"{name}.log").read_text().splitlines()
            if '"GET /grappe-' in line or '"GET / ' in line
        ]
        check(served, f"round robin: {name} served {len(served)} page(s) through the proxy")
    log(f"checks took {time.monotonic() - checks_started:.1f} s")


def anonymous_copies(setup):
    path = setup["public"]
    first = request(PROXY, path)
    second = request(PROXY, path)
    check(first[0] == 200 and "Version une." in first[2], f"{path} answers through the proxy")
    cache_control = second[1].get("Cache-Control", "")
    check(
        re.search(r"\bpublic\b", cache_control) and "s-maxage=" in cache_control and "max-age=0" in cache_control,
        f"an anonymous page is public, max-age=0, s-maxage=N ({cache_control})",
    )
    check(
        second[1].get("X-Proxy-Cache") == "HIT",
        f"the second anonymous visit is a proxy HIT ({second[1].get('X-Proxy-Cache')})",
    )
    check("Accept-Language" not in second[1].get("Vary", ""), f"no Vary on Accept-Language ({second[1].get('Vary')})")
    check(second[1].get("Content-Encoding") == "gzip", "the proxy compresses HTML")


def publishing_bans(setup, manage):
    path = setup["public"]
    check(request(PROXY, path)[1].get("X-Proxy-Cache") == "HIT", "the page is in the proxy before the publication")
    manage("shell", script=PUBLISH)  # waits for the ban thread to end
    status, headers, body = request(PROXY, path)
    check(headers.get("X-Proxy-Cache") == "MISS", "after a publication, the next visit is a proxy MISS")
    check("Version deux, publiée par la grappe." in body, "and shows the new content")
    check(request(PROXY, "/")[1].get("X-Proxy-Cache") == "MISS", "the ban reached every page (home: MISS)")


def reserved_never_stored(setup):
    path = setup["reserved"]
    member = {"sessionid": setup["member"]}
    for _ in range(2):
        status, headers, _body = request(PROXY, path)
        check(
            status in (302, 303) and headers.get("X-Proxy-Cache") != "HIT",
            f"anonymous: reserved page redirects ({status}), never a HIT",
        )
        check("no-store" in headers.get("Cache-Control", ""), "the redirect is no-store")
    for _ in range(2):
        status, headers, body = request(PROXY, path, cookies=member)
        check(status == 200 and "Page réservée de la grappe" in body, "a COS member reads the reserved page")
        check(headers.get("X-Proxy-Cache") == "PASS", "the member's copy is not stored (PASS)")
        check(
            "private" in headers.get("Cache-Control", "") and "no-store" in headers.get("Cache-Control", ""),
            "private, no-store",
        )
    status, headers, _body = request(PROXY, path)
    check(status in (302, 303), "anonymous after the member: still a redirect to the login page")


def members_and_anonymous_apart(setup):
    member = {"sessionid": setup["member"]}
    marker_member, marker_anonymous = f"Compte : {COS_USER}", "Espace membres : se connecter"
    status, headers, body = request(PROXY, "/", cookies=member)
    check(
        marker_member in body and headers.get("X-Proxy-Cache") == "PASS", "a COS member gets the home page of his own"
    )
    request(PROXY, "/")
    status, headers, body = request(PROXY, "/")
    check(
        headers.get("X-Proxy-Cache") == "HIT" and marker_anonymous in body and marker_member not in body,
        "the anonymous copy is the anonymous one",
    )
    status, headers, body = request(PROXY, "/", cookies=member)
    check(marker_member in body and headers.get("X-Proxy-Cache") != "HIT", "the member never gets the anonymous copy")
    # A visitor who only has the CSRF cookie (after a form) shares the anonymous copy.
    status, headers, body = request(PROXY, "/", cookies={"csrftoken": "x" * 32})
    check(headers.get("X-Proxy-Cache") == "HIT" and marker_anonymous in body, "the CSRF cookie alone shares the copy")


def unpublishing_through_an_app_server_bans(setup):
    path = setup["gone"]
    request(PROXY, path)
    check(request(PROXY, path)[1].get("X-Proxy-Cache") == "HIT", "the page to unpublish is in the proxy")
    token = secrets.token_hex(16)
    cookies = {"sessionid": setup["admin"], "csrftoken": token}
    status, _headers, _body = request(
        APP2,
        f"/admin/pages/{setup['gone_id']}/unpublish/",
        cookies=cookies,
        method="POST",
        data=f"csrfmiddlewaretoken={token}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    check(status == 302, f"unpublished through the admin of app server 2 ({status})")
    wait_for("the ban", lambda: request(PROXY, path)[0] == 404, seconds=10)
    check(True, "the proxy forgot the unpublished page (404)")


def purge_address_only(setup):
    status, _h, _b = request(PROXY, "/", method="BAN")
    check(status == 405, "the public address refuses BAN")


def app_servers_down(processes):
    """Both app servers stopped: the French page for what the proxy does not have, its copies for
    the rest (once the health probe has seen them down)."""
    request(PROXY, "/")  # the home page, banned by the unpublication, is back in the proxy
    for name, process, _out in processes:
        if name.startswith("app"):
            os.killpg(process.pid, signal.SIGKILL)  # a crash, or a machine gone
            process.wait(15)
    status, headers, body = request(PROXY, "/nulle-part/")
    check(status == 503 and "Site momentanément indisponible" in body, f"no app server: the French page ({status})")
    check("no-store" in headers.get("Cache-Control", ""), "which no one keeps")
    wait_for("the stale copy", lambda: request(PROXY, "/")[0] == 200, seconds=15)
    check(True, "no app server: the proxy still serves its copy of the home page")


def main():
    for binary in (VARNISHD, REDIS):
        if not os.access(binary, os.X_OK):
            print(f"{binary} introuvable : apt-get install -y varnish redis-server", file=sys.stderr)
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="rhinocc-cluster-"))
    tmp.chmod(0o755)
    (tmp / "media").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rhinocc.settings.production",
        "SECRET_KEY": "cluster-test-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": f"postgres://{PG['PGUSER']}@{PG['PGHOST']}:{PG['PGPORT']}/{DB}",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "PAGE_CACHE_SECONDS": "600",
        "PROXY_PURGE_URLS": f"http://127.0.0.1:{PURGE}",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(STATIC_CACHE),
        "RENDITIONS_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "LOG_LEVEL": "warning",
    }
    processes = []
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(Failure(f"over {TIMEOUT} s")))
    signal.alarm(TIMEOUT)
    code = 1
    try:
        run(env, tmp, processes)
        code = 0
        log("every check passed")
    except (Failure, subprocess.SubprocessError) as error:
        log(f"FAILED: {error}")
        for name, _process, _out in processes:
            print(f"--- {name}.log (end) ---\n{(tmp / f'{name}.log').read_text()[-3000:]}", file=sys.stderr)
    finally:
        signal.alarm(0)
        for _name, process, out in reversed(processes):
            if process.poll() is None:
                # gunicorn: SIGINT is its quick shutdown (SIGTERM waits for idle keep-alive clients).
                os.killpg(process.pid, signal.SIGINT if _name.startswith("app") else signal.SIGTERM)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    log(f"{_name} still running after 5 s: killed")
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            out.close()
        log("processes stopped")
        try:
            psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        except subprocess.CalledProcessError:
            log(f"could not drop {DB}")
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"done in {time.monotonic() - STARTED:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
