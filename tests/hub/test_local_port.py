"""`PORT=8080 make run` (issue 7, point 9): the port reaches WAGTAILADMIN_BASE_URL, and build_site gives
the default Site that host and port, which the sitemap (and workflow e-mails) use."""

import os
import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def build():
    call_command("build_site", stdout=StringIO())
    return Site.objects.get(is_default_site=True)


def make_run(tmp_path, *args, **env):
    """`make run` with a stand-in for .venv/bin/python that prints the URL it is given, then its arguments."""
    python = tmp_path / "python"
    python.write_text('#!/bin/sh\necho "$WAGTAILADMIN_BASE_URL $*"\n')
    python.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "WAGTAILADMIN_BASE_URL", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.installed", "run", f"PY={python}", *args],
        cwd=django_settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {command: url for url, command in re.findall(r"^(\S+) manage\.py (\w+)", result.stdout, re.M)}


@pytest.mark.skipif(shutil.which("make") is None, reason="make n'est pas installé")
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, "http://127.0.0.1:8000"),
        (("PORT=8080",), {}, "http://127.0.0.1:8080"),
        ((), {"PORT": "8081"}, "http://127.0.0.1:8081"),
        ((), {"PORT": "8080", "WAGTAILADMIN_BASE_URL": "https://rhinocc.example"}, "https://rhinocc.example"),
    ],
    ids=["default", "make-variable", "environment", "explicit-url-wins"],
)
def test_make_run_passes_the_port_to_the_base_url(tmp_path, args, env, expected):
    urls = make_run(tmp_path, *args, **env)
    assert urls == {"migrate": expected, "build_site": expected, "runserver": expected}


def test_build_site_records_the_local_port_and_the_sitemap_uses_it(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    site = build()
    assert (site.hostname, site.port) == ("127.0.0.1", 8080)
    xml = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8080").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://127.0.0.1:8080/" in locations and "http://127.0.0.1:8080/mentions-legales/" in locations
    assert all(location.startswith("http://127.0.0.1:8080/") for location in locations)


def test_a_local_site_follows_a_new_port_but_a_public_host_set_by_staff_stays(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert build().port == 8000
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    assert build().port == 8080

    Site.objects.filter(is_default_site=True).update(hostname="rhinocc.example", port=443)
    site = build()
    assert (site.hostname, site.port) == ("rhinocc.example", 443)
