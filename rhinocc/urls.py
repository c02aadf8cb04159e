from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.sitemap import PublicSitemap
from hub import views as hub_views

urlpatterns = [
    # The site uses no shared-password privacy (see WAGTAIL_PRIVATE_PAGE_OPTIONS): Wagtail's password
    # forms answered 200 for any restriction id with any page id and rendered that page, reserved or
    # draft, into the template: they answer 404 here, before Wagtail's own routes, whatever the ids.
    re_path(r"^_util/authenticate_with_password/", core_views.not_found),
    re_path(r"^documents/authenticate_with_password/", core_views.not_found),
    # Wagtail's own front-end login would be a second login form to guard: the site has one.
    path("_util/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    # Likewise one password-reset form, the one whose e-mails are rate-limited.
    path("admin/password_reset/", RedirectView.as_view(pattern_name="password_reset")),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own route, which keeps its name for document URLs.
    re_path(r"^documents/(\d+)/(.*)$", core_views.serve_document),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", hub_views.search, name="search"),
    path("sante/", core_views.health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("robots.txt", hub_views.robots_txt, name="robots_txt"),
    path("", include("accounts.urls")),
    path("", include("places.urls")),
    # The correction form's former addresses, redirected to its page.
    path("", include("inbox.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
