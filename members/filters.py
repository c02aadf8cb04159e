"""The members index's filters: plain GET parameters `role` and `departement`, checked by hand."""

from django.utils.translation import gettext_lazy as _

from core.departements import Departement
from core.text import shorten

from .models import ROLE_GROUP_HEADINGS, Role

OTHER_GROUP_HEADING = _("Autres organisations")


class OrganisationFilter:
    """Validates the filter parameters; an unknown value is an error to show, never an exception."""

    def __init__(self, params):
        self.role = params.get("role", "").strip()
        self.departement = params.get("departement", "").strip()
        self.errors = []
        if self.role and self.role not in Role.values:
            self.errors.append(
                _("Le rôle « %(value)s » n'existe pas : choisissez un rôle dans la liste.")
                % {"value": shorten(self.role, 40)}
            )
        if self.departement and self.departement not in Departement.values:
            self.errors.append(
                _("Le département « %(value)s » n'est pas un département d'Occitanie : choisissez-en un dans la liste.")
                % {"value": shorten(self.departement, 40)}
            )

    @property
    def is_valid(self):
        return not self.errors

    @property
    def is_active(self):
        return bool(self.role or self.departement)

    role_choices = Role.choices

    @property
    def departement_choices(self):
        return [(code, f"{label} ({code})") for code, label in Departement.choices]

    @property
    def description(self):
        """The active filters in words, e.g. « Structures de terrain, Aude (11) »."""
        parts = []
        if self.role in Role.values:
            parts.append(str(ROLE_GROUP_HEADINGS[Role(self.role)]))
        if self.departement in Departement.values:
            parts.append(f"{Departement(self.departement).label} ({self.departement})")
        return ", ".join(parts)

    def apply(self, organisations):
        if self.role:
            organisations = organisations.with_role(self.role)
        if self.departement:
            organisations = organisations.in_departement(self.departement)
        return organisations

    def grouped(self, organisations):
        """[(heading, [organisation, ...]), ...] by role, in the order of Role; an organisation
        with several roles appears in each of its groups (only in the chosen one when filtering)."""
        groups = {role: [] for role in ROLE_GROUP_HEADINGS}
        others = []
        for organisation in self.apply(organisations):
            roles = [self.role] if self.role else organisation.roles
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
