"""Serving hooks: what a logged-in visitor outside a reserved page's or document's group sees."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.models import BaseViewRestriction

from . import rich_text


def _deny_outsider(restrictions, request):
    """Wagtail sends anyone a group restriction refuses to the login page; a visitor already logged
    in would loop there, so they get a plain "access reserved" page (403) instead."""
    if not request.user.is_authenticated:
        return None
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.GROUPS and not restriction.accept_request(request):
            response = render(request, "403.html", status=403)
            add_never_cache_headers(response)
            return response
    return None


@hooks.register("before_serve_page")
def deny_reserved_page_to_outsiders(page, request, serve_args, serve_kwargs):
    return _deny_outsider(page.get_view_restrictions(), request)


@hooks.register("before_serve_document", order=-1)
def deny_reserved_document_to_outsiders(document, request):
    # Runs before Wagtail's own hook, which sends visitors who are not logged in to the login page.
    return _deny_outsider(document.collection.get_view_restrictions(), request)


@hooks.register("register_rich_text_features", order=100)
def tolerate_malformed_rich_text_references(features):
    # After Wagtail's own registrations (order 0), which these replace under the same names.
    rich_text.register(features)
