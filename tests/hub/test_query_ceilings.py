"""Every public page type in at most ten SQL queries, for an anonymous visitor and for a COS member,
and in as many with more content: the frame every page shares (Wagtail site and home page, menu,
footer, settings, privacy rules) comes from the fragments kept with the content generation
(core/fragments.py); each page adds a fixed handful of its own."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from bench.large import enlarge
from core.cache import invalidate_pages
from core.fragments import forget_local
from tests.conftest import build_site, count_queries

CEILING = 10


def public_urls():
    """One live public page of each type, the search, a filtered places list and the map."""
    seen, urls = set(), {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        if page.content_type_id not in seen:
            seen.add(page.content_type_id)
            urls[page.specific_class.__name__] = page.url
    urls["search"] = "/recherche/?q=num%C3%A9rique"
    urls["places filtered"] = "/lieux/?departement=31"
    urls["map"] = "/lieux/carte/"
    return urls


def cold_queries(client, url):
    """The queries of a visit right after a change of content (no fragment kept yet)."""
    invalidate_pages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_every_public_page_type_in_ten_queries_at_two_sizes(fragment_cache, cos_member):
    build_site("--demo-places")
    urls = public_urls()
    assert len(urls) >= 14, urls
    member = Client()
    member.force_login(cos_member)
    visitors = {"anonymous": Client(), "COS member": member}

    def measure(count):
        return {(who, name): count(client, url) for name, url in urls.items() for who, client in visitors.items()}

    small, small_cold = measure(count_queries), measure(cold_queries)
    assert {key: n for key, n in small.items() if n > CEILING} == {}
    enlarge(publications=60, organisations=20, places=200)
    cache.clear()
    forget_local()  # what each process keeps with the generation, as a restarted server would
    assert measure(count_queries) == small
    assert measure(cold_queries) == small_cold
