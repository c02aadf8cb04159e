"""Real e-mail backends for the inbox tests: one that fails like a dead server, one that notes
whether the submission was already stored when the mail went out."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from inbox.models import Submission

stored_when_sent = []


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class StoredCheckingBackend(LocmemBackend):
    def send_messages(self, messages):
        stored_when_sent.append(Submission.objects.count())
        return super().send_messages(messages)
