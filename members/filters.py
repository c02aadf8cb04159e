"""The members index's filters: GET parameters `role` and `departement`, each one value of a short
closed list, checked against it (a form would deep-copy its fields at each request for the same
answer). An unknown value is the visitor's mistake, explained in French on the page (a 400)."""

import functools

from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.departements import Departement
from core.text import shorten

from .roles import ROLE_GROUP_HEADINGS, Role

OTHER_GROUP_HEADING = _("Autres organisations")

# The values each parameter accepts, in the form's order.
VALUES = {"role": frozenset(Role.values), "departement": frozenset(Departement.values)}

# The message for an unknown value of each parameter.
UNKNOWN_VALUE = {
    "role": _("Le rôle « %(value)s » n'existe pas : choisissez un rôle dans la liste."),
    "departement": _(
        "Le département « %(value)s » n'est pas un département d'Occitanie : choisissez-en un dans la liste."
    ),
}


@functools.lru_cache(maxsize=64)
def _options(name, selected, language):
    """The `<option>`s of parameter `name`'s select (after its empty one), `selected` marked: a few
    dozen strings, made once per process (the labels in `language`)."""
    if name == "role":
        choices = Role.choices
    else:
        choices = [(code, f"{label} ({code})") for code, label in Departement.choices]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


class OrganisationFilter:
    """The filters of the members index, read from the query string (`params`)."""

    def __init__(self, params):
        # One value per parameter (the last one when repeated), spaces around it ignored.
        self.data = {name: params.get(name, "").strip() for name in VALUES}
        self.errors = [name for name, value in self.data.items() if value and value not in VALUES[name]]

    def is_valid(self):
        return not self.errors

    @property
    def messages(self):
        """What is wrong with the parameters, in French (empty when they are valid)."""
        return [UNKNOWN_VALUE[name] % {"value": shorten(self.data[name], 40)} for name in self.errors]

    @property
    def role_options(self):
        return self._options("role")

    @property
    def departement_options(self):
        return self._options("departement")

    def _options(self, name):
        selected = self.data[name] if self.data[name] in VALUES[name] else ""
        return _options(name, selected, get_language())

    @property
    def is_active(self):
        return any(self.data.values())

    @property
    def params(self):
        """The filters in use, in the form's order, as a QueryDict for {% querystring %}: the links of
        the pagination keep them and nothing else."""
        params = QueryDict(mutable=True)
        if self.is_valid():
            params.update({name: value for name, value in self.data.items() if value})
        return params

    @property
    def description(self):
        """The active filters in words, e.g. « Structures de terrain, Aude (11) »."""
        parts = []
        if self.data["role"] in VALUES["role"]:
            parts.append(str(ROLE_GROUP_HEADINGS[Role(self.data["role"])]))
        if self.data["departement"] in VALUES["departement"]:
            parts.append(f"{Departement(self.data['departement']).label} ({self.data['departement']})")
        return ", ".join(parts)

    def grouped(self, organisations):
        """The `organisations` (Listed, in tree order) that pass the filters, as a list of (group,
        Listed) in the order of the page: by role in the order of Role, then those with no role; an
        organisation with several roles appears in each of its groups (only in the chosen one when
        filtering). A group is the role's value ("" for the others)."""
        role, departement = self.data["role"], self.data["departement"]
        chosen = [
            organisation
            for organisation in organisations
            if (not role or role in organisation.roles)
            and (not departement or departement in organisation.departements)
        ]
        groups = {group: [] for group in ROLE_GROUP_HEADINGS}
        others = []
        for organisation in chosen:
            roles = (role,) if role else organisation.roles
            for group in roles:
                groups[group].append((group, organisation))
            if not roles:
                others.append(("", organisation))
        return [entry for entries in groups.values() for entry in entries] + others


def heading(group):
    """The heading of a group of the index (a role's value, "" for the organisations with none)."""
    return ROLE_GROUP_HEADINGS[Role(group)] if group else OTHER_GROUP_HEADING
