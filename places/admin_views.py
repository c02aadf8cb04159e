"""Admin import of a places file: upload, preview of what would change (a dry run), then confirm.

The uploaded file waits between the two steps in PLACES_IMPORT_DIR (outside MEDIA_ROOT, which is
public), under a random name that the confirmation form carries.
"""

import re
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importer import DEFAULT_MAX_BYTES, ImportFileError, import_places

TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")
# The report page lists this many items per kind at most, and says how many more there are.
SHOWN_ITEMS = 200


def import_dir():
    path = Path(getattr(settings, "PLACES_IMPORT_DIR", Path(tempfile.gettempdir()) / "rhinocc-imports-lieux"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=_("Fichier CSV au standard national (v1.0.2)"),
        help_text=_("UTF-8, séparé par des virgules, avec la ligne d'en-tête du standard."),
    )

    def clean_fichier(self):
        upload = self.cleaned_data["fichier"]
        limit = getattr(settings, "PLACES_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"Le fichier pèse {upload.size / 1_000_000:.1f} Mo : la limite est de {limit / 1_000_000:.1f} Mo."
            )
        return upload


class PlaceImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "places/admin/import.html"
    page_title = _("Importer des lieux")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(["places.add_place", "places.change_place"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("lieux:index"), "label": _("Lieux")}, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        token = secrets.token_hex(16)
        path = import_dir() / f"{token}.csv"
        with path.open("wb") as stored:
            for chunk in form.cleaned_data["fichier"].chunks():
                stored.write(chunk)
        try:
            with path.open("rb") as binary:
                report = import_places(binary, dry_run=True)
        except ImportFileError as error:
            path.unlink(missing_ok=True)
            form.add_error("fichier", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_to_response(self.get_context_data(report=report, token=token))

    def confirm(self, token):
        if not TOKEN_PATTERN.fullmatch(token):
            raise Http404("Import inconnu.")
        path = import_dir() / f"{token}.csv"
        if not path.exists():
            raise Http404("Cet import a déjà été confirmé ou a expiré : déposez le fichier à nouveau.")
        try:
            with path.open("rb") as binary:
                report = import_places(binary)
        except ImportFileError as error:
            return self.render_to_response(self.get_context_data(form=ImportForm(), file_error=str(error)))
        finally:
            path.unlink(missing_ok=True)
        return self.render_to_response(self.get_context_data(report=report, done=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = kwargs.get("report")
        if report is not None:
            context["sections"] = [
                (_("Créés"), [f"{standard_id}" for standard_id in report.created]),
                (
                    _("Mis à jour"),
                    [f"{standard_id} : {', '.join(columns)}" for standard_id, columns in report.updated.items()],
                ),
                (
                    _("Rejetés"),
                    [
                        f"Ligne {line} ({standard_id or 'sans identifiant'}) : " + " ; ".join(map(str, issues))
                        for line, standard_id, issues in report.rejected
                    ],
                ),
                (_("Conflits (valeur du site conservée)"), [str(conflict) for conflict in report.conflicts]),
                (_("Absents du fichier (non supprimés)"), [f"{sid} — {nom}" for sid, nom in report.missing]),
                (_("Avertissements"), [str(issue) for issue in report.warnings]),
            ]
            context["sections"] = [
                (title, items[:SHOWN_ITEMS], max(0, len(items) - SHOWN_ITEMS), len(items))
                for title, items in context["sections"]
            ]
        return context
