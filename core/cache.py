"""A whole-page cache for anonymous visitors, invalidated when staff change content.

Every cached page is stored under the current "generation"; publishing, unpublishing, moving or
deleting a page, changing a privacy rule, saving a site setting, or changing an image or a document
(file, focal point, alt text, collection; a deleted rendition) gives a new generation, so every page
(lists on the home page included) is rebuilt on its next visit.

The generation lives in the database (`hub.PageCacheGeneration`, one row), rewritten by the
transaction that makes pages stale: it commits or rolls back with the change, and it cannot be lost
when the cache server is unreachable. It used to live in Redis beside the pages, and a privacy change
made while Redis was frozen never reached it: when Redis came back with its data, the reserved page
was served from the cache again. The alternatives cost more or were not safe: checking each cached
page against the privacy rules only covers privacy (not unpublishing, images...) and costs queries;
"no caching after an outage" needs every app server to learn about an outage that only one of them
saw, which means a shared record, i.e. the database again. Reading the generation is one primary-key
query per anonymous request, the same round trip as the Redis read it replaces; it also leaves
nothing to go wrong when Redis evicts or loses keys. A new generation is a random number, not a
counter, so that a database restored from a backup never meets pages cached under its numbers later.

Only the query parameters a page reads make it into the key, in a canonical order: a Wagtail page
declares them (`cache_query_params` class attribute, none by default), a route of a routable page
with `route_reads_query_params`, a view with `reads_query_params`. A request carrying any other
parameter is served normally but never stored (its links repeat its parameters, so it cannot share
an entry): random parameters cannot fill the cache. Entries live `PAGE_CACHE_SECONDS`; the README
says how to bound Redis's memory.

A page that shows something time-dependent (a place "open now") lowers its own lifetime with
`limit_page_cache(response, seconds)`, so that it is never served past the next change: the entry
lives the smaller of the two, and a lifetime of zero or less is never stored.

The same decision tells a caching proxy in front (deploy/varnish/) what it may keep: a response this
cache stores says `Cache-Control: public, max-age=0, s-maxage=N` (browsers revalidate, the proxy
keeps it N seconds: PROXY_CACHE_SECONDS, and never past the page's own limit; a copy served from this
cache says what is left of its lifetime), and every other response of a logged-in visitor or that
sets a cookie (a form's CSRF token), a reserved page's answer, `private, no-store`. Publishing and
the other changes above also ban the whole site from the proxy (core/proxy.py). Responses vary on
`Cookie` (the session: logged in or not), never on `Accept-Language`: the site speaks only French.
"""

import functools
import hashlib
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from wagtail import hooks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import proxy
from .models import PageCacheGeneration

CACHED_HEADERS = ("Content-Type", "Content-Language", "Link", "Last-Modified")
# A view's own additions to the Content-Security-Policy (django-csp's decorators set them on the
# response; the policy header is written by an outer middleware): a cached copy keeps them, or the
# places map served from the cache would lose its tile server.
CACHED_CSP_ATTRIBUTES = ("_csp_update", "_csp_replace", "_csp_config", "_csp_exempt")
# Never stored: the admin, private documents, and the load balancers' health check.
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/sante/")
GENERATION_ROW = 1


def current_generation():
    # Read at every request that renders or looks up a page: plain SQL, which costs a tenth of the
    # ORM's building of the same query.
    with connection.cursor() as cursor:
        cursor.execute(_GENERATION_SQL, [GENERATION_ROW])
        row = cursor.fetchone()
    return (row[0] if row else 0) or 0


_GENERATION_SQL = f"SELECT value FROM {PageCacheGeneration._meta.db_table} WHERE id = %s"


def request_generation(request):
    """The generation, read once per request: the page cache's key and the shared fragments'
    (core/fragments.py) come from the same read."""
    generation = getattr(request, "page_cache_generation", None)
    if generation is None:
        generation = request.page_cache_generation = current_generation()
    return generation


def invalidate_pages(**kwargs):
    """Give the page cache a new generation, inside the caller's transaction if there is one."""
    token = secrets.randbits(62) + 1  # never 0, which stands for "no row yet"
    now = timezone.now()
    rows = PageCacheGeneration.objects.filter(pk=GENERATION_ROW)
    if not rows.update(value=token, changed_at=now):
        # First change on a fresh database; ignore_conflicts: another process may create it too.
        PageCacheGeneration.objects.bulk_create(
            [PageCacheGeneration(pk=GENERATION_ROW, value=token, changed_at=now)], ignore_conflicts=True
        )
        rows.update(value=token, changed_at=now)
    # The proxy keeps its own copies: once the change is committed, ban them all (in the background).
    proxy.ban_site_on_commit()


def last_change():
    """When content last changed (publication, privacy, settings, media, places...), or None."""
    return PageCacheGeneration.objects.filter(pk=GENERATION_ROW).values_list("changed_at", flat=True).first()


page_published.connect(invalidate_pages, dispatch_uid="pagecache_published")
page_unpublished.connect(invalidate_pages, dispatch_uid="pagecache_unpublished")
post_page_move.connect(invalidate_pages, dispatch_uid="pagecache_moved")

# Pages show images through renditions and link documents by title and file name.
MEDIA_MODELS = (AbstractImage, AbstractDocument)


@receiver(post_delete, dispatch_uid="pagecache_deleted")
def _on_delete(sender, **kwargs):
    # A deleted rendition's file is gone: a page cached with its URL would show a broken image.
    if issubclass(sender, (Page, PageViewRestriction, AbstractRendition, *MEDIA_MODELS)):
        invalidate_pages()


# Wagtail fills these in while pages render (for images and documents recorded without them):
# nothing a page shows changes.
BACKFILLED_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, dispatch_uid="pagecache_saved")
def _on_saved(sender, created=False, update_fields=None, **kwargs):
    # A new privacy rule must hide a page cached as public. Site settings show on every page; their
    # creation with default values (on the first page view) changes nothing already rendered, nor
    # does a new image or document, which no page shows before a publication. New renditions are
    # made while pages render: they change nothing either.
    if issubclass(sender, PageViewRestriction):
        invalidate_pages()
    elif created:
        return
    elif issubclass(sender, BaseSiteSetting):
        invalidate_pages()
    elif issubclass(sender, MEDIA_MODELS) and not (update_fields and update_fields <= BACKFILLED_FIELDS):
        invalidate_pages()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="pagecache_restriction_groups")
def _on_restriction_groups_changed(action, **kwargs):
    # The groups a restriction lets in are saved after the restriction itself (the admin's form):
    # what was kept between the two must not outlive the change.
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate_pages()


@hooks.register("before_serve_page")
def _remember_page_query_params(page, request, serve_args, serve_kwargs):
    # A RoutablePageMixin route arrives as serve_args (view, args, kwargs); a route marked with
    # route_reads_query_params() declares its own parameters, any other reads its page's.
    view = serve_args[0] if serve_args else None
    params = getattr(view, "cache_query_params", None)
    request.page_cache_query_params = getattr(page, "cache_query_params", ()) if params is None else params


def route_reads_query_params(*names):
    """Decorate a RoutablePageMixin route whose response depends on these query parameters (and no
    others; none: a fixed response), in place of its page's `cache_query_params`."""

    def decorator(view):
        view.cache_query_params = names
        return view

    return decorator


def reads_query_params(*names):
    """Decorate a view whose response depends on these query parameters (and no others)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.page_cache_query_params = names
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def limit_page_cache(response, seconds):
    """Keep this response in the page cache `seconds` at most (None: no limit of its own)."""
    if seconds is None:
        return response
    current = getattr(response, "page_cache_max_age", None)
    response.page_cache_max_age = seconds if current is None else min(current, seconds)
    return response


def _page_lifetime(response, seconds=None):
    """Seconds to keep the response: PAGE_CACHE_SECONDS (or `seconds`), less if the response asks
    (0: never)."""
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    limit = getattr(response, "page_cache_max_age", None)
    if limit is None:
        return seconds
    # A timeout of None would mean "forever" to the cache backend: only whole positive seconds.
    return max(0, min(seconds, int(limit)))


def _mark_shared(response, seconds):
    """Let a shared cache (the proxy) keep this anonymous response `seconds`, browsers none."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, public=True, max_age=0, s_maxage=max(0, int(seconds)))


def _mark_private(response):
    """Nobody but this visitor's browser may keep it, and not even that one on disk."""
    cache_control = response.get("Cache-Control", "")
    if "public" in cache_control and not response.cookies:
        return  # a view's own choice for a response that is the same for everyone (robots.txt)
    patch_cache_control(response, private=True, no_store=True)


def VaryOnWhatMattersMiddleware(get_response):  # noqa: N802 (a middleware factory)
    """Drop the `Vary: Accept-Language` that LocaleMiddleware adds (placed before it, this runs after
    it): with a single language, it would only split the proxy's copies by browser language."""

    def middleware(request):
        response = get_response(request)
        if len(settings.LANGUAGES) == 1 and "Vary" in response:
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

    return middleware


def _canonical_query(request):
    # Names sorted; the values of one name keep their order (the page reads the last one).
    return urlencode(sorted(request.GET.lists()), doseq=True)


def _cache_key(request, generation):
    raw = f"{request.get_host()}{request.path}?{_canonical_query(request)}"
    return f"pagecache:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_shareable_request(request):
    """An anonymous GET of a public address: its answer may be the same for every visitor."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not request.user.is_authenticated
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the cache; store successful, cookie-free, public responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_shareable_request(request):
            response = self.get_response(request)
            # The admin, documents and the health check say themselves what may be kept (and the
            # health check reads no session).
            if not request.path.startswith(UNCACHED_PREFIXES) and request.user.is_authenticated:
                _mark_private(response)
            return response
        use_cache = settings.PAGE_CACHE_SECONDS > 0
        key = _cache_key(request, request_generation(request)) if use_cache else None
        cached = cache.get(key) if use_cache else None
        if cached is not None:
            status, headers, content, *extra = cached
            csp = extra[0] if extra else {}
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            for name, value in csp.items():
                setattr(response, name, value)
            response["X-Cache"] = "HIT"
            # A page with a limit of its own (open now...): the proxy must not keep it past that.
            limit_ends = extra[1] if len(extra) > 1 else None
            shared = proxy.cache_seconds()
            if limit_ends is not None:
                shared = min(shared, limit_ends - time.time())
            _mark_shared(response, shared)
            return response
        response = self.get_response(request)
        if not self._is_cacheable_response(request, response):
            _mark_private(response)
            return response
        lifetime = _page_lifetime(response)
        if use_cache and lifetime > 0:
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            csp = {name: getattr(response, name) for name in CACHED_CSP_ATTRIBUTES if hasattr(response, name)}
            limit = getattr(response, "page_cache_max_age", None)
            limit_ends = None if limit is None else time.time() + limit
            cache.set(key, (response.status_code, headers, response.content, csp, limit_ends), lifetime)
            response["X-Cache"] = "MISS"
        shared = _page_lifetime(response, proxy.cache_seconds())
        if shared > 0:
            _mark_shared(response, shared)
        else:
            _mark_private(response)
        return response

    @staticmethod
    def _is_cacheable_response(request, response):
        # A response that sets a cookie (CSRF token on a form, a message) belongs to one visitor;
        # reserved pages never reach here for anonymous visitors: they answer with a redirect.
        cache_control = response.get("Cache-Control", "")
        read_params = set(getattr(request, "page_cache_query_params", ()))
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A form's CSRF token (its cookie is set further out, by CsrfViewMiddleware).
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in cache_control
            and "no-cache" not in cache_control
            and "no-store" not in cache_control
            and set(request.GET) <= read_params
        )
