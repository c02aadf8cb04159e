"""deploy/nginx/rhinocc.conf, run for real: nginx (127.0.0.1, ports 18500-18599) in front of the
live server answers what gunicorn would answer in English (long URLs, bad Host headers, malformed
requests, a POST on a static file, the app being down) with the French pages of deploy/errors/.

The file is used as it is, with its placeholders (paths, certificate, upstream, ports) replaced;
a placeholder that disappears from the file fails the test rather than testing something else.
Needs nginx (`apt-get install -y nginx-light`): skipped without it, failed in CI (`.ci/run` installs it).
"""

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "rhinocc.fr"

# The live server reads the database from another thread; Wagtail's migration data is restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def nginx_binary():
    if not os.access(NGINX, os.X_OK):
        reason = "nginx introuvable : installez-le avec `apt-get install -y nginx-light`."
        if os.environ.get("CI"):
            pytest.fail(f"nginx tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return NGINX


def free_port(exclude=()):
    for port in range(18500, 18600):
        if port in exclude:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18500-18599")


def render_config(tmp, upstream, http_port, https_port):
    """deploy/nginx/rhinocc.conf and its snippets with the placeholders replaced, in tmp."""
    static_root = tmp / "staticfiles"
    shutil.copytree(ROOT / "static", static_root, dirs_exist_ok=True)
    (tmp / "media" / "images").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        + ["-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
    )
    replacements = [
        ("/etc/letsencrypt/live/rhinocc.fr/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/letsencrypt/live/rhinocc.fr/privkey.pem", str(tmp / "key.pem")),
        ("/srv/rhinocc/staticfiles/", f"{static_root}/"),
        ("/srv/rhinocc/media/", f"{tmp / 'media'}/"),
        ("/srv/rhinocc/deploy/nginx/snippets/", f"{tmp}/"),
        ("/srv/rhinocc/", f"{ROOT}/"),
        ("server 127.0.0.1:6081;", f"server {upstream};"),
        ("listen 80", f"listen 127.0.0.1:{http_port}"),
        ("listen 443", f"listen 127.0.0.1:{https_port}"),
    ]
    files = {"rhinocc.conf": DEPLOY / "nginx" / "rhinocc.conf"}
    files.update({path.name: path for path in (DEPLOY / "nginx" / "snippets").glob("*.conf")})
    seen = set()
    for name, path in files.items():
        text = path.read_text()
        # IPv6 listeners may not exist on a test machine.
        text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)
        for old, new in replacements:
            if old in text:
                seen.add(old)
                text = text.replace(old, new)
        (tmp / name).write_text(text)
    missing = {old for old, _ in replacements} - seen
    assert not missing, f"placeholders gone from deploy/nginx: {missing}"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\nworker_processes 1;\n"
        + "events { worker_connections 64; }\n"
        + "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        + f"    access_log off;\n{temp_paths}\n    include {tmp / 'rhinocc.conf'};\n}}\n"
    )
    return main


class Nginx:
    def __init__(self, binary, tmp, upstream, exclude=()):
        self.tmp = tmp
        self.http_port = free_port(exclude=set(exclude))
        self.https_port = free_port(exclude={self.http_port, *exclude})
        self.config = render_config(tmp, upstream, self.http_port, self.https_port)
        self.check = subprocess.run([binary, "-t", "-c", str(self.config)], capture_output=True, text=True)
        self.process = None
        if self.check.returncode == 0:
            self.process = subprocess.Popen([binary, "-c", str(self.config), "-g", "daemon off;"])
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", self.https_port), timeout=0.5).close()
                    break
                except OSError:
                    time.sleep(0.1)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def request(self, raw, tls=True):
        """Send raw bytes; return (status, headers as a dict of lists, body as text)."""
        port = self.https_port if tls else self.http_port
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname=HOST)
        with sock:
            sock.sendall(raw)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        return int(lines[0].split()[1]), headers, body.decode("utf-8", errors="replace")

    def get(self, path, host=HOST, method="GET", extra="", tls=True):
        raw = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n"
        if method == "POST":
            raw += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1"
        else:
            raw += "\r\n"
        return self.request(raw.encode("latin-1"), tls=tls)


@pytest.fixture(scope="module")
def nginx(nginx_binary, live_server, tmp_path_factory):
    server = Nginx(nginx_binary, tmp_path_factory.mktemp("nginx"), urlsplit(live_server.url).netloc)
    yield server
    server.stop()


@pytest.fixture
def site(nginx, settings, home_page):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    assert nginx.check.returncode == 0, nginx.check.stderr
    return nginx


def assert_french_page(body, headers, heading):
    assert '<html lang="fr">' in body
    assert f"<h1>{heading}</h1>" in body
    assert "nginx" not in body.lower()
    assert 'href="/static/css/errors.css"' in body
    assert headers["content-type"] == ["text/html; charset=utf-8"]
    assert "default-src 'none'" in headers["content-security-policy"][0]
    assert headers["x-content-type-options"] == ["nosniff"]


def test_nginx_accepts_the_configuration(nginx):
    assert nginx.check.returncode == 0, nginx.check.stderr
    assert "test is successful" in nginx.check.stderr


def test_the_site_is_proxied_with_its_own_headers_and_compressed(site):
    status, headers, body = site.get("/", extra="Accept-Encoding: identity\r\n")
    assert status == 200
    assert "<main" in body
    # The app's headers come once: nginx adds none of its own to proxied answers.
    assert len(headers["content-security-policy"]) == 1 and "'unsafe" not in headers["content-security-policy"][0]
    assert headers["cross-origin-resource-policy"] == ["same-origin"]
    status, headers, _ = site.get("/", extra="Accept-Encoding: gzip\r\n")
    assert headers.get("content-encoding") == ["gzip"]


def test_plain_http_redirects_to_https(site):
    status, headers, _ = site.get("/publications/?page=2", tls=False)
    assert status == 301
    assert headers["location"] == [f"https://{HOST}/publications/?page=2"]


def test_a_9_kb_url_gets_the_french_414(site):
    status, headers, body = site.get("/recherche/?q=" + "a" * 9 * 1024)
    assert status == 414
    assert_french_page(body, headers, "Adresse trop longue")


def test_an_unknown_host_gets_the_french_400(site):
    status, headers, body = site.get("/", host="exemple.invalide")
    assert status == 400
    assert_french_page(body, headers, "Requête incorrecte")


def test_a_malformed_host_header_gets_the_french_400(site):
    status, headers, body = site.get("/", host="mauvais/hôte")
    assert status == 400
    assert_french_page(body, headers, "Requête incorrecte")


def test_a_malformed_request_gets_the_french_400(site):
    status, headers, body = site.request(b"GET /\x01 HTTP/1.1\r\nHost: rhinocc.fr\r\nConnection: close\r\n\r\n")
    assert status == 400
    assert_french_page(body, headers, "Requête incorrecte")


def test_too_large_headers_get_the_french_431(site):
    status, headers, body = site.get("/", extra=f"Cookie: miettes={'x' * 9 * 1024}\r\n")
    assert status == 431
    assert_french_page(body, headers, "Demande trop volumineuse")


def test_a_too_large_body_gets_the_french_413(site):
    size = 13 * 1024 * 1024
    raw = f"POST /connexion/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
    status, headers, body = site.request(raw.encode())
    assert status == 413
    assert_french_page(body, headers, "Envoi trop volumineux")


def test_the_places_import_takes_a_national_size_file(site):
    """The admin upload of places files takes more than the 12 MB of other forms, up to 100 MB."""
    size = 13 * 1024 * 1024
    head = f"POST /admin/lieux-import/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
    status, _, _ = site.request(head.encode() + b"a" * size)
    assert status == 403  # through to the app, which refuses a POST without its CSRF token
    head = head.replace(str(size), str(102 * 1024 * 1024))
    status, headers, body = site.request(head.encode())
    assert status == 413
    assert_french_page(body, headers, "Envoi trop volumineux")


def test_a_post_on_a_static_file_gets_the_french_405(site):
    status, headers, body = site.get("/static/css/main.css", method="POST")
    assert status == 405
    assert_french_page(body, headers, "Action non permise")


def test_static_files_are_served_by_nginx_with_a_long_cache(site):
    status, headers, body = site.get("/static/css/main.css")
    assert status == 200 and "text/css" in headers["content-type"][0]
    assert headers["cache-control"] == ["public, max-age=31536000, immutable"]
    assert headers["cross-origin-resource-policy"] == ["same-origin"]
    status, headers, body = site.get("/static/css/errors.css")
    assert status == 200 and "font-family" in body
    status, headers, body = site.get("/static/absent.css")
    assert status == 404
    assert_french_page(body, headers, "Page introuvable")


def test_documents_are_never_served_from_the_disk(site, settings):
    folder = Path(site.tmp / "media" / "documents")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "compte-rendu.txt").write_text("confidentiel")
    status, headers, body = site.get("/media/documents/compte-rendu.txt")
    assert status == 404
    assert "confidentiel" not in body
    # The answer is the app's own French 404 page, not a file.
    assert '<html lang="fr">' in body and "content-security-policy" in headers


def test_the_app_being_down_gets_the_french_page(nginx_binary, tmp_path):
    closed = free_port()  # nothing listens there
    server = Nginx(nginx_binary, tmp_path, f"127.0.0.1:{closed}", exclude={closed})
    try:
        assert server.check.returncode == 0, server.check.stderr
        status, headers, body = server.get("/")
        assert status == 502
        assert_french_page(body, headers, "Site momentanément indisponible")
    finally:
        server.stop()


def test_error_pages_are_self_standing_and_french():
    pages = sorted((DEPLOY / "errors").glob("*.html"))
    assert {page.name for page in pages} >= {"400.html", "404.html", "405.html", "413.html", "414.html"}
    for page in pages:
        html = page.read_text()
        assert '<html lang="fr">' in html and "<main>" in html and "<h1>" in html
        assert not re.search(r"<script|<style|\sstyle=", html), page.name
        assert re.findall(r'(?:href|src)="([^"]+)"', html) == ["/static/css/errors.css", "/"], page.name
