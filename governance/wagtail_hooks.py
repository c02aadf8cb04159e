"""Admin: a listing of the governance bodies and territorial poles, filterable by kind and département."""

from django.db.models import Count, Q
from django.forms import CheckboxSelectMultiple
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.departements import Departement
from core.fragments import shared
from members.models import ORGANISATION_SECTIONS_HOOK

from .models import BodyKind, GovernanceBodyPage, Seat, TerritorialPolePage

POLE = "pole"


class BodyFilterSet(PageFilterSet):
    kind = MultipleChoiceFilter(
        label=_("Type d'instance"),
        choices=[*BodyKind.choices, (POLE, TerritorialPolePage._meta.verbose_name)],
        widget=CheckboxSelectMultiple,
        method="filter_kind",
    )
    departement = MultipleChoiceFilter(
        label=_("Département (pôles)"),
        field_name="territorialpolepage__departement",
        choices=Departement.choices,
        widget=CheckboxSelectMultiple,
    )

    class Meta:
        model = GovernanceBodyPage
        fields = []

    def filter_kind(self, queryset, name, value):
        """Bodies of the chosen kinds; « Pôle territorial » chooses the TerritorialPolePage pages."""
        is_pole = Q(territorialpolepage__isnull=False)
        chosen = Q(kind__in=[kind for kind in value if kind != POLE], territorialpolepage__isnull=True)
        return queryset.filter(chosen | is_pole if POLE in value else chosen)


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
        Column("kind", label=_("Type"), accessor="kind_label", width="16%"),
        Column("seat_count", label=_("Organisations"), accessor="seat_count", width="10%"),
    ]


@hooks.register("register_admin_viewset")
def register_body_listing():
    return BodyListingViewSet("instances")


@hooks.register(ORGANISATION_SECTIONS_HOOK)
def organisation_seats(organisation, request):
    """An organisation page's section « Dans la gouvernance du RhinOcc »: its seats in public bodies
    (one query), the same for every visitor, so kept with the content generation (core/fragments.py);
    a preview builds it from the page it shows."""

    def build():
        seats = Seat.objects.public_for(organisation, request) if organisation.pk else []
        context = {"organisation": organisation, "seats": seats, "request": request}
        # No context processor: the section shows nothing of the visitor's.
        return render_to_string("governance/includes/organisation_seats.html", context)

    return mark_safe(shared(request, "governance.organisation_seats", build, organisation.pk))
