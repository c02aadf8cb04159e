"""The page cache against a real Redis server that the tests start, pause and stop themselves.

The cache settings are the production ones (rhinocc/settings/base.py read with REDIS_URL set), so
these tests check the timeouts and the invalidation as deployed. No mock: a paused server is a
redis-server process stopped with SIGSTOP, which accepts connections and never answers.
"""

import os
import runpy
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Group
from django.test import override_settings
from wagtail.models import PageViewRestriction

from core.redis_cache import reset_breakers
from tests.hub.factories import StandardPageFactory

REDIS_SERVER = "/usr/bin/redis-server"
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "rhinocc" / "settings" / "base.py"
# Ports of this work package's servers (18600-18699), the first free one is taken.
PORTS = range(18600, 18700)

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server ne démarre pas sur le port {self.port}") from None
                time.sleep(0.05)

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)


def _free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("aucun port libre entre 18600 et 18699")


@pytest.fixture
def redis_server():
    if not os.access(REDIS_SERVER, os.X_OK):
        message = f"{REDIS_SERVER} absent : apt-get install redis-server"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (obligatoire en CI)")
        pytest.skip(message)
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server, monkeypatch):
    """The production CACHES pointed at the test's server, with the page cache on."""
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setenv("REDIS_RETRY_AFTER", "0.3")  # the tests wait for the breaker to close
    production = runpy.run_path(str(BASE_SETTINGS))
    reset_breakers()
    with override_settings(
        CACHES=production["CACHES"],
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=production["DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS"],
        PAGE_CACHE_SECONDS=600,
    ):
        yield redis_server
    reset_breakers()


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Compte rendu du COS", slug="compte-rendu")


def test_the_tests_use_the_production_cache_settings(redis_cache):
    from django.conf import settings

    options = settings.CACHES["default"]["OPTIONS"]
    assert settings.CACHES["default"]["BACKEND"] == "core.redis_cache.ResilientRedisCache"
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] < 1 and 0 < options["SOCKET_TIMEOUT"] < 1
    assert options["IGNORE_EXCEPTIONS"] is True


def test_a_privacy_change_made_while_redis_is_paused_is_not_lost(client, page, redis_cache):
    assert client.get("/compte-rendu/")["X-Cache"] == "MISS"
    assert client.get("/compte-rendu/")["X-Cache"] == "HIT"
    keys_before = redis_cache.client().dbsize()

    redis_cache.pause()
    try:
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.create(name="Membres du COS"))
    finally:
        redis_cache.resume()
    time.sleep(0.4)  # REDIS_RETRY_AFTER: the site talks to Redis again

    # Redis came back with its data, the public copy of the page included...
    assert redis_cache.client().dbsize() == keys_before > 0
    # ...and the anonymous visitor is sent to the login page, not served that copy.
    response = client.get("/compte-rendu/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert "Compte rendu du COS" not in response.content.decode()


def _timed_get(client, url):
    reset_breakers()  # each request meets the frozen server afresh, as the first one after a pause
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_paused_redis_slows_pages_but_never_freezes_them(client, page, redis_cache, django_user_model):
    member = django_user_model.objects.create_user("membre", password="x")
    logged_in = type(client)()
    logged_in.force_login(member)
    client.get("/compte-rendu/")
    logged_in.get("/compte-rendu/")

    redis_cache.pause()
    # Without the timeouts a request would wait forever: resume the server after a while so that the
    # test fails on its timings instead of hanging.
    watchdog = threading.Timer(10, redis_cache.resume)
    watchdog.start()
    try:
        anonymous, anonymous_seconds = _timed_get(client, "/compte-rendu/")
        member_page, member_seconds = _timed_get(logged_in, "/compte-rendu/")
        home, home_seconds = _timed_get(client, "/")
    finally:
        watchdog.cancel()
        redis_cache.resume()

    assert anonymous.status_code == member_page.status_code == home.status_code == 200
    assert "Compte rendu du COS" in anonymous.content.decode()
    assert anonymous_seconds < 1.5, f"visiteur anonyme : {anonymous_seconds:.2f} s"
    assert member_seconds < 1.5, f"membre connecté : {member_seconds:.2f} s"
    assert home_seconds < 1.5, f"page d'accueil : {home_seconds:.2f} s"


def test_a_stopped_redis_serves_pages_at_once(client, page, redis_cache):
    client.get("/compte-rendu/")
    redis_cache.stop()
    response, seconds = _timed_get(client, "/compte-rendu/")
    assert response.status_code == 200 and "Compte rendu du COS" in response.content.decode()
    assert seconds < 1.5


def test_health_check_reports_a_stopped_cache(client, redis_cache):
    response = client.get("/sante/")
    assert response.status_code == 200 and response.content == b"ok\n"
    redis_cache.stop()
    reset_breakers()
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.content.decode() == "en panne : cache\n"
    assert response["Cache-Control"] == "no-store"
