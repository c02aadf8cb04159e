"""Guards of the login and password-reset forms: who is asking (client IP, account name), the
lockout page of django-axes, and the limits on password-reset e-mails."""

import hashlib
import ipaddress
import math
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def _parse_ip(value):
    """An address from a header entry ("203.0.113.7", "203.0.113.7:4711", "[2001:db8::1]:443"),
    or None. IPv6 addresses become their /64: one subscriber holds a whole /64, and counting each
    of its addresses apart would give him billions of tries."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_ip(request):
    """The visitor's address, read behind `TRUSTED_PROXY_COUNT` reverse proxies.

    Each proxy appends to X-Forwarded-For the address it received the request from, so the
    visitor is the N-th entry from the right: entries further left were written by the visitor and
    prove nothing (a forged entry cannot move the count). With no proxy, the connection's own
    address. A count set too low gives every visitor the address of a proxy (and one shared
    lockout); too high, the left-most entry, which the visitor may have written. An entry that is
    no address falls back to the connection's (it is stored in an address column)."""
    remote = _parse_ip(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        if entries:
            return _parse_ip(entries[-count] if len(entries) >= count else entries[0]) or remote
    return remote


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
    """Count one more use of `value` in the current `period` (seconds, fixed window) in the
    shared cache; True when that makes more than `limit`. A cache that fails counts nothing."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    key = f"limit:{scope}:{digest}:{int(time.time() // period)}"
    cache.add(key, 0, period)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, period)
        count = 1
    return count > limit


def password_reset_allowed(request, email):
    """False when this address or this client asked for too many reset e-mails this hour.
    Both counters move on every request, so that a client trying many addresses is capped too."""
    by_address = _over_limit("reset-email", email.strip().casefold(), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, 3600)
    by_ip = _over_limit("reset-ip", client_ip(request), settings.PASSWORD_RESET_LIMIT_PER_IP, 3600)
    return not (by_address or by_ip)
