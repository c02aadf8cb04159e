"""E-mails of the inbox, sent after the submission is stored: a failure is logged and recorded on
the submission (shown in the admin, where staff may send the notification again), never passed on
to the visitor. This module knows the vocabularies, not the models: the pages that call it do."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .choices import Mail

logger = logging.getLogger(__name__)


def _send(subject, template, context, recipients):
    subject = " ".join(subject.split())  # one line whatever a visitor typed
    body = render_to_string(template, context)
    send_mail(subject, body, None, recipients)


def notify_staff(submission, recipients):
    """Tell `recipients` (the site settings' list) of a stored submission; record how it went.
    Returns the new mail status."""
    submission.mail_attempts += 1
    submission.mail_attempted_at = timezone.now()
    if not recipients:
        submission.mail_status = Mail.NO_RECIPIENT
    else:
        url = settings.WAGTAILADMIN_BASE_URL + reverse("inbox_submission:review", args=[submission.pk])
        try:
            _send(
                f"[RhinOcc] {submission.get_kind_display()} : {submission.summary or submission.name}"[:200],
                "inbox/email/notification.txt",
                {"submission": submission, "url": url},
                recipients,
            )
        except Exception as error:  # any failure of the mail server: the submission is kept
            logger.exception("Notification of submission %s failed", submission.pk)
            submission.mail_status = Mail.FAILED
            submission.mail_error = f"{type(error).__name__}: {error}"[:1000]
        else:
            submission.mail_status = Mail.SENT
            submission.mail_error = ""
    submission.save(update_fields=["mail_status", "mail_error", "mail_attempts", "mail_attempted_at"])
    return submission.mail_status


def send_copy(submission):
    """The visitor's copy of a contact message; a failure is recorded, the confirmation still shown."""
    try:
        _send(
            "[RhinOcc] Copie de votre message",
            "inbox/email/copy.txt",
            {"submission": submission, "payload": submission.payload},
            [submission.email],
        )
    except Exception as error:
        logger.exception("Copy of submission %s failed", submission.pk)
        submission.mail_error = f"{submission.mail_error}\nCopie au visiteur : {type(error).__name__}: {error}"[:1000]
        submission.save(update_fields=["mail_error"])
