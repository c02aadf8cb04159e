"""Admin import of a places file: upload, preview of what would change (a dry run), then confirm.

Every upload becomes a PlaceImport, kept with its reports in the history. A file up to
PLACES_IMPORT_SYNC_MAX_BYTES is checked and imported inside the request (a few seconds at most, and
no wait for a worker); a larger one by background tasks (places/tasks.py), whose progress its status
page shows, refreshing itself while they run. The uploaded file waits in PLACES_IMPORT_DIR (outside
MEDIA_ROOT, which is public), named after the import's random id.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importer import DEFAULT_MAX_BYTES
from .models import PlaceImport
from .tasks import import_path, run_import, validate_import

# Seconds between two reloads of the status page of a running import.
REFRESH_SECONDS = 3
HISTORY_PER_PAGE = 30
# Waiting longer than this for the worker, the status page says it may not be running.
WAITED_LONG = datetime.timedelta(minutes=1)


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


def history():
    """Past imports, newest first. Their reports can be large: only the summaries are read."""
    return (
        PlaceImport.objects.select_related("uploaded_by")
        .defer("preview_report", "final_report")
        .annotate(preview_summary=KT("preview_report__summary"), final_summary=KT("final_report__summary"))
    )


def _run_or_enqueue(place_import, task):
    """Run a step now (a small file), or queue it once the import's row is committed (the worker reads it)."""
    if place_import.background:
        import_id = str(place_import.pk)
        transaction.on_commit(lambda: task.enqueue(import_id))
    else:
        task.call(str(place_import.pk))


class ImportPermissionMixin:
    """Only those who may add and change places import them, or see imports."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(["places.add_place", "places.change_place"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportPageMixin(ImportPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("lieux:index"), "label": _("Lieux")}, {"url": "", "label": self.get_page_title()}]


class PlaceImportView(ImportPageMixin, TemplateView):
    template_name = "places/admin/import.html"
    page_title = _("Importer des lieux")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["fichier"]
        place_import = PlaceImport.objects.create(
            uploaded_by=request.user,
            file_name=(upload.name or "lieux.csv")[-255:],
            size=upload.size,
            background=upload.size > settings.PLACES_IMPORT_SYNC_MAX_BYTES,
        )
        with import_path(place_import).open("wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        _run_or_enqueue(place_import, validate_import)
        place_import.refresh_from_db()
        if place_import.status == PlaceImport.Status.FAILED:
            # A small file refused as a whole: its message on the form, where the next file goes.
            form.add_error("fichier", place_import.error)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("places_import_status", pk=place_import.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = history()[:5]
        context["sync_max_mb"] = settings.PLACES_IMPORT_SYNC_MAX_BYTES / 1_000_000
        return context


class PlaceImportStatusView(ImportPageMixin, TemplateView):
    """One import: its progress while it runs, then its preview (with the confirmation) or its report."""

    template_name = "places/admin/import_status.html"
    page_title = _("Import de lieux")

    def get(self, request, *args, pk, **kwargs):
        PlaceImport.objects.mark_stalled()
        place_import = get_object_or_404(PlaceImport.objects.select_related("uploaded_by", "confirmed_by"), pk=pk)
        context = self.get_context_data(
            place_import=place_import,
            report=place_import.final_report or place_import.preview_report,
            refresh_seconds=REFRESH_SECONDS if place_import.is_running else None,
            waited_long=place_import.is_running and timezone.now() - place_import.updated_at > WAITED_LONG,
        )
        response = self.render_to_response(context)
        response["Cache-Control"] = "no-store"
        return response


class PlaceImportConfirmView(ImportPermissionMixin, View):
    """POST: import a previewed file. Only an import that is ready moves on, so a second confirmation
    (a double click, the back button) imports nothing more."""

    def post(self, request, pk):
        place_import = get_object_or_404(PlaceImport, pk=pk)
        confirmed = PlaceImport.objects.filter(pk=pk, status=PlaceImport.Status.READY).update(
            status=PlaceImport.Status.PENDING,
            confirmed_by=request.user,
            confirmed_at=timezone.now(),
            step=None,
            rows_done=0,
            updated_at=timezone.now(),
        )
        if confirmed:
            _run_or_enqueue(place_import, run_import)
        else:
            messages.warning(request, "Cet import a déjà été confirmé ou annulé : il n'est pas relancé.")
        return redirect("places_import_status", pk=pk)


class PlaceImportCancelView(ImportPermissionMixin, View):
    """POST: drop an import that has not started writing, and its file."""

    def post(self, request, pk):
        place_import = get_object_or_404(PlaceImport, pk=pk)
        cancelled = PlaceImport.objects.filter(
            pk=pk, status__in=[PlaceImport.Status.PENDING, PlaceImport.Status.READY]
        ).update(status=PlaceImport.Status.CANCELLED, updated_at=timezone.now())
        if cancelled:
            import_path(place_import).unlink(missing_ok=True)
            messages.success(request, "Import annulé : rien n'a été enregistré.")
        else:
            messages.warning(request, "Cet import ne peut plus être annulé.")
        return redirect("places_import_status", pk=pk)


class PlaceImportHistoryView(ImportPageMixin, TemplateView):
    template_name = "places/admin/import_history.html"
    page_title = _("Historique des imports de lieux")
    header_icon = "history"

    def get_context_data(self, **kwargs):
        PlaceImport.objects.mark_stalled()
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(history(), HISTORY_PER_PAGE).get_page(self.request.GET.get("p"))
        return context
