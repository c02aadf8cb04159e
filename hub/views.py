"""Site search and error pages."""

import re

from django.shortcuts import render
from wagtail.models import Page

from .pagination import paginate, querystring_without_page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# NUL and other control characters are rejected by PostgreSQL and mean nothing in a search.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """Return (query, was_truncated): control characters removed, spaces folded, length capped."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rstrip(), True
    return query, False


def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        found = Page.objects.live().public().filter(depth__gt=1).specific().search(query)
        results = paginate(request, found, RESULTS_PER_PAGE)
    return render(
        request,
        "hub/search.html",
        {
            "query": query,
            "truncated": truncated,
            "max_length": MAX_QUERY_LENGTH,
            "results": results,
            "querystring": querystring_without_page(request),
        },
    )


def bad_request(request, exception=None):
    message = str(exception) if exception and str(exception) else "La requête n'est pas valide."
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
