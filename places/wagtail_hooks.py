"""Admin: places as plain models in a Wagtail viewset, listed with search and filters."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, DateColumn, UpdatedAtColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, HeaderButton

from .admin_views import (
    PlaceImportCancelView,
    PlaceImportConfirmView,
    PlaceImportHistoryView,
    PlaceImportStatusView,
    PlaceImportView,
)
from .choices import OCCITANIE_DEPARTEMENTS, Service
from .forms import PlaceForm
from .models import Place


def _source_choices():
    sources = Place.objects.exclude(source="").order_by("source").values_list("source", flat=True).distinct()
    return [(source, source) for source in sources]


class PlaceFilterSet(WagtailFilterSet):
    departement = django_filters.ChoiceFilter(
        label=_("Département"), choices=[(code, f"{code} – {name}") for code, name in OCCITANIE_DEPARTEMENTS.items()]
    )
    service = django_filters.ChoiceFilter(label=_("Service"), choices=Service.choices, method="filter_service")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=_source_choices)
    stale = django_filters.BooleanFilter(
        label=_("Données de plus de 12 mois"), method="filter_stale", widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Place
        fields = []

    def filter_service(self, queryset, name, value):
        return queryset.filter(services__has=value)

    def filter_stale(self, queryset, name, value):
        stale = Place.objects.stale().values("pk")
        return queryset.filter(pk__in=stale) if value else queryset.exclude(pk__in=stale)


class PlaceIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perms(["places.add_place", "places.change_place"]):
            buttons.append(HeaderButton(_("Importer un fichier"), url=reverse("places_import"), icon_name="upload"))
            buttons.append(
                HeaderButton(_("Historique des imports"), url=reverse("places_import_history"), icon_name="history")
            )
        return buttons


class PlaceViewSet(ModelViewSet):
    model = Place
    index_view_class = PlaceIndexView
    icon = "site"
    menu_label = _("Lieux")
    menu_order = 140
    add_to_admin_menu = True
    inspect_view_enabled = True
    search_fields = ["nom", "commune", "code_postal"]
    search_backend_name = None
    filterset_class = PlaceFilterSet
    list_per_page = 50
    list_display = [
        "nom",
        Column("commune", label=_("Commune"), sort_key="commune"),
        Column("code_postal", label=_("Code postal")),
        Column("departement", label=_("Département"), sort_key="departement"),
        Column("source", label=_("Source")),
        DateColumn("date_maj", label=_("Données du"), sort_key="date_maj"),
        UpdatedAtColumn(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("nom"),
                            FieldRowPanel([FieldPanel("standard_id"), FieldPanel("pivot")]),
                            FieldPanel("structure_parente"),
                            FieldPanel("typologie"),
                        ],
                        heading=_("Identification"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("adresse"),
                            FieldPanel("complement_adresse"),
                            FieldRowPanel([FieldPanel("code_postal"), FieldPanel("commune"), FieldPanel("code_insee")]),
                            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                            FieldPanel("itinerance"),
                        ],
                        heading=_("Adresse et localisation"),
                    ),
                ],
                heading=_("Lieu"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("telephone"), FieldPanel("courriels"), FieldPanel("site_web")],
                        heading=_("Contact"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("horaires"), FieldPanel("prise_rdv"), FieldPanel("fiche_acces_libre")],
                        heading=_("Horaires, rendez-vous et accessibilité"),
                    ),
                ],
                heading=_("Contact et horaires"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("presentation_resume"), FieldPanel("presentation_detail")],
                        heading=_("Présentation"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("services"),
                            FieldPanel("publics_specifiquement_adresses"),
                            FieldPanel("prise_en_charge_specifique"),
                            FieldPanel("frais_a_charge"),
                            FieldPanel("modalites_acces"),
                            FieldPanel("modalites_accompagnement"),
                        ],
                        heading=_("Services et accompagnement"),
                    ),
                ],
                heading=_("Services"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("dispositif_programmes_nationaux"),
                            FieldPanel("formations_labels"),
                            FieldPanel("autres_formations_labels"),
                        ],
                        heading=_("Dispositifs, formations et labels"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("source"), FieldPanel("date_maj", widget=AdminDateInput), FieldPanel("slug")],
                        heading=_("Source de la donnée et adresse sur le site"),
                    ),
                ],
                heading=_("Labels et source"),
            ),
        ],
        base_form_class=PlaceForm,
    )


@hooks.register("register_admin_viewset")
def register_place_viewset():
    return PlaceViewSet("lieux")


@hooks.register("register_admin_urls")
def register_place_import_url():
    return [
        path("lieux-import/", PlaceImportView.as_view(), name="places_import"),
        path("lieux-import/historique/", PlaceImportHistoryView.as_view(), name="places_import_history"),
        path("lieux-import/<uuid:pk>/", PlaceImportStatusView.as_view(), name="places_import_status"),
        path("lieux-import/<uuid:pk>/confirmer/", PlaceImportConfirmView.as_view(), name="places_import_confirm"),
        path("lieux-import/<uuid:pk>/annuler/", PlaceImportCancelView.as_view(), name="places_import_cancel"),
    ]
