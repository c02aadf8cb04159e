"""Site search, document downloads and error pages."""

import re

from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.models import Page

from .errors import visitor_message
from .pagination import paginate, querystring_without_page

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


def serve_document(request, document_id, document_filename):
    """Wagtail's document download, less the "Content-Encoding: None" header it sends when the file
    name suggests no compression (browsers may refuse or mangle a download with an unknown coding)."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    return response


def bad_request(request, exception=None):
    return render(request, "400.html", {"message": visitor_message(exception)}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"message": visitor_message(exception)}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
