"""The review screen of a submission: its content next to the current place record, differences
highlighted, and the actions each role may take (prepare, accept into the directory, withdraw a
closed place, reject); sending a failed staff notification again."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from places.records import to_standard

from .decisions import DecisionError, accept_correction, accept_proposal, reject, withdraw_place
from .forms import CORRECTABLE, ProposalForm
from .models import InboxSettings, Submission
from .notify import notify_staff

CHANGE, ACCEPT = "inbox.change_submission", "inbox.accept_submission"
# A notification staff may send again: it failed, or nobody was set to receive it.
RESENDABLE = (Submission.Mail.FAILED, Submission.Mail.NO_RECIPIENT)
logger = logging.getLogger(__name__)


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "inbox/admin/review.html"
    page_title = _("Examiner")

    def dispatch(self, request, pk):
        if not request.user.has_perm("inbox.view_submission") and not request.user.has_perm(CHANGE):
            raise PermissionDenied
        self.submission = get_object_or_404(Submission.objects.select_related("place", "handler", "decided_by"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.submission)

    def get_header_title(self):  # Wagtail joins with ": ", French puts a space before the colon
        return f"{self.get_page_title()} : {self.get_page_subtitle()}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("inbox_submission:index"), "label": _("Messages reçus")},
            {"url": "", "label": str(self.submission)},
        ]

    def rows(self, edited=None, applied=None):
        """(column, label, current value, proposed value, differs, applied) for the place submissions;
        `edited` and `applied` are the moderator's values and ticks when a decision failed."""
        submission = self.submission
        current = to_standard(submission.place) if submission.place else {}
        if submission.kind == Submission.Kind.PROPOSAL:
            proposed = submission.payload.get("place", {})
            labels = {
                name: ProposalForm.base_fields[name].label
                for name in ProposalForm.place_columns
                if name in ProposalForm.base_fields
            }
            labels["horaires"] = "Horaires"
            columns = ProposalForm.place_columns
        elif submission.kind == Submission.Kind.CORRECTION:
            proposed = submission.payload.get("changes", {})
            labels, columns = CORRECTABLE, list(proposed)
        else:
            return []
        if edited is not None:
            proposed = {**proposed, **edited}
        return [
            (
                column,
                labels.get(column, column),
                current.get(column, ""),
                proposed.get(column, ""),
                # A new place has nothing to differ from: « (modifié) » only for a correction.
                bool(current) and proposed.get(column, "") != current.get(column, ""),
                applied is None or column in applied,
            )
            for column in columns
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        decided = bool(self.submission.decision)
        kwargs.setdefault("rows", self.rows())
        return super().get_context_data(
            submission=self.submission,
            can_change=user.has_perm(CHANGE) and not decided,
            can_accept=user.has_perm(ACCEPT) and not decided,
            can_withdraw=user.has_perm(ACCEPT)
            and not decided
            and self.submission.place_id is not None
            and bool(self.submission.payload.get("closed")),
            can_resend=user.has_perm(CHANGE) and self.submission.mail_status in RESENDABLE,
            resend_url=reverse("inbox_submission:resend", args=[self.submission.pk]),
            edit_url=reverse("inbox_submission:edit", args=[self.submission.pk]),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        submission, user = self.submission, request.user
        if submission.decision:
            messages.error(request, "Ce message a déjà fait l'objet d'une décision.")
            return redirect(request.path)
        needed = ACCEPT if action in ("accept", "reject", "withdraw") else CHANGE
        if not user.has_perm(needed):
            raise PermissionDenied
        columns = [row[0] for row in self.rows()]
        values = {column: request.POST.get(f"value_{column}", "").strip() for column in columns}
        chosen = {column: values[column] for column in columns if request.POST.get(f"apply_{column}")}
        if action in ("save", "ready"):
            key = "place" if submission.kind == Submission.Kind.PROPOSAL else "changes"
            if key == "place":
                submission.payload["place"] = {**submission.payload.get("place", {}), **values}
            elif key == "changes":
                submission.payload["changes"] = values
            submission.status = Submission.Status.READY if action == "ready" else Submission.Status.IN_PROGRESS
            submission.handler = submission.handler or user
            submission.save()
            messages.success(request, "Modifications enregistrées.")
        elif action == "accept":
            try:
                if submission.kind == Submission.Kind.PROPOSAL:
                    place = accept_proposal(submission, user, values)
                elif submission.kind == Submission.Kind.CORRECTION:
                    place = accept_correction(submission, user, chosen)
                else:
                    raise DecisionError("Un message ne s'accepte pas dans l'annuaire.")
            except DecisionError as error:
                # The form again with the moderator's edits and ticks, not the visitor's values.
                messages.error(request, f"Rien n'a été enregistré : {error}")
                return self.render_to_response(self.get_context_data(rows=self.rows(values, chosen)))
            if submission.kind == Submission.Kind.PROPOSAL:
                messages.success(request, f"« {place.nom} » a été ajouté à l'annuaire.")
            else:
                messages.success(request, f"« {place.nom} » est à jour dans l'annuaire.")
        elif action == "withdraw":
            if not request.POST.get("confirm_withdraw"):
                messages.error(
                    request,
                    "Rien n'a été enregistré : cochez la case de confirmation pour retirer ce lieu de l'annuaire.",
                )
                return redirect(request.path)
            try:
                name = withdraw_place(submission, user)
            except DecisionError as error:
                messages.error(request, f"Rien n'a été enregistré : {error}")
                return redirect(request.path)
            messages.success(request, f"« {name} » est retiré de l'annuaire.")
        elif action == "reject":
            reject(submission, user)
            refused = "Signalement refusé." if submission.kind == Submission.Kind.CORRECTION else "Proposition refusée."
            messages.success(request, refused)
        else:
            messages.error(request, "Action inconnue.")
        return redirect(request.path)


class ResendNotificationView(View):
    """« Renvoyer la notification »: the staff e-mail of a submission, sent again after a failure
    (to the recipients of the settings as they are now); the attempt is logged and recorded."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        submission = get_object_or_404(Submission, pk=pk)
        review = reverse("inbox_submission:review", args=[pk])
        if submission.mail_status not in RESENDABLE:
            messages.error(request, "Cette notification est déjà partie : rien à renvoyer.")
            return redirect(review)
        logger.info("Notification of submission %s sent again by %s", pk, request.user.get_username())
        status = notify_staff(submission, InboxSettings.for_request(request).recipient_list)
        log(instance=submission, action="inbox.resend", user=request.user, data={"status": status})
        if status == Submission.Mail.SENT:
            messages.success(request, "Notification renvoyée à l'équipe.")
        elif status == Submission.Mail.NO_RECIPIENT:
            messages.error(
                request,
                "Aucun destinataire : indiquez les adresses de l'équipe dans Paramètres > Messages reçus.",
            )
        else:
            messages.error(request, f"L'envoi a encore échoué : {submission.mail_error}")
        return redirect(review)
