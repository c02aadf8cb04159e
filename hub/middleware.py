"""Responses that Django leaves empty get a French page."""

from django.shortcuts import render


class MethodNotAllowedPageMiddleware:
    """Give an empty 405 (a GET-only view answering a POST, a POST-only one a GET) a French page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
