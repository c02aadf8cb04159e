"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first so that their templates override the libraries'.
    "hub",
    "members",
    "governance",
    "publications",
    "places",
    "accounts",
    "inbox",
    "core",  # the shared base, under every other app
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users, with role descriptions on the user form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware, so that static files and cached pages get the headers too.
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, so that it sees (and trims) the Vary header that one adds.
    "core.cache.VaryOnWhatMattersMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.cache.AnonymousPageCacheMiddleware",
    # After the page cache (a hit needs no site): the Wagtail site and home page, kept with the content.
    "core.fragments.SharedSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "rhinocc.urls"
WSGI_APPLICATION = "rhinocc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection may have died with a database restart: check it before each request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis that stops calling a failing server for a few seconds (core/redis_cache.py).
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rhinocc",
            # Entries without a lifetime of their own (Wagtail's) expire too: Redis stays bounded.
            "TIMEOUT": 3600,
            "OPTIONS": {
                # A dead or frozen Redis makes pages slower, never stuck: fractions of a second per call,
                # failures logged and answered as misses.
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
                "IGNORE_EXCEPTIONS": True,
                "RETRY_AFTER_SECONDS": env.float("REDIS_RETRY_AFTER", default=5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Without Redis, a file cache that every process on this machine shares (gunicorn workers,
    # management commands such as publish_scheduled), so that publishing invalidates pages for all.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Wagtail looks renditions up in a cache named "renditions" first: each process keeps them in memory
# rather than writing them to the shared cache on every render. Keys hold the image file's hash and
# focal point, so an entry never goes stale when another process changes the image.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Seconds an anonymous page stays in the cache; publishing invalidates it sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Seconds a caching proxy in front (deploy/varnish/) may keep an anonymous page (Cache-Control
# s-maxage); publishing bans its copies sooner. Empty: PAGE_CACHE_SECONDS.
PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS", default=None)
# The proxies' addresses that receive a BAN of the whole site after each change (core/proxy.py),
# e.g. http://127.0.0.1:6081; empty: no proxy.
PROXY_PURGE_URLS = env.list("PROXY_PURGE_URLS", default=[])
PROXY_PURGE_TIMEOUT = env.float("PROXY_PURGE_TIMEOUT", default=2.0)
PROXY_PURGE_RETRIES = env.int("PROXY_PURGE_RETRIES", default=3)

# Sessions read from the shared cache, written through to the database (which keeps them when the
# cache loses them): a logged-in visitor's page costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Seconds the parts every page shares (menu, footer, settings, home sections) stay in the cache, for
# every visitor, logged in or not (core/fragments.py); publishing renews them sooner. 0: off.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=3600)
# Load balancers probe /sante/ over plain HTTP on the app server itself (production redirects to HTTPS).
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language ---------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
# The site's own wording of a few Wagtail admin strings (« Ce(tte) page… »): locale/fr/LC_MESSAGES.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Where `manage.py backup` writes its archives (README, « Sauvegardes »).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.storage.StaticFilesStorage"},
}

# --- Background tasks -------------------------------------------------------------------------
# Wagtail's own tasks (reference and search index, focal points) run at once, as Wagtail's default;
# the image renditions (core/images.py) have their own backend: immediate in development and tests,
# a database queue served by `manage.py db_worker --backend renditions` in production.
# The places imports too (places/tasks.py): files over PLACES_IMPORT_SYNC_MAX_BYTES are checked and
# imported by `manage.py db_worker --backend places` in production.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "renditions": {
        "BACKEND": env.str("RENDITIONS_TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    },
    "places": {"BACKEND": env.str("PLACES_TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")},
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RhinOcc <ne-pas-repondre@rhinocc.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds a slow or dead mail server may hold a request (the public forms notify staff in the request).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Public forms (inbox) ---------------------------------------------------------------------
# A form sent back sooner than this after it was shown is a robot's.
INBOX_MIN_FILL_SECONDS = env.int("INBOX_MIN_FILL_SECONDS", default=3)
# Submissions per hour from one client address, and for one e-mail address.
INBOX_LIMIT_PER_IP = env.int("INBOX_LIMIT_PER_IP", default=10)
INBOX_LIMIT_PER_EMAIL = env.int("INBOX_LIMIT_PER_EMAIL", default=5)
# Web addresses allowed in one free-text field.
INBOX_MAX_LINKS = env.int("INBOX_MAX_LINKS", default=3)

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "RhinOcc"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Resizing a 40 Mpx upload costs about 2 s and 300 MB per rendition: refuse above 25 Mpx.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
# French messages for too many pixels and for a reserved collection (no image there: core/admin_rules.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.ImageForm"
# Documents are downloaded, never shown by the browser (an uploaded HTML or SVG file could run as
# the site); the proxy must not serve MEDIA_ROOT/documents/ itself (see README).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "account/login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "account/password_required.html"
# Privacy is by group or login only: a shared password cannot say who read a page, and Wagtail's
# password forms (whose routes rhinocc/urls.py switches off) rendered any page for any visitor.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# ASCII tag slugs make readable filter links: ?etiquette=equipement rather than %C3%A9quipement.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# ASCII page slugs (/publications/pole-territorial/, not p%C3%B4le in feeds, e-mails and next=).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin requests no other host: no gravatar.com avatars (a hash of each staff e-mail), no
# releases.wagtail.org update check, no "what's new" banner sending editors to an English guide.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Security headers (core.middleware.SecurityHeadersMiddleware) ------------------------------
# Content-Security-Policy (django-csp 4): public pages run no inline script or style. The Wagtail
# admin needs inline scripts and styles: it gets CONTENT_SECURITY_POLICY_ADMIN under its own path.
# Responses that X-Frame-Options lets the site frame (page previews) get frame-ancestors 'self'.
# The places map (/lieux/carte/) adds its tile server's origin to img-src, on that page only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-src": [SELF],
    "frame-ancestors": [NONE],
}
# Browser features the site never uses are switched off; geolocation stays for the places
# directory's « autour de moi ».
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), fullscreen=(self), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)
# Every resource of the site (images, fonts, CSS) is for the site's own pages only.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# frame-ancestors says who may frame a page; X-Frame-Options says the same to old browsers: DENY
# everywhere, SAMEORIGIN on page previews and the admin views Wagtail frames itself.
X_FRAME_OPTIONS = "DENY"
# Places: the largest file import_places accepts (the national file of about 18,000 places is near 20 MB).
PLACES_IMPORT_MAX_BYTES = env.int("PLACES_IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
# Admin imports of larger files are checked and imported by a background task, smaller ones in the request.
PLACES_IMPORT_SYNC_MAX_BYTES = env.int("PLACES_IMPORT_SYNC_MAX_BYTES", default=2 * 1024 * 1024)
# Uploaded files wait here between the preview and the import: not public, shared with the worker.
PLACES_IMPORT_DIR = env.path("PLACES_IMPORT_DIR", default=BASE_DIR / "imports-lieux")
# Places map: the tile server ({z}/{x}/{y} address), the one other host a page of the site may
# request, and only once the visitor asks for the map; its attribution (HTML, the licence's link).
PLACES_MAP_TILE_URL = env.str("PLACES_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PLACES_MAP_ATTRIBUTION = env.str(
    "PLACES_MAP_ATTRIBUTION",
    default='© <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
)

CSRF_FAILURE_VIEW = "core.views.csrf_failure"
LOGIN_URL = "/connexion/"
# Reserved pages send visitors to the site's own login page, not Wagtail's /_util/login/.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Login lockout and password-reset limits (django-axes) -----------------------------------------
# Kept in one block: other settings blocks (CSP, cache) change MIDDLEWARE and CACHES on their own.
INSTALLED_APPS += ["axes"]
# Axes' backend first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Last, as axes requires: it turns a refused login into the lockout page on the way out.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
# The attempts live in the database (axes' default handler), which every app server shares.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# By account (whatever the address: a guesser spread over many addresses) and by address
# (whatever the account: one address trying many accounts), each counted on its own.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success must not wipe the address's failures: a guesser with an account of his own would
# log into it between two guesses on someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.guards.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.guards.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.guards.client_ip"
# Successful logins are not logged (personal data the site does not need).
AXES_DISABLE_ACCESS_LOG = True
# Reverse proxies between visitors and gunicorn (TLS terminator, caching proxy...): the client
# address is the TRUSTED_PROXY_COUNT-th entry from the right of X-Forwarded-For (README).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)  # per hour
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=10)  # per hour

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # 4xx answers are visitors' mistakes: log server errors (5xx) only.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "ERROR"},
        # Requests for another host name come from scanners: answered 400, not logged (a traceback each).
        "django.security.DisallowedHost": {"level": "CRITICAL"},
        "django_tasks": {"level": "WARNING"},
        # Lockouts are warnings; axes' start-up and per-attempt notes are not worth a line each.
        "axes": {"level": "WARNING"},
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING").upper()},
    },
}
