"""What the app tells a caching proxy (core/cache.py) and the bans it sends after a change
(core/proxy.py), received by a real HTTP server on 127.0.0.1. The proxy itself (Varnish with
deploy/varnish/rhinocc.vcl) is run by bench/cluster.py (`make cluster-test`)."""

import logging
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from wagtail.models import PageViewRestriction

from core import proxy
from core.cache import AnonymousPageCacheMiddleware, limit_page_cache
from tests.hub.factories import StandardPageFactory
from tests.inbox.conftest import contact_page  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def _caches():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=600, PROXY_CACHE_SECONDS=None):
        yield
    cache.clear()


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Partagée", slug="partagee")


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _s_maxage(response):
    match = re.search(r"s-maxage=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


@pytest.mark.usefixtures("_caches")
def test_an_anonymous_page_is_for_the_proxy_not_the_browser(client, page):
    miss = client.get("/partagee/")
    assert miss["X-Cache"] == "MISS"
    assert _directives(miss) == {"public", "max-age=0", "s-maxage=600"}
    hit = client.get("/partagee/")
    assert hit["X-Cache"] == "HIT"
    assert {"public", "max-age=0"} <= _directives(hit) and 590 <= _s_maxage(hit) <= 600
    # The session decides logged in or not; the language never changes anything.
    for response in (miss, hit):
        assert "Cookie" in response["Vary"] and "Accept-Language" not in response["Vary"]


@pytest.mark.usefixtures("_caches")
@pytest.mark.parametrize("seconds", [60, 3600])
def test_the_proxy_lifetime_is_its_own_setting(client, page, settings, seconds):
    settings.PROXY_CACHE_SECONDS = seconds  # shorter or longer than the app's 600 s
    assert _s_maxage(client.get("/partagee/")) == seconds
    hit = client.get("/partagee/")
    assert hit["X-Cache"] == "HIT" and _s_maxage(hit) == seconds


def test_the_proxy_keeps_pages_even_without_the_app_cache(client, page, settings):
    settings.PAGE_CACHE_SECONDS, settings.PROXY_CACHE_SECONDS = 0, 120
    response = client.get("/partagee/")
    assert "X-Cache" not in response and _s_maxage(response) == 120


@pytest.mark.usefixtures("_caches")
def test_logged_in_visitors_get_private_no_store(client, page, cos_member):
    client.force_login(cos_member)
    response = client.get("/partagee/")
    assert {"private", "no-store"} <= _directives(response) and "public" not in _directives(response)


@pytest.mark.usefixtures("_caches")
def test_a_form_with_its_csrf_cookie_is_private(client, contact_page):  # noqa: F811
    response = client.get("/contact/")
    assert response.status_code == 200 and "csrftoken" in response.cookies
    assert {"private", "no-store"} <= _directives(response) and _s_maxage(response) is None


@pytest.mark.usefixtures("_caches")
def test_a_reserved_page_is_never_shared(client, page, cos_member, cos_group):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS).groups.add(cos_group)
    anonymous = client.get("/partagee/")
    assert anonymous.status_code == 302 and {"private", "no-store"} <= _directives(anonymous)
    client.force_login(cos_member)
    member = client.get("/partagee/")
    assert member.status_code == 200 and {"private", "no-store"} <= _directives(member)


@pytest.mark.usefixtures("_caches")
def test_unknown_query_parameters_and_errors_are_not_shared(client, page):
    assert _s_maxage(client.get("/partagee/?utm_source=x")) is None
    assert _s_maxage(client.get("/inconnue/")) is None


@pytest.mark.usefixtures("_caches")
@pytest.mark.parametrize(("limit", "expected"), [(42, 42), (0, None), (5000, 600)])
def test_a_page_that_changes_with_time_ends_its_proxy_lifetime_there(limit, expected):
    middleware = AnonymousPageCacheMiddleware(lambda request: limit_page_cache(HttpResponse("ouvert"), limit))
    request = RequestFactory().get("/lieux/un-lieu/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request.page_cache_query_params = ()
    assert _s_maxage(middleware(request)) == expected
    if expected:  # the copy from the app's cache says what is left of it
        assert expected - 2 <= _s_maxage(middleware(request)) <= expected


# --- Bans ---------------------------------------------------------------------------------------


class _Proxy:
    """A stand-in proxy on 127.0.0.1 that records the requests and answers `statuses` in turn."""

    def __init__(self, statuses=(200,)):
        self.requests, self.statuses, self.received = [], list(statuses), threading.Event()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_BAN(self):  # noqa: N802 (HTTP method)
                recorder.requests.append((self.command, self.path))
                status = recorder.statuses.pop(0) if len(recorder.statuses) > 1 else recorder.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if status == 200:
                    recorder.received.set()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_proxy(settings):
    server = _Proxy()
    settings.PROXY_PURGE_URLS = [server.url]
    settings.PROXY_PURGE_RETRIES, settings.PROXY_PURGE_TIMEOUT = 2, 1.0
    yield server
    server.close()


def test_publishing_bans_the_whole_site_once_after_the_commit(page, fake_proxy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.title = "Nouveau titre"
        page.save_revision().publish()
        assert fake_proxy.requests == []  # not before the commit
    assert len(callbacks) == 1  # one ban, however many changes the transaction made
    assert fake_proxy.received.wait(5)
    assert fake_proxy.requests == [("BAN", "/")]


def test_a_rolled_back_change_bans_nothing_and_the_next_one_does(page, fake_proxy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
            raise RuntimeError
        assert callbacks == []
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS).groups.add(
            Group.objects.create(name="Privé")
        )
    assert len(callbacks) == 1 and fake_proxy.received.wait(5)


def test_no_proxy_configured_means_no_ban(page, settings, django_capture_on_commit_callbacks):
    settings.PROXY_PURGE_URLS = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()
    assert callbacks == []


def test_a_failing_proxy_is_retried(settings):
    server = _Proxy(statuses=(503, 200))
    settings.PROXY_PURGE_URLS, settings.PROXY_PURGE_RETRIES, settings.PROXY_PURGE_TIMEOUT = [server.url], 2, 1.0
    try:
        assert proxy.ban_all([server.url]) is True
        assert len(server.requests) == 2
    finally:
        server.close()


def test_an_unreachable_proxy_is_logged_without_blocking_for_long(settings, caplog):
    settings.PROXY_PURGE_RETRIES, settings.PROXY_PURGE_TIMEOUT = 1, 0.5
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="core.proxy"):
        assert proxy.ban_all(["http://127.0.0.1:9"]) is False
    assert time.monotonic() - started < 5
    assert any(record.levelno == logging.ERROR and "127.0.0.1:9" in record.getMessage() for record in caplog.records)
