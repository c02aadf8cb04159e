"""Real-browser tests: pytest + Playwright (sync API) driving Debian's Chromium against `live_server`.

Run them with `make test` (whole suite) or `make test-browser`; mark every test `@pytest.mark.browser`.

Interface for every app's browser tests
---------------------------------------
``browser``      a headless Chromium launched from ``/usr/bin/chromium`` (override with the
                 ``CHROMIUM_PATH`` environment variable), launched once and shared by the whole run of
                 browser tests (session-like; it is stopped after the last one, see _SharedChromium).
                 When Chromium is missing the test is SKIPPED,
                 unless the ``CI`` environment variable is set: then it FAILS, so CI never skips silently.
``page``         a fresh context per test: viewport 1280x800, JavaScript on, locale fr-FR.
``page_nojs``    the same with ``java_script_enabled=False``.
``new_page``     a factory for other set-ups: ``new_page(width=320, height=800, device_scale_factor=1,
                 java_script_enabled=True)`` returns a page in a fresh context, closed after the test.
``built_site``   the site's content built by ``manage.py build_site`` (home page, legal pages and every
                 section other apps register) in the database the live server reads; the default Site's
                 hostname/port are set to the live server's. Returns the HomePage.
``site_url``     ``live_server.url`` (e.g. ``http://localhost:41234``, no trailing slash), with
                 ``built_site`` done. Use it as ``page.goto(site_url + "/mentions-legales/")``.
``policy_violations``  the console messages in which Chromium refused something under the site's
                 Content-Security-Policy or rejected its Permissions-Policy; ``new_page`` (hence
                 ``page``) fails the test at teardown when it is not empty, so every browser test checks
                 the policy (CSP is on in the test settings).
``screenshot``   ``screenshot(page, name)`` saves a full-page screenshot as ``screenshots/<name>.png`` (at the
                 repository root, git-ignored) for staff to look at; the folder is printed at the end.
``tests.browser.axe.assert_accessible(page, url)``
                 loads ``url`` at widths 375 and 1280, runs axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa)
                 and fails listing every violation (rule, impact, help, target selectors).

Example::

    import pytest
    from tests.browser.axe import assert_accessible

    pytestmark = pytest.mark.browser

    def test_members_page(page, site_url):
        assert_accessible(page, site_url + "/membres/")

Notes
-----
* The live server runs in another thread, so the tests use a *transactional* database: it is emptied
  after each test and the data Wagtail's migrations create (root page, default site, locale, root
  collection) is restored before each one (serialized rollback). ``built_site`` therefore rebuilds the
  content for each test (about a second). Create extra data in the test itself, with the ORM: the live
  server sees it at once (no transaction to commit).
* Media files (image renditions) are served by the live server too (``tests/browser/urls.py``).
* Put browser tests in this folder (``tests/browser/test_<app>.py``): these fixtures are visible there only.
* Playwright's sync API runs an event loop in the main thread, so Django's async-safety check is
  turned off (``DJANGO_ALLOW_ASYNC_UNSAFE``) while Chromium runs, and only then.
"""

import io
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "screenshots"
_screenshots_taken = []
LOCALE = "fr-FR"


def _chromium_missing_reason():
    path = Path(CHROMIUM_PATH)
    if not path.exists() and not shutil.which(CHROMIUM_PATH):
        return f"Chromium introuvable ({CHROMIUM_PATH}) : installez-le avec `apt-get install -y chromium`."
    if path.exists() and not os.access(path, os.X_OK):
        return f"Chromium ({CHROMIUM_PATH}) n'est pas exécutable."
    return None


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"Browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class _SharedChromium:
    """One Chromium for each run of consecutive browser tests, stopped as soon as they are over.

    While Playwright's sync API is alive, an asyncio loop counts as running in the main thread, which
    changes Django in two ways: its ORM refuses synchronous calls (hence DJANGO_ALLOW_ASYNC_UNSAFE), and
    asgiref hands the main thread a fresh database connection object (so the serialized test data,
    kept on the connection object, is copied over). Stopping Playwright after the last browser test
    gives the rest of the suite back a normal environment (no event loop, no async-unsafe variable
    leaking into the subprocesses that some tests start).
    """

    def __init__(self):
        self.playwright = None
        self.browser = None

    def start(self):
        if self.browser is not None:
            return self.browser
        from django.db import connections
        from playwright.sync_api import sync_playwright

        serialized = {
            conn.alias: conn._test_serialized_contents
            for conn in connections.all()
            if hasattr(conn, "_test_serialized_contents")
        }
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self.playwright = sync_playwright().start()
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
            )
        except Exception:
            self.stop()
            raise
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        return self.browser

    def stop(self):
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        if self.playwright is not None:
            self.playwright.stop()
            self.playwright = None
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


_CHROMIUM = _SharedChromium()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop Chromium (and Playwright's event loop) once the next test does not need it."""
    if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
        _CHROMIUM.stop()


def pytest_sessionfinish(session):
    _CHROMIUM.stop()


def pytest_terminal_summary(terminalreporter):
    if _screenshots_taken:
        terminalreporter.write_line(f"{len(_screenshots_taken)} screenshot(s) for staff in {SCREENSHOTS_DIR}")


@pytest.fixture
def browser(django_db_setup):
    """Headless Chromium, launched once and shared by consecutive browser tests (see the docstring)."""
    reason = _chromium_missing_reason()
    if reason:
        _unavailable(reason)
    try:
        return _CHROMIUM.start()
    except Exception as exc:
        _unavailable(f"Chromium ({CHROMIUM_PATH}) n'a pas pu démarrer : {exc}")


# What Chromium writes to the console when the site's headers refuse something or are malformed.
POLICY_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@pytest.fixture
def policy_violations():
    """Console messages of every page opened by `new_page`/`page` reporting a refusal of the site's
    Content-Security-Policy (« Refused to ... ») or an error in its Permissions-Policy."""
    return []


@pytest.fixture
def new_page(browser, policy_violations):
    """Factory: a page in a fresh context; every context it opened is closed after the test.

    CSP is on in the test settings too, so every browser test checks it: the test fails when any
    page it opened reported a policy violation (see `policy_violations`)."""
    contexts = []

    def watch(message):
        if any(marker in message.text for marker in POLICY_MESSAGES):
            policy_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(width=1280, height=800, *, device_scale_factor=1, java_script_enabled=True, **options):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=device_scale_factor,
            java_script_enabled=java_script_enabled,
            locale=LOCALE,
            **options,
        )
        context.set_default_timeout(15_000)
        context.on("console", watch)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    if policy_violations:
        pytest.fail("Security policy violations:\n" + "\n".join(policy_violations), pytrace=False)


@pytest.fixture
def screenshot():
    """`screenshot(page, name)`: the whole page as screenshots/<name>.png; returns the path."""

    def take(page, name):
        SCREENSHOTS_DIR.mkdir(exist_ok=True)
        path = SCREENSHOTS_DIR / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        _screenshots_taken.append(path)
        return path

    return take


@pytest.fixture
def page(new_page):
    """A fresh page: viewport 1280x800, JavaScript enabled, locale fr-FR."""
    return new_page(**DEFAULT_VIEWPORT)


@pytest.fixture
def page_nojs(new_page):
    """A fresh page with JavaScript disabled (viewport 1280x800, locale fr-FR)."""
    return new_page(**DEFAULT_VIEWPORT, java_script_enabled=False)


@pytest.fixture
def built_site(django_db_serialized_rollback, live_server, settings):
    """Run `build_site` in the database the live server reads and point the default Site at it."""
    from urllib.parse import urlsplit

    from django.core.management import call_command
    from wagtail.models import Site

    settings.ROOT_URLCONF = "tests.browser.urls"
    call_command("build_site", stdout=io.StringIO())
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    return site.root_page.specific


@pytest.fixture
def site_url(built_site, live_server):
    """The live server's address (no trailing slash), with the site's content built."""
    return live_server.url
