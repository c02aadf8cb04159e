"""The directory's filters, read from GET parameters: the list, its title and the GeoJSON export
share them, so that the map fetches its markers with the list's own query string.

Every value-list filter takes a short ASCII slug of the standard's label (?frais=gratuit, not
?frais=Gratuit%20sous%20condition): links stay readable when shared. A value outside the lists is
the visitor's error: a French 400, never a 500 and never a silently ignored filter.
"""

import copy
import math
import re

import django_filters
from django import forms
from django.apps import apps
from django.utils.functional import cached_property
from django.utils.text import slugify

from core.errors import InvalidRequest
from core.filters import SiteFilterSet
from core.forms import read_only_fields, widget_renderer
from core.text import shorten

from . import choices
from .search import matching

MAX_QUERY_LENGTH = 100
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# ?autour=43.60,1.44: two decimals at most (about a kilometre), which is all the sorting needs and
# all the visitor's browser sends (static/js/places-near.js); it also bounds the page cache's keys.
AROUND = re.compile(r"(-?[0-9]{1,2}(?:\.[0-9]{1,2})?),(-?[0-9]{1,3}(?:\.[0-9]{1,2})?)")
KM_PER_DEGREE = 111.32


def slug_choices(text_choices):
    """(slug, label) pairs for a TextChoices of the standard, in its order."""
    return [(slugify(label), label) for _, label in text_choices.choices]


class ValueListFilter(django_filters.ChoiceFilter):
    """One value of a multi-value field of the standard, chosen by its slug."""

    def __init__(self, *args, text_choices, **kwargs):
        self.labels = dict(slug_choices(text_choices))
        super().__init__(*args, choices=list(self.labels.items()), **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__has": self.labels[value]})


DEPARTEMENT_CHOICES = [(code, f"{name} ({code})") for code, name in choices.OCCITANIE_DEPARTEMENTS.items()]

# What each filter is called in error messages.
FILTER_NOUNS = {
    "departement": "Le département",
    "service": "Le service",
    "public": "Le public",
    "prise_en_charge": "La prise en charge",
    "frais": "Le type de frais",
    "modalites_acces": "La modalité d'accès",
}


class _SharedFilters(dict):
    """The filters of the class, which every request reads and none changes: django-filter's deep copy
    per request (of every filter and its choices) becomes a copy of each filter, which the filter set
    then points at itself."""

    def __deepcopy__(self, memo):
        filters = {}
        for name, filter_ in self.items():
            filters[name] = copy.copy(filter_)
            if filter_.method is not None:
                filters[name].method = filter_.method  # a filter method bound to the copy (q)
        return filters


# The HTML of a filter's <select> for a value (name, value): its choices are the standard's lists
# and the départements, constants of the code. Only valid values are kept (a wrong one is a 400).
_SELECTS = {}


class _FilterBoundField(forms.BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget or attrs or only_initial or not isinstance(self.field, forms.ChoiceField) or self.errors:
            return super().as_widget(widget, attrs, only_initial)
        key = (self.html_name, self.value())
        html = _SELECTS.get(key)
        if html is None:
            html = _SELECTS[key] = super().as_widget()
        return html


class PlaceFilterForm(forms.Form):
    default_renderer = widget_renderer  # the search field without Django's three templates
    bound_field_class = _FilterBoundField


class PlaceFilter(SiteFilterSet):
    q = django_filters.CharFilter(
        label="Commune, code postal ou département",
        method="filter_q",
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "aria-describedby": "aide-recherche"}
        ),
    )
    departement = django_filters.ChoiceFilter(
        label="Département", choices=DEPARTEMENT_CHOICES, empty_label="Tous les départements"
    )
    service = ValueListFilter(
        label="Service", field_name="services", text_choices=choices.Service, empty_label="Tous les services"
    )
    public = ValueListFilter(
        label="Public",
        field_name="publics_specifiquement_adresses",
        text_choices=choices.Public,
        empty_label="Tous les publics",
    )
    prise_en_charge = ValueListFilter(
        label="Prise en charge spécifique",
        field_name="prise_en_charge_specifique",
        text_choices=choices.PriseEnCharge,
        empty_label="Toutes",
    )
    frais = ValueListFilter(label="Frais", field_name="frais_a_charge", text_choices=choices.Frais, empty_label="Tous")
    modalites_acces = ValueListFilter(
        label="Modalité d'accès",
        field_name="modalites_acces",
        text_choices=choices.ModaliteAcces,
        empty_label="Toutes",
    )

    class Meta:
        form = PlaceFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        # The places come with apply(queryset); the app registry, not an import, names the model
        # (places.models imports the listing, which imports these filters).
        if queryset is None:
            queryset = apps.get_model("places", "Place").objects.none()
        data = data.copy() if data is not None else None
        if data is not None and "q" in data:
            query = " ".join(CONTROL_CHARACTERS.sub(" ", data.get("q", "")).split())
            if len(query) > MAX_QUERY_LENGTH:
                raise InvalidRequest(
                    f"La recherche est trop longue : {MAX_QUERY_LENGTH} caractères au plus, "
                    "par exemple le nom d'une commune ou un code postal."
                )
            data["q"] = query
        super().__init__(data, queryset=queryset, **kwargs)

    def get_form_class(self):
        """The form class, built once: django-filter builds one per request, with new fields."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            cls._form_class = read_only_fields(form_class)  # no request changes a filter's field
        return cls._form_class

    def filter_q(self, queryset, name, value):
        return matching(queryset, value)

    def check(self):
        """Raise InvalidRequest naming the first bad filter value, in French."""
        if self.is_bound and not self.form.is_valid():
            name = next(iter(self.form.errors))
            noun = FILTER_NOUNS.get(name, "Ce filtre")
            raw = shorten(self.data.get(name, ""), 40)
            raise InvalidRequest(f"{noun} « {raw} » n'existe pas dans la liste : choisissez une valeur proposée.")

    def apply(self, queryset):
        self.check()
        return self.filter_queryset(queryset.all())

    @cached_property
    def active(self):
        """[(name, label of its value)] for the filters in use, in the form's order."""
        self.check()
        result = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name) if self.is_bound else None
            if not value:
                continue
            if name == "q":
                result.append((name, f"« {value} »"))
            else:
                result.append((name, dict(field.choices)[value]))
        return result


PlaceFilter.base_filters = _SharedFilters(PlaceFilter.base_filters)


def around(raw):
    """(latitude, longitude) from ?autour=43.60,1.44, or None when absent; InvalidRequest when bad."""
    if raw is None or raw == "":
        return None
    match = AROUND.fullmatch(raw)
    if match is None:
        raise InvalidRequest(
            "La position doit s'écrire « latitude,longitude » avec deux décimales au plus, "
            "par exemple ?autour=43.60,1.44."
        )
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidRequest("La position est hors du globe : latitude entre -90 et 90, longitude entre -180 et 180.")
    return latitude, longitude


def distance_km(origin, latitude, longitude):
    """An equirectangular distance, close enough at the scale of a région; None without coordinates."""
    if latitude is None or longitude is None:
        return None
    scale = math.cos(math.radians(origin[0]))
    x = (longitude - origin[1]) * scale
    y = latitude - origin[0]
    return math.hypot(x, y) * KM_PER_DEGREE
