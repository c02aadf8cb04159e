#!/usr/bin/env python
"""Page benchmark: SQL queries, compressed weight and render time of one page of each type.

Usage:  make bench            (or: .venv/bin/python bench/pages.py [--requests 20] [--extra 50])

It builds the site in a throw-away SQLite database (or the database of DATABASE_URL, which must be
an empty scratch database: it is migrated and filled), then requests one live page of each page
type with Django's test client and prints, per page: the SQL queries of an uncached anonymous
request, the gzip size of HTML + CSS + JS + fonts (the 30 KB budget; 70 KB for the places map, which
loads Leaflet), and the median render time
without and with the anonymous page cache. `--extra N` then adds N organisations and N publications
(when those apps exist) and prints the query counts again, to show that they do not grow.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET_BYTES = 30 * 1024
MAP_URL = "/lieux/carte/"
# The places map is the one page with a budget of its own: Leaflet and its cluster plugin.
BUDGETS = {MAP_URL: 70 * 1024}


def setup_django():
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='rhinocc-bench-')}/bench.sqlite3"
    # The test settings: DEBUG off, local-memory cache, static files read from their source folders
    # (no collectstatic needed).
    os.environ["DJANGO_SETTINGS_MODULE"] = "rhinocc.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="rhinocc-bench-media-")


def sample_pages():
    """One live, public page of each specific page type, plus the search page."""
    from wagtail.models import Page

    seen, urls = set(), []
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        if page.content_type_id not in seen:
            seen.add(page.content_type_id)
            urls.append((page.specific_class.__name__, page.url))
    urls.append(("recherche", "/recherche/?q=num%C3%A9rique"))
    urls.append(("carte des lieux", MAP_URL))
    return urls


def static_weight(client, html):
    """gzip bytes of the stylesheets, scripts and fonts an HTML page links to."""
    from django.contrib.staticfiles import finders

    total = 0
    for path in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|woff2?))"', html):
        found = finders.find(path.removeprefix("/static/"))
        if found:
            total += len(gzip.compress(Path(found).read_bytes(), 9))
    return total


def measure(client, url, requests):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: the first visit also creates image renditions
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    html = response.content.decode()
    uncached, cached = [], []
    for _ in range(requests):
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        uncached.append(time.perf_counter() - start)
    client.get(url)
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        cached.append(time.perf_counter() - start)
    html_gz = len(gzip.compress(response.content, 9))
    return {
        "status": response.status_code,
        "queries": query_count,
        "html_gz": html_gz,
        "total_gz": html_gz + static_weight(client, html),
        "uncached_ms": statistics.median(uncached) * 1000,
        "cached_ms": statistics.median(cached) * 1000,
    }


def add_extra_content(count):
    """Add `count` organisations and publications through the apps' own models, when they exist."""
    from django.apps import apps

    added = []
    for label, index_label in (
        ("members.OrganisationPage", "members.MemberIndexPage"),
        ("publications.PublicationPage", "publications.PublicationIndexPage"),
    ):
        try:
            model, index_model = apps.get_model(label), apps.get_model(index_label)
        except LookupError:
            continue
        index = index_model.objects.first()
        template = model.objects.live().public().first()
        if index is None or template is None:
            continue
        for n in range(count):
            copy = template.copy(
                to=index, update_attrs={"title": f"{template.title} {n}", "slug": f"bench-{n}-{template.slug}"}
            )
            copy.save_revision().publish()
        added.append(f"{count} × {model._meta.verbose_name}")
    return added or ["(aucun modèle à multiplier)"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20, help="requests per page and mode (default 20)")
    parser.add_argument("--extra", type=int, default=50, help="organisations/publications added for the 2nd pass")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 600
    call_command("migrate", verbosity=0)
    call_command("build_site", stdout=open(os.devnull, "w"))
    client = Client()

    print(f"Base : {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {args.requests} requêtes par mesure")
    header = f"{'page':<24} {'url':<44} {'SQL':>4} {'HTML gz':>8} {'total gz':>9} {'sans cache':>11} {'en cache':>9}"
    print(header)
    print("-" * len(header))
    first_pass = {}
    over_budget = []
    for name, url in sample_pages():
        r = measure(client, url, args.requests)
        first_pass[url] = r["queries"]
        if r["total_gz"] > BUDGETS.get(url, BUDGET_BYTES):
            over_budget.append(url)
        print(
            f"{name:<24} {url[:44]:<44} {r['queries']:>4} {r['html_gz'] / 1024:>7.1f}K {r['total_gz'] / 1024:>8.1f}K"
            f" {r['uncached_ms']:>9.1f}ms {r['cached_ms']:>7.2f}ms"
            + ("" if r["status"] == 200 else f"  (statut {r['status']})")
        )

    print(f"\nAjout de contenu : {', '.join(add_extra_content(args.extra))}")
    print(f"{'url':<44} {'SQL avant':>9} {'SQL après':>9}")
    grew = []
    for url, before in first_pass.items():
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url)  # warm-up, as in the first pass
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        after = len(queries)
        if after > before:
            grew.append(url)
        print(f"{url[:44]:<44} {before:>9} {after:>9}")

    print(
        f"\nBudget de poids (HTML+CSS+JS+polices, gzip) : {BUDGET_BYTES // 1024} Ko par page, "
        f"{BUDGETS[MAP_URL] // 1024} Ko pour {MAP_URL}."
    )
    print("Pages au-dessus du budget : " + (", ".join(over_budget) or "aucune"))
    print("Pages dont le nombre de requêtes SQL augmente avec le contenu : " + (", ".join(grew) or "aucune"))
    return 1 if over_budget or grew else 0


if __name__ == "__main__":
    sys.exit(main())
