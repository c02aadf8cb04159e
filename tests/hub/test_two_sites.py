"""A site served under a second name (www, staging) links to its own pages, not to the default
site's host: every link of the frame is relative, with the shared fragments on or off."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from core.fragments import forget_local
from tests.conftest import build_site


@pytest.mark.parametrize("fragments", [0, 600])
def test_a_second_site_name_links_to_itself(db, settings, fragments):
    settings.FRAGMENT_CACHE_SECONDS = fragments
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    cache.clear()
    forget_local()
    build_site()
    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="autre.example", port=80, root_page=default.root_page)
    visitor = Client(HTTP_HOST="autre.example")
    for url in ("/", "/gouvernance/poles/haute-garonne/", "/publications/", "/membres/"):
        html = visitor.get(url).content.decode()
        links = re.findall(r'<a [^>]*href="(https?://[^"]+)"', html)
        assert [link for link in links if "testserver" in link] == [], url
