"""Production: every secret from the environment, HTTPS behind a proxy that sets X-Forwarded-Proto."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, TASKS, env

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY manquant : définissez la variable d'environnement SECRET_KEY.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS manquant : définissez ALLOWED_HOSTS (noms de domaine séparés par des virgules)."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Production runs behind an HTTPS proxy (README, Deploying): one hop unless told otherwise.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
# Renditions are made by `manage.py db_worker --backend renditions` (README, "Deploying"), not by
# the request that saved the image.
TASKS["renditions"]["BACKEND"] = env.str("RENDITIONS_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")
# Large places files are checked and imported by `manage.py db_worker --backend places`.
TASKS["places"]["BACKEND"] = env.str("PLACES_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")
