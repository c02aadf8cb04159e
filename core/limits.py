"""Who is asking (the client address behind the site's reverse proxies) and fixed-window counters
in the shared cache: the limits of the password-reset and public forms."""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


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


def count_use(scope, value, limit, period):
    """Count one more use of `value` in the current `period` (seconds, fixed window) in the
    shared cache. Return 0 while within `limit`, else the seconds until the window ends. A cache
    that fails counts nothing."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    now = time.time()
    key = f"limit:{scope}:{digest}:{int(now // period)}"
    cache.add(key, 0, period)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, period)
        count = 1
    if count <= limit:
        return 0
    return max(1, int(period - now % period))
