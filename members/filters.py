"""The members index's filters: GET parameters `role` and `departement`, read by a django-filter
FilterSet. An unknown value is the visitor's mistake, explained in French on the page (a 400)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.departements import Departement
from core.text import shorten

from .roles import ROLE_GROUP_HEADINGS, Role

OTHER_GROUP_HEADING = _("Autres organisations")

# The message for an unknown value of each parameter, in the form's order.
UNKNOWN_VALUE = {
    "role": _("Le rôle « %(value)s » n'existe pas : choisissez un rôle dans la liste."),
    "departement": _(
        "Le département « %(value)s » n'est pas un département d'Occitanie : choisissez-en un dans la liste."
    ),
}


class OrganisationFilter(django_filters.FilterSet):
    """Filters a queryset of OrganisationPage (its `with_role` and `in_departement` methods)."""

    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role")
    departement = django_filters.ChoiceFilter(choices=Departement.choices, method="filter_departement")

    def __init__(self, params, queryset):
        # One value per parameter (the last one when repeated), spaces around it ignored.
        super().__init__({name: params.get(name, "").strip() for name in UNKNOWN_VALUE}, queryset=queryset)

    def filter_role(self, organisations, name, value):
        return organisations.with_role(value)

    def filter_departement(self, organisations, name, value):
        return organisations.in_departement(value)

    @property
    def messages(self):
        """What is wrong with the parameters, in French (empty when they are valid)."""
        return [
            UNKNOWN_VALUE[name] % {"value": shorten(self.data[name], 40)}
            for name in UNKNOWN_VALUE
            if name in self.errors
        ]

    @property
    def is_active(self):
        return any(self.data.values())

    role_choices = Role.choices

    @property
    def departement_choices(self):
        return [(code, f"{label} ({code})") for code, label in Departement.choices]

    @property
    def description(self):
        """The active filters in words, e.g. « Structures de terrain, Aude (11) »."""
        parts = []
        if self.data["role"] in Role.values:
            parts.append(str(ROLE_GROUP_HEADINGS[Role(self.data["role"])]))
        if self.data["departement"] in Departement.values:
            parts.append(f"{Departement(self.data['departement']).label} ({self.data['departement']})")
        return ", ".join(parts)

    def grouped(self):
        """[(heading, [organisation, ...]), ...] by role, in the order of Role; an organisation
        with several roles appears in each of its groups (only in the chosen one when filtering)."""
        groups = {role: [] for role in ROLE_GROUP_HEADINGS}
        others = []
        chosen = self.data["role"]
        for organisation in self.qs:
            roles = [chosen] if chosen else organisation.held_roles
            for role in roles:
                groups[role].append(organisation)
            if not roles:
                others.append(organisation)
        result = [
            {"role": role, "heading": ROLE_GROUP_HEADINGS[role], "organisations": members}
            for role, members in groups.items()
            if members
        ]
        if others:
            result.append({"role": "", "heading": OTHER_GROUP_HEADING, "organisations": others})
        return result
