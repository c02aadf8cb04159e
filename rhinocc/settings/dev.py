"""Development: DEBUG on, a throw-away secret, local hosts, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Template and CSS changes show at once in development; set PAGE_CACHE_SECONDS and
# FRAGMENT_CACHE_SECONDS to try the caches.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers at once (a preview and an autosave in the threaded development server) wait for
    # each other instead of failing with « database is locked ».
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
