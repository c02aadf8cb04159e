"""The site's URLs plus the media files, for the live server of the browser tests (DEBUG is off there)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from rhinocc.urls import handler400, handler403, handler404  # noqa: F401
from rhinocc.urls import urlpatterns as site_urlpatterns


def serve_media(request, path):
    # MEDIA_ROOT changes with every test (tests/conftest.py): read it at request time.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media), *site_urlpatterns]
