"""Site-wide views that every app relies on: error pages, the health check, document downloads."""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document

from .errors import visitor_message


@require_safe
def health(request):
    """For load balancers: 200 when the database and the cache answer, 503 naming the part that fails.

    Nothing else is said (no version, host or error text), and no session or account is read.
    """
    failing = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        failing.append("base de données")
    # A key of its own per probe: probes from several balancers never read each other's value.
    key, token = f"sante:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, 10)
        cache_ok = cache.get(key) == token
        cache.delete(key)
    except Exception:  # any backend's failure (file cache: OSError...) means the same: no cache
        cache_ok = False
    if not cache_ok:
        failing.append("cache")
    body = f"en panne : {', '.join(failing)}\n" if failing else "ok\n"
    response = HttpResponse(body, content_type="text/plain; charset=utf-8", status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


def not_found(request, *args, **kwargs):
    """The 404 page for routes the site switches off, whatever their parameters."""
    return page_not_found(request)


def serve_document(request, document_id, document_filename):
    """Wagtail's document download, less the "Content-Encoding: None" header it sends when the file
    name suggests no compression (browsers may refuse or mangle a download with an unknown coding)."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    document = get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    if response.status_code == 200 and document and document.collection.get_view_restrictions().exists():
        # A reserved document belongs to the reader who may see it: no shared cache keeps it.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


def bad_request(request, exception=None):
    return render(request, "400.html", {"message": visitor_message(exception)}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"message": visitor_message(exception)}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
