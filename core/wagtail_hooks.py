"""Serving hooks (what a logged-in visitor outside a reserved page's or document's group sees) and
the tolerant rich-text handlers."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.models import BaseViewRestriction

from . import rich_text
from .privacy import privacy


def _deny_outsider(restrictions, request):
    """Wagtail sends anyone a group restriction refuses to the login page; a visitor already logged
    in would loop there, so they get a plain "access reserved" page (403) instead.

    A shared-password restriction (the site offers none, but one may predate that) is treated as
    a group one that lets nobody in: Wagtail would answer with a password form that renders the
    page into its template, posting to a route the site has switched off."""
    for restriction in restrictions:
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == BaseViewRestriction.PASSWORD and not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif restriction.restriction_type in (BaseViewRestriction.GROUPS, BaseViewRestriction.PASSWORD):
            if not request.user.is_authenticated:
                return None  # Wagtail's own hook sends them to the login page
            response = render(request, "403.html", status=403)
        else:
            continue
        add_never_cache_headers(response)
        return response
    return None


@hooks.register("before_serve_page")
def deny_reserved_page_to_outsiders(page, request, serve_args, serve_kwargs):
    # The request's privacy rules (read once, shared with menus and listings) rather than
    # page.get_view_restrictions(), which costs two queries on every page.
    rules = privacy(request)
    restrictions = rules.restrictions_of(page)
    if not page.alias_of_id:
        # Wagtail's own check (its on_serve_page hook, after this one) asks the page for its
        # restrictions: give it the same list, without its two queries (an alias keeps Wagtail's
        # own reading, which also follows the original page).
        page.get_view_restrictions = lambda: restrictions
    if restrictions and all(rules.allows(restriction) for restriction in restrictions):
        return None
    return _deny_outsider(restrictions, request)


@hooks.register("before_serve_document", order=-1)
def deny_reserved_document_to_outsiders(document, request):
    # Runs before Wagtail's own hook, which sends visitors who are not logged in to the login page.
    return _deny_outsider(document.collection.get_view_restrictions(), request)


@hooks.register("register_rich_text_features", order=100)
def tolerate_malformed_rich_text_references(features):
    # After Wagtail's own registrations (order 0), which these replace under the same names.
    rich_text.register(features)
