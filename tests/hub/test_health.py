"""/sante/, the load balancers' health check (the cache's failure is in test_cache_redis.py)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=600)
def test_health_check_answers_ok_and_is_never_cached(client, django_user_model, django_assert_num_queries):
    for _ in range(2):
        response = client.get("/sante/")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Cache-Control"] == "no-store"
        assert "X-Cache" not in response
    # Cheap: the database probe and nothing else, even with a session cookie (no session, no account read).
    client.force_login(django_user_model.objects.create_user("membre", password="x"))
    with django_assert_num_queries(1):
        assert client.get("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405


# Decided at collection: a skipped transactional test would still flush the database. The serialized
# rollback restores the database without post_migrate, which would empty ContentType's cache for the
# tests that run without a database afterwards.
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite's test database lives in memory: closing its connection would lose it",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_check_reports_an_unreachable_database(client):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there: the server is unreachable
    try:
        response = client.get("/sante/")
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.content.decode() == "en panne : base de données\n"
    assert response["Cache-Control"] == "no-store"
