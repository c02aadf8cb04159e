"""A whole-page cache for anonymous visitors, invalidated when staff change content.

Every cached page is stored under the current "generation" number; publishing, unpublishing,
moving or deleting a page, or saving a site setting, bumps the generation so every page (lists on
the home page included) is rebuilt on its next visit. The generation lives in the shared cache, so
several app servers behind a load balancer see the same one.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"
CACHED_HEADERS = ("Content-Type", "Content-Language", "Link", "Last-Modified")


def _fresh_generation():
    # If the cache loses the generation (eviction, restart), the new one must not match pages cached
    # under an older one: start from the clock rather than from 1.
    return time.time_ns() // 1000


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY) or _fresh_generation()
    return generation


def invalidate_pages(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation stored: any new one is already past every cached page's
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


page_published.connect(invalidate_pages, dispatch_uid="pagecache_published")
page_unpublished.connect(invalidate_pages, dispatch_uid="pagecache_unpublished")
post_page_move.connect(invalidate_pages, dispatch_uid="pagecache_moved")


@receiver(post_delete, dispatch_uid="pagecache_deleted")
def _on_delete(sender, **kwargs):
    if issubclass(sender, Page | PageViewRestriction):
        invalidate_pages()


@receiver(post_save, dispatch_uid="pagecache_saved")
def _on_saved(sender, created=False, **kwargs):
    # A new privacy rule must hide a page cached as public. Site settings show on every page; their
    # creation with default values (on the first page view) changes nothing already rendered.
    if issubclass(sender, PageViewRestriction) or (issubclass(sender, BaseSiteSetting) and not created):
        invalidate_pages()


def _cache_key(request):
    raw = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{current_generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not request.path.startswith(("/admin/", "/documents/"))
        and settings.PAGE_CACHE_SECONDS > 0
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the cache; store successful, cookie-free, public responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if self._is_cacheable_response(request, response):
            headers = {name: response[name] for name in CACHED_HEADERS if name in response}
            cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def _is_cacheable_response(request, response):
        # A response that sets a cookie (CSRF token on a form, a message) belongs to one visitor;
        # reserved pages never reach here for anonymous visitors: they answer with a redirect.
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-cache" not in cache_control
        )
