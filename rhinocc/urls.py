from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from hub import views as hub_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route, which keeps its name for document URLs.
    re_path(r"^documents/(\d+)/(.*)$", hub_views.serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", hub_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("publications.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "hub.views.bad_request"
handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
