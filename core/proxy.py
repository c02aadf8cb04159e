"""Ban the whole site from the caching proxies in front (deploy/varnish/rhinocc.vcl) after a change.

Every change that gives the page cache a new generation (core/cache.py: publishing, unpublishing,
moving, deleting, privacy, settings, images, documents, places) calls `ban_site_on_commit()`. A
per-URL PURGE (wagtail.contrib.frontend_cache) would miss the listings, feeds, exports and query
string variants that show the page: like the generation, the ban covers every page at once.

The ban is an HTTP `BAN /` request to each address of PROXY_PURGE_URLS, which the VCL accepts from
the app servers only (ACL). It leaves after the transaction commits (a rolled back change bans
nothing, and the proxy cannot fetch the old page again before the commit), from a background thread:
a publication never waits for a proxy. A failing proxy is retried a few times (PROXY_PURGE_RETRIES,
1, 2, 4... seconds apart), then logged as an error: its copies then live at most PROXY_CACHE_SECONDS.
Several changes of one transaction send one ban.
"""

import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

BAN_METHOD = "BAN"


def cache_seconds():
    """How long the proxy may keep an anonymous page: PROXY_CACHE_SECONDS, else PAGE_CACHE_SECONDS."""
    value = getattr(settings, "PROXY_CACHE_SECONDS", None)
    return settings.PAGE_CACHE_SECONDS if value is None else value


def ban_site_on_commit(using=None):
    """Ban every page from the proxies once the current transaction commits (at once without one)."""
    urls = tuple(settings.PROXY_PURGE_URLS)
    if not urls:
        return
    connection = transaction.get_connection(using)
    # One ban per transaction, however many pages it changes (a rollback drops the pending one).
    if any(getattr(func, "proxy_ban", False) for _sids, func, *_robust in connection.run_on_commit):
        return

    def send():
        start_ban(urls)

    send.proxy_ban = True
    transaction.on_commit(send, using=using)


def start_ban(urls):
    """Send the bans from a thread; it is not a daemon: a management command waits for it to end."""
    thread = threading.Thread(target=ban_all, args=(urls,), name="proxy-ban")
    thread.start()
    return thread


def ban_all(urls):
    """Ban the site from each proxy, with retries; True when every proxy confirmed."""
    return all([_ban_with_retries(url) for url in urls])


def _ban_with_retries(url):
    attempts = 1 + max(0, settings.PROXY_PURGE_RETRIES)
    for attempt in range(attempts):
        error = _ban(url)
        if error is None:
            return True
        if attempt + 1 < attempts:
            logger.warning("Ban du proxy %s en échec (%s), nouvel essai dans %s s", url, error, 2**attempt)
            time.sleep(2**attempt)
    logger.error(
        "Ban du proxy %s impossible après %s essais (%s) : ses copies vivront jusqu'à %s s",
        url,
        attempts,
        error,
        cache_seconds(),
    )
    return False


def _ban(url):
    """One BAN request; None on success, else what went wrong."""
    request = urllib.request.Request(url.rstrip("/") + "/", method=BAN_METHOD)
    try:
        with urllib.request.urlopen(request, timeout=settings.PROXY_PURGE_TIMEOUT) as response:  # noqa: S310
            if response.status == 200:
                return None
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return str(exc) or exc.__class__.__name__
