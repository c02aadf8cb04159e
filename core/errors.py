"""Errors whose message is written for visitors, in French, and may be shown on the error page.

Messages of other exceptions (Django's, Wagtail's: English, sometimes revealing configuration) are
never shown: the error page then says only what kind of error it is.
"""

from django.core.exceptions import BadRequest
from django.http import Http404


class VisitorError(Exception):
    """Marks an exception whose message is meant for visitors."""


class NotFound(VisitorError, Http404):
    """A 404 with a French explanation (an unknown category, a page past the end...)."""


class InvalidRequest(VisitorError, BadRequest):
    """A 400 with a French explanation (a malformed parameter...)."""


def visitor_message(exception):
    if isinstance(exception, VisitorError) and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]
    return ""
