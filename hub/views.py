"""Site search and robots.txt."""

import re

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.cache import reads_query_params
from core.pagination import paginate
from core.privacy import privacy
from places.models import site_search

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Places are not pages: the first page of results lists a few of them apart, with a link to the directory.
PLACE_RESULTS = 5
# NUL and other control characters are rejected by PostgreSQL and mean nothing in a search; a double
# quote breaks SQLite's full-text syntax (the search offers no phrase syntax anyway).
IGNORED_CHARACTERS = re.compile(r'[\x00-\x1f\x7f"]')


def clean_query(raw):
    """Return (query, was_truncated): control characters removed, spaces folded, length capped."""
    query = " ".join(IGNORED_CHARACTERS.sub(" ", raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rstrip(), True
    return query, False


@require_safe
@reads_query_params("q", "page")
def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    results = None
    places = None
    if query:
        # Each visitor finds what they may read: a COS member also finds the pages reserved to the COS.
        rules = privacy(request)
        pages = rules.visible(Page.objects.live().filter(depth__gt=1))
        results = paginate(request, pages.specific().search(query), RESULTS_PER_PAGE)
        for page in results:
            page.is_reserved = rules.is_reserved(page)
        if results.number == 1:
            places = site_search(query, PLACE_RESULTS, request)
    response = render(
        request,
        "hub/search.html",
        {
            "query": query,
            "truncated": truncated,
            "max_length": MAX_QUERY_LENGTH,
            "results": results,
            "places": places,
            # What the pagination links keep: the cleaned query, nothing else.
            "params": QueryDict.fromkeys(["q"], query),
        },
    )
    if request.user.is_authenticated:
        # Results may hold reserved pages: no shared cache (proxy) may keep them for someone else.
        patch_cache_control(response, private=True)
    return response


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('login')}",
        f"Disallow: {reverse('password_reset')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
