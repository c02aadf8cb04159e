"""Admin: a listing of the organisations, with their roles and départements, searchable and filterable."""

from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.departements import Departement

from .models import OrganisationPage
from .roles import Role


class OrganisationFilterSet(PageFilterSet):
    role = MultipleChoiceFilter(
        label=_("Rôle dans le réseau"),
        field_name="roles",
        choices=Role.choices,
        widget=CheckboxSelectMultiple,
        distinct=True,
    )
    departement = MultipleChoiceFilter(
        label=_("Département"),
        field_name="departements",
        choices=Departement.choices,
        widget=CheckboxSelectMultiple,
        distinct=True,
    )

    class Meta:
        model = OrganisationPage
        fields = []


class OrganisationIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("parent_organisation").prefetch_related("roles", "departements")
        )


def _labels(items):
    return ", ".join(str(item.label) for item in items) or "—"


class OrganisationListingViewSet(PageListingViewSet):
    model = OrganisationPage
    index_view_class = OrganisationIndexView
    filterset_class = OrganisationFilterSet
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 120
    add_to_admin_menu = True
    columns = PageListingViewSet.columns + [
        Column("roles", label=_("Rôles"), accessor=lambda page: _labels(page.held_roles), width="18%"),
        Column(
            "departements", label=_("Départements"), accessor=lambda page: _labels(page.held_departements), width="15%"
        ),
        Column("parent_organisation", label=_("Rattachée à"), accessor="parent_organisation", width="12%"),
    ]


@hooks.register("register_admin_viewset")
def register_organisation_listing():
    return OrganisationListingViewSet("organisations")
