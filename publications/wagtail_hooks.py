"""The admin's publications listing, with an "Accès" column."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.privacy import privacy

from .models import PublicationPage


class AccessColumn(Column):
    """ "Réservé" or "Public" for each listed page, from privacy rules read once per request."""

    cell_template_name = "publications/admin/access_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["is_reserved"] = not not privacy(parent_context.get("request")).is_reserved(instance)
        return context


class PublicationIndexView(IndexView):
    # Wagtail's generic "Add %(model_name)s" reads « Ajouter un(e) Publication » in French.
    add_item_label = _("Ajouter une publication")


class PublicationListingViewSet(PageListingViewSet):
    model = PublicationPage
    index_view_class = PublicationIndexView
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
