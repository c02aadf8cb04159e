"""Admin and serving hooks: reserved pages answer 403 to logged-in outsiders; a publications listing."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import BaseViewRestriction, PageViewRestriction

from hub.privacy import ViewRules

from .models import PublicationPage


@hooks.register("before_serve_page")
def deny_reserved_page_to_outsiders(page, request, serve_args, serve_kwargs):
    """Wagtail sends anyone a group restriction refuses to the login page; a visitor already logged
    in would loop there, so they get a plain "access reserved" page instead."""
    if not request.user.is_authenticated:
        return None
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and not restriction.accept_request(request):
            response = render(request, "403.html", status=403)
            add_never_cache_headers(response)
            return response
    return None


@hooks.register("before_serve_document", order=-1)
def deny_reserved_document_to_outsiders(document, request):
    """Same for documents in a reserved collection ("Documents du COS"): Wagtail's own hook, which
    runs after this one, sends visitors who are not logged in to the login page."""
    if not request.user.is_authenticated:
        return None
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and not restriction.accept_request(request):
            response = render(request, "403.html", status=403)
            add_never_cache_headers(response)
            return response
    return None


class AccessColumn(Column):
    """ "Réservé" or "Public" for each listed page, from privacy rules read once per listing."""

    cell_template_name = "publications/admin/access_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        rules = getattr(request, "_publication_view_rules", None)
        if rules is None:
            rules = ViewRules(None)
            if request is not None:
                request._publication_view_rules = rules
        context["is_reserved"] = rules.is_reserved(instance)
        return context


class PublicationListingViewSet(PageListingViewSet):
    model = PublicationPage
    icon = "doc-full"
    menu_label = _("Publications")
    menu_order = 150
    add_to_admin_menu = True
    columns = PageListingViewSet.columns + [
        AccessColumn("access", label=_("Accès"), width="10%"),
        Column("category", label=_("Catégorie"), accessor="get_category_display", width="12%"),
        DateColumn("date", label=_("Date de publication"), sort_key="date", width="12%"),
    ]


@hooks.register("register_admin_viewset")
def register_publication_listing():
    return PublicationListingViewSet("publications")
