"""Production settings refuse to start without their secrets and pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="rhinocc.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="rhinocc.example")
    assert result.returncode != 0
    assert "SECRET_KEY manquant" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS manquant" in result.stderr


def test_deploy_check_passes_with_secrets():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="rhinocc.fr"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_french_first():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert "django.contrib.postgres" in settings.INSTALLED_APPS
