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

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from wagtail.models import Site

from .cache import request_generation
from .privacy import privacy

_MISSING = object()


def _key(request, name, parts, per_audience):
    site = Site.find_for_request(request)  # read once per request by Wagtail's routing
    audience = privacy(request).audience() if per_audience else "*"
    raw = "|".join([name, str(site.pk if site else 0), audience, *map(str, parts)])
    return f"fragment:{request_generation(request)}:{hashlib.sha256(raw.encode()).hexdigest()}"


def shared(request, name, build, *parts, per_audience=False):
    """`build()`, kept under `name` (and `parts`) for the request's site and content generation;
    `per_audience`: also for the privacy rules this visitor passes. Without a request (commands,
    feeds built outside one), in a preview or with FRAGMENT_CACHE_SECONDS at 0, `build()` itself."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if request is None or seconds <= 0 or getattr(request, "is_preview", False):
        return build()
    key = _key(request, name, parts, per_audience)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, seconds)
    return value


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
