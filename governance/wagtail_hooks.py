"""Admin: a listing of the governance bodies and territorial poles, filterable by kind and département."""

from django.db.models import Count
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.departements import Departement

from .models import BodyKind, GovernanceBodyPage


class BodyFilterSet(PageFilterSet):
    kind = MultipleChoiceFilter(label=_("Type d'instance"), choices=BodyKind.choices, widget=CheckboxSelectMultiple)
    departement = MultipleChoiceFilter(
        label=_("Département (pôles)"),
        field_name="territorialpolepage__departement",
        choices=Departement.choices,
        widget=CheckboxSelectMultiple,
    )

    class Meta:
        model = GovernanceBodyPage
        fields = []


class BodyIndexView(IndexView):
    default_ordering = "title"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(seat_count=Count("composition", distinct=True))


class BodyListingViewSet(PageListingViewSet):
    model = GovernanceBodyPage
    index_view_class = BodyIndexView
    filterset_class = BodyFilterSet
    icon = "site"
    menu_label = _("Gouvernance")
    menu_order = 125
    add_to_admin_menu = True
    columns = PageListingViewSet.columns + [
        Column("kind", label=_("Type"), accessor="get_kind_display", width="16%"),
        Column("seat_count", label=_("Organisations"), accessor="seat_count", width="10%"),
    ]


@hooks.register("register_admin_viewset")
def register_body_listing():
    return BodyListingViewSet("instances")
