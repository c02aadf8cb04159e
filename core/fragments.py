"""What every page shares (menu, footer, site settings, home page sections), kept in the cache between
requests and rebuilt when content changes.

An entry is keyed by the page cache's generation (core/cache.py), which every change that can
alter a page renews (publishing, unpublishing, moving or deleting a page, privacy, settings, media,
places): a fragment is never older than the content it shows, exactly like a cached page. Unlike the
page cache, fragments also serve logged-in visitors, so a fragment that lists what a visitor may see
(`per_audience`) is keyed by the privacy rules that let this visitor in (core/privacy.py,
`Privacy.audience`): anonymous visitors share one copy, a COS member gets the COS members' copy, and
no visitor ever gets a fragment built for rules he does not pass. Fragments built with
`privacy(request).public(...)` show the same thing to everyone and are shared by all.

`FRAGMENT_CACHE_SECONDS` (0: off) bounds the lifetime of an entry; the generation ends it sooner.
"""

import contextvars
import functools
import hashlib
import pickle
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.safestring import mark_safe
from wagtail.models import Site

from .cache import UNCACHED_PREFIXES, invalidate_pages, request_generation

_MISSING = object()


def enabled(request):
    """Whether what is kept with the content generation serves this request."""
    return request is not None and settings.FRAGMENT_CACHE_SECONDS > 0 and not getattr(request, "is_preview", False)


# An entry never changes once written (its key holds the generation): each process also keeps the
# latest ones it read, pickled (every request gets its own copy of the objects), which spares a file
# read or a Redis round trip per fragment. Bounded: the oldest go first.
_LOCAL = {}
LOCAL_ENTRIES = 5000  # of a few kilobytes each: pictures, menus, privacy rules
_LOCAL_STORES = [_LOCAL]


def local_store():
    """A dict of this process for values kept with the generation (emptied by `forget_local`)."""
    store = {}
    _LOCAL_STORES.append(store)
    return store


def _remember(key, value):
    if len(_LOCAL) >= LOCAL_ENTRIES:
        del _LOCAL[next(iter(_LOCAL))]
    _LOCAL[key] = value if isinstance(value, str) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def forget_local():
    """Empty this process's copies (tests, whose databases all start at the same generation)."""
    for store in _LOCAL_STORES:
        store.clear()


@functools.cache
def code_version():
    """A digest of the project's own code and templates: part of every key, so that entries written by
    the code before a deployment (pickled objects of another shape, older markup) are never read by
    the new code, which the content generation alone would allow until the next change. The pinned
    libraries (constraints.txt) count too: their objects are pickled with ours."""
    from django.apps import apps

    root = Path(settings.BASE_DIR).resolve()
    folders = [root / "templates"]
    for app in apps.get_app_configs():
        path = Path(app.path).resolve()
        if path.is_relative_to(root) and "site-packages" not in path.parts:
            folders.append(path)
    files = [root / "constraints.txt", root / "requirements.txt"]
    files += [path for folder in folders for path in folder.rglob("*") if path.suffix in (".py", ".html")]
    digest = hashlib.sha256()
    for path in sorted(file for file in files if file.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def kept(request, raw_key, build):
    """`build()`, kept under `raw_key` with the content generation (when fragments are on)."""
    if not enabled(request):
        return build()
    digest = hashlib.sha256(raw_key.encode()).hexdigest()
    key = f"fragment:{code_version()}:{request_generation(request)}:{digest}"
    local = _LOCAL.get(key)
    if local is not None:
        return local if isinstance(local, str) else pickle.loads(local)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    _remember(key, value)
    return value


def shared(request, name, build, *parts, per_audience=False):
    """`build()`, kept under `name` (and `parts`) for the request's site and content generation;
    `per_audience`: also for the privacy rules this visitor passes. Without a request (commands,
    feeds built outside one), in a preview or with FRAGMENT_CACHE_SECONDS at 0, `build()` itself."""
    if not enabled(request):
        return build()
    from .privacy import privacy  # privacy keeps its own rules here: imported when both are loaded

    site = Site.find_for_request(request)  # read once per request (SharedSiteMiddleware)
    audience = privacy(request).audience() if per_audience else "*"
    return kept(request, "|".join([name, str(site.pk if site else 0), audience, *map(str, parts)]), build)


def shared_inclusion_tag(register, template_name, *, per_audience=False):
    """Like `register.inclusion_tag(template_name, takes_context=True)`, but the rendered HTML is
    kept with `shared()`, keyed by the tag's arguments: for the parts of a page that depend only on
    published content (and, `per_audience`, on who may see it), never on the request's path or user."""

    def decorator(function):
        @functools.wraps(function)
        def tag(context, *args, **kwargs):
            request = context.get("request")

            def render():
                values = function(context, *args, **kwargs)
                template = context.template.engine.get_template(template_name)
                # No CSRF token: a shared fragment holds no form.
                return template.render(context.new(values))

            name = f"{function.__module__}.{function.__name__}"
            return mark_safe(shared(request, name, render, *args, *sorted(kwargs.items()), per_audience=per_audience))

        register.simple_tag(tag, takes_context=True, name=function.__name__)
        return function

    return decorator


def _site_with_specific_root(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific  # what Wagtail's routing asks for first
    return site


# The request being served, for Wagtail's code that builds a page's URL without it (`page.url`).
_CURRENT_REQUEST = contextvars.ContextVar("rhinocc_request", default=None)
_wagtail_site_root_paths = Site.get_site_root_paths


def site_root_paths():
    """Wagtail's `Site.get_site_root_paths` (the sites' root paths, which every page URL is built
    from), kept with the content generation while a request is served: Wagtail reads them from the
    cache for each page object that builds its URL without the request (`page.url` in a template), a
    file read or a Redis round trip for each card of a list. Installed in place of Wagtail's
    (core/apps.py); a site's change renews the generation (below)."""
    request = _CURRENT_REQUEST.get()
    if request is None:
        return _wagtail_site_root_paths()
    paths = getattr(request, "_wagtail_cached_site_root_paths", None)  # Wagtail's own per-request copy
    if paths is None:
        paths = request._wagtail_cached_site_root_paths = kept(request, "site_root_paths", _wagtail_site_root_paths)
    return paths


class SharedSiteMiddleware:
    """The request's Wagtail site and its root page (as its own page type), kept with the content
    generation: Wagtail reads them at each request (two queries) before routing any page. Only for
    the host names ALLOWED_HOSTS accepts (each one an entry). While it serves the request, the sites'
    root paths come from the same store (`site_root_paths`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if enabled(request) and not request.path.startswith(UNCACHED_PREFIXES):
            try:
                host = request.get_host()
            except DisallowedHost:
                host = None  # Wagtail's own lookup, and Django's answer to a bad host
            if host:
                key = f"site|{host}|{request.get_port()}"
                request._wagtail_site = kept(request, key, lambda: _site_with_specific_root(request))
            token = _CURRENT_REQUEST.set(request)
            try:
                return self.get_response(request)
            finally:
                _CURRENT_REQUEST.reset(token)
        return self.get_response(request)


@receiver(post_save, sender=Site, dispatch_uid="fragments_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="fragments_site_deleted")
def _on_site_change(**kwargs):
    # Sites are kept with the generation (above); page URLs depend on them too.
    invalidate_pages()
