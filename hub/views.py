"""Site search."""

import re

from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.cache import reads_query_params
from core.pagination import paginate
from core.privacy import privacy

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
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
    if query:
        # Each visitor finds what they may read: a COS member also finds the pages reserved to the COS.
        rules = privacy(request)
        pages = rules.visible(Page.objects.live().filter(depth__gt=1))
        results = paginate(request, pages.specific().search(query), RESULTS_PER_PAGE)
        for page in results:
            page.is_reserved = rules.is_reserved(page)
    response = render(
        request,
        "hub/search.html",
        {
            "query": query,
            "truncated": truncated,
            "max_length": MAX_QUERY_LENGTH,
            "results": results,
            # What the pagination links keep: the cleaned query, nothing else.
            "params": QueryDict.fromkeys(["q"], query),
        },
    )
    if request.user.is_authenticated:
        # Results may hold reserved pages: no shared cache (proxy) may keep them for someone else.
        patch_cache_control(response, private=True)
    return response
