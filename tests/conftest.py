"""Fixtures and helpers shared by every test: a throw-away media folder, a site whose root is a
HomePage, a COS member, `build_site` with its output, and the query counter of the "constant number of
queries" tests."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from accounts.roles import COS_GROUP_NAME
from core.fragments import forget_local
from tests.hub.factories import HomePageFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_cached_renditions():
    # Wagtail caches renditions by image id and file hash, and SQLite reuses the ids of rolled-back
    # rows: a rendition cached by an earlier test (its file in that test's media folder) would stand
    # in for one this test must create.
    caches["renditions"].clear()


@pytest.fixture
def home_page(db):
    """A published HomePage as the root of the default site (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    return home


def count_queries(client, url):
    """The SQL queries of a second visit to `url` (the first creates renditions and warms the
    per-process caches: content types, site root paths); the page must answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build_site(*args):
    """Run `manage.py build_site` with these options; return what it printed."""
    out = StringIO()
    call_command("build_site", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def fragment_cache(settings):
    """The shared fragments on, as in production (core/fragments.py), from an empty cache."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture
def cos_group(db):
    return Group.objects.get_or_create(name=COS_GROUP_NAME)[0]


@pytest.fixture
def cos_member(django_user_model, cos_group):
    user = django_user_model.objects.create_user("membre-cos", "cos@example.org", "un-mot-de-passe-solide")
    user.groups.add(cos_group)
    return user


@pytest.fixture
def member(cos_member):
    """A test client logged in as the COS member."""
    client = Client()
    client.force_login(cos_member)
    return client
