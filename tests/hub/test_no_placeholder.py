"""No public page reads as unfinished once the seed content is built: what staff have not filled in is
left out of the pages (the admin's launch checklist lists it instead)."""

import html
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page, Site

from governance.models import TerritorialPolePage
from places.models import Place
from tests.conftest import build_site

pytestmark = pytest.mark.django_db

PLACEHOLDERS = ("à compléter", "prochainement", "pas encore")
HREF = re.compile(r'href="([^"#]*)')
# Not pages: files, feeds and exports; the admin and the account pages are not public pages.
SKIPPED = re.compile(
    r"^/(admin|django-admin|compte|accounts|static|media|documents)/|\.(xml|csv|json|geojson|txt)$|/flux/"
)


def crawl(client, start, host):
    """Every page reachable from `start` by links within the site (paths only: filters and pages of a
    list show the same texts), with its HTML."""
    seen, queue, pages = set(start), deque(start), {}
    while queue:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=host)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        pages[path] = text
        for href in HREF.findall(text):
            url = urlsplit(html.unescape(href))
            if url.netloc and url.netloc != host:
                continue
            target = url.path
            if target.startswith("/") and target not in seen and not SKIPPED.search(target):
                seen.add(target)
                queue.append(target)
    return pages


def test_no_public_page_contains_a_placeholder(client):
    build_site("--demo-places")
    site = Site.objects.get(is_default_site=True)
    host = site.hostname
    every_page = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    # Places are not pages and their list is paginated: each place's page is visited too.
    every_place = [f"/lieux/{slug}/" for slug in Place.objects.values_list("slug", flat=True)]
    pages = crawl(client, ["/", *every_page, *every_place], host)

    # The crawl saw every page type, the 13 poles, the legal pages and the places.
    assert len(every_page) > 20 and set(every_page) <= set(pages)
    assert TerritorialPolePage.objects.count() == 13
    assert sum(path.startswith("/gouvernance/poles/") for path in pages) == 14
    assert {"/mentions-legales/", "/accessibilite/", "/donnees-personnelles/", "/contact/", "/lieux/"} <= set(pages)
    assert every_place and set(every_place) <= set(pages)

    assert placeholders(pages) == []


def placeholders(pages):
    """The placeholder words in the text of these pages, as a visitor reads it (tags and entities undone)."""
    found = []
    for path, text in pages.items():
        readable = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ").lower()
        found += [f"{path} : « {word} »" for word in PLACEHOLDERS if word in readable]
    return found


def test_the_check_reads_the_text_as_a_visitor_does():
    page = "<p>Hébergeur&nbsp;: <b>À compléter</b>. Coordination pas encore désignée.</p>"
    assert placeholders({"/x/": page}) == ["/x/ : « à compléter »", "/x/ : « pas encore »"]
    assert placeholders({"/x/": "<p>Publié le 3 mars.</p>"}) == []
