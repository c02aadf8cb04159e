"""Tests: fast hashing, in-memory e-mail, a throw-away media folder set by tests/conftest.py."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
}
# Tests render templates without running collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://testserver")
PAGE_CACHE_SECONDS = 0  # tests that check the cache turn it on with override_settings
# Tests build content with factories, without the publication signals that renew the generation:
# the shared fragments are on only in the tests that say so (the `fragment_cache` fixture).
FRAGMENT_CACHE_SECONDS = 0
# Serve static files from their source folders through WhiteNoise (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A commit need not wait for the disk in tests: the browser tests and the other transactional tests
# rebuild the site in thousands of small commits, about 3 ms each on PostgreSQL when it waits.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
