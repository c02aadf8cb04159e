"""Spam and abuse guards of the public forms, with no third party: a honeypot field, a minimum fill
time (a signed timestamp), limits per client address and per e-mail address in the shared cache,
and a cap on web links in free text."""

import hashlib
import math
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache

from core.forms import widget_renderer
from core.limits import client_ip, count_use

# The form's start time is signed with this salt: a bot cannot forge an older one.
_SALT = "inbox.form-started"
# A form left open longer than this is refused (a stolen token cannot be replayed for ever).
MAX_FORM_AGE = 24 * 3600
HONEYPOT_FIELD = "site_internet_confirmation"
STARTED_FIELD = "debut"
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
# The same words whatever rule a bot broke, so that it learns nothing; a person gets a way out.
REFUSED_MESSAGE = (
    "Votre envoi n'a pas pu être pris en compte. Vérifiez ce que vous avez saisi et renvoyez le formulaire "
    "dans quelques instants ; si cela se reproduit, attendez quelques minutes avant de réessayer."
)


def start_token(now=None):
    """The signed time at which a form was shown, with a random part: each form shown gets its own
    token, which serves one stored submission only."""
    return signing.dumps([int(now if now is not None else time.time()), secrets.token_hex(8)], salt=_SALT)


def count_links(text):
    return len(LINK.findall(text or ""))


def is_trapped(data):
    """True when a submission looks like a bot's: the hidden field filled, or the form sent back
    sooner than a person could (or with a missing, forged or too old start time)."""
    if data.get(HONEYPOT_FIELD):
        return True
    try:
        started = signing.loads(data.get(STARTED_FIELD, ""), salt=_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return True
    if not (isinstance(started, list) and len(started) == 2 and isinstance(started[0], int)):
        return True
    elapsed = time.time() - started[0]
    return not settings.INBOX_MIN_FILL_SECONDS <= elapsed <= MAX_FORM_AGE


def claim_start_token(data):
    """Mark this form's start time as used; False when it already served a stored submission (a
    token read once from the page cannot be replayed by a bot)."""
    token = data.get(STARTED_FIELD, "")
    key = "inbox-start:" + hashlib.sha256(token.encode()).hexdigest()
    return cache.add(key, 1, MAX_FORM_AGE + 60)


def wait_seconds(request, email):
    """Count this submission against the client address and the e-mail address; return 0 when
    both are within their hourly limits, else the seconds to wait. Both counters move on every
    submission, so that one client trying many addresses is capped too."""
    by_ip = count_use("inbox-ip", client_ip(request), settings.INBOX_LIMIT_PER_IP, 3600)
    by_email = count_use("inbox-email", (email or "").strip().casefold(), settings.INBOX_LIMIT_PER_EMAIL, 3600)
    return max(by_ip, by_email)


def wait_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"Vous avez envoyé plusieurs formulaires en peu de temps. Merci de patienter {minutes} {unit} avant de "
        "renvoyer celui-ci : ce que vous avez saisi est conservé ci-dessous."
    )


class GuardedForm(forms.Form):
    """A public form with the honeypot and the start time; its free-text fields cap their links."""

    link_limited_fields = ()
    default_renderer = widget_renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The start time is kept from the submitted form when it is shown again with errors.
        self.started = (self.data.get(STARTED_FIELD) if self.is_bound else None) or start_token()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.link_limited_fields:
            links = count_links(cleaned_data.get(name))
            if links > settings.INBOX_MAX_LINKS:
                self.add_error(
                    name,
                    f"Ce texte contient {links} adresses web : {settings.INBOX_MAX_LINKS} au plus, merci de "
                    "retirer les autres.",
                )
        return cleaned_data
