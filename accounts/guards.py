"""Guards of the login and password-reset forms: who is asking (client IP, account name), the
lockout page of django-axes, and the limits on password-reset e-mails."""

import math
import unicodedata

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from core.limits import client_ip, count_use


def login_username(request, credentials=None):
    """The account name a login attempt is counted against, as Django's login form reads it
    (spaces stripped, Unicode normalised) and without case, so that " Alice" or "ALICE" are no
    fresh set of tries on the account "alice"."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        username = credentials[field]
    else:
        username = request.POST.get(field, "")
    return unicodedata.normalize("NFKC", str(username)).strip().casefold()


def lockout_response(request, original_response=None, credentials=None):
    """The French page of a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE)."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    # Rendered now: axes' middleware, the innermost, swaps it in after the template responses render.
    response = render(request, "account/lockout.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response


def _over_limit(scope, value, limit, period):
    """True when this use of `value` makes more than `limit` in the current window."""
    return bool(count_use(scope, value, limit, period))


def password_reset_allowed(request, email):
    """False when this address or this client asked for too many reset e-mails this hour.
    Both counters move on every request, so that a client trying many addresses is capped too."""
    by_address = _over_limit("reset-email", email.strip().casefold(), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, 3600)
    by_ip = _over_limit("reset-ip", client_ip(request), settings.PASSWORD_RESET_LIMIT_PER_IP, 3600)
    return not (by_address or by_ip)
