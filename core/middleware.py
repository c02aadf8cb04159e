"""Responses that Django or WhiteNoise leave empty get a French page; every response gets the
site's security headers."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware


def method_not_allowed_page(request, response):
    """The French 405 page in place of an empty one, keeping its Allow header."""
    page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
    if response.has_header("Allow"):
        page["Allow"] = response["Allow"]
    return page


class MethodNotAllowedPageMiddleware:
    """Give an empty 405 (a GET-only view answering a POST, a POST-only one a GET) a French page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            return method_not_allowed_page(request, response)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, whose empty 405 (a POST on a static file) becomes the French page.

    WhiteNoise answers before the session and authentication middleware run, so the page is the
    anonymous visitor's one: a static file's address has nothing personal to show anyway.
    """

    @staticmethod
    def serve(static_file, request):
        response = WhiteNoiseMiddleware.serve(static_file, request)
        if response.status_code == 405 and request.method != "HEAD":
            return method_not_allowed_page(request, response)
        return response


def _is_preview(request):
    # Wagtail renders a preview by running a dummy request, with the page's own path, through the
    # whole middleware chain; it flags it is_preview before the view runs (is_dummy from the start).
    return getattr(request, "is_preview", False) or getattr(request, "is_dummy", False)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy, framable page previews,
    Permissions-Policy and Cross-Origin-Resource-Policy.

    The admin prefix is a whole include() of Wagtail's URLs: one policy for the path is simpler and
    safer than a decorator on each of Wagtail's views.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(_admin_prefix()) and not _is_preview(request):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            # The views Wagtail shows in its own frames (page previews, block previews) say so with
            # X-Frame-Options; frame-ancestors, which browsers obey first, must say the same.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts

    def process_response(self, request, response):
        if _is_preview(request):
            # Wagtail sets SAMEORIGIN on the admin's response; the preview's own must agree.
            response["X-Frame-Options"] = "SAMEORIGIN"
        response = super().process_response(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        corp = getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", "")
        if corp and "Cross-Origin-Resource-Policy" not in response:
            response["Cross-Origin-Resource-Policy"] = corp
        return response


def _admin_prefix():
    return reverse("wagtailadmin_home")
