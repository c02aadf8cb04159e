"""The organisation page's admin form: roles and départements as checkboxes over child rows."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class OrganisationPageForm(WagtailAdminPageForm):
    roles = forms.MultipleChoiceField(
        label=_("Rôles dans le réseau"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Plusieurs choix possibles. Les rôles décident où l'organisation apparaît sur le site."),
    )
    departements = forms.MultipleChoiceField(
        label=_("Départements d'action"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les départements d'Occitanie où l'organisation agit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core.departements import Departement

        from .models import Role

        if "roles" in self.fields:
            self.fields["roles"].choices = Role.choices
            self.fields["roles"].initial = [entry.role for entry in self.instance.role_entries.all()]
        if "departements" in self.fields:
            self.fields["departements"].choices = Departement.choices
            self.fields["departements"].initial = [entry.code for entry in self.instance.departement_entries.all()]

    def save(self, commit=True):
        from .models import OrganisationDepartement, OrganisationRole

        page = super().save(commit=False)
        if "roles" in self.cleaned_data:
            page.role_entries = _entries(page.role_entries.all(), "role", self.cleaned_data["roles"], OrganisationRole)
        if "departements" in self.cleaned_data:
            page.departement_entries = _entries(
                page.departement_entries.all(), "code", self.cleaned_data["departements"], OrganisationDepartement
            )
        if commit:
            page.save()
        return page


def _entries(current, attribute, values, model):
    """Keep the existing rows whose value is still chosen, add the new ones (no churn of ids)."""
    kept = {getattr(entry, attribute): entry for entry in current if getattr(entry, attribute) in values}
    return [kept.get(value) or model(**{attribute: value}) for value in values]
