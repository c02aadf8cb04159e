"""The site's identity (issue 12): the logo in the header, replaceable by staff with a raster image only,
and the home page's hero."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from hub.models import SiteSettings
from tests.conftest import build_site as build

pytestmark = pytest.mark.django_db


def _settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def test_header_shows_the_repository_logo_by_default(client, home_page):
    html = client.get("/").content.decode()
    assert '<img class="brand__logo" src="/static/img/logo.svg" alt="" width="48" height="48">' in html


def test_staff_logo_replaces_the_mark_as_a_webp_rendition(client, home_page):
    from wagtail.images.models import Image

    site_settings = _settings()
    site_settings.logo = Image.objects.create(title="Logo", file=get_test_image_file(size=(400, 200)))
    site_settings.full_clean()
    site_settings.save()
    html = client.get("/").content.decode()
    assert "img/logo.svg" not in html
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert 'class="brand__logo"' in header and ".webp" in header
    # 48 px tall: max-96x48, and max-192x96 for screens of twice the density; PNG for old browsers.
    assert 'width="96"' in header and 'height="48"' in header and "192w" in header
    assert 'type="image/webp"' in header and ".png" in header


def test_an_svg_logo_is_refused_and_never_rendered(client, home_page):
    from wagtail.images.models import Image

    svg = Image.objects.create(
        title="Logo SVG",
        file=ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        width=48,
        height=48,
    )
    site_settings = _settings()
    site_settings.logo = svg
    with pytest.raises(ValidationError) as error:
        site_settings.full_clean()
    assert "logo" in error.value.message_dict
    # Saved anyway (outside the admin form): the header keeps the repository's mark.
    site_settings.save()
    html = client.get("/").content.decode()
    assert "img/logo.svg" in html and "alert(1)" not in html and "logo_SVG" not in html


def test_home_hero_has_the_promise_and_three_primary_actions(client):
    build()
    html = client.get("/").content.decode()
    hero = html[html.index('<div class="hero">') : html.index('<section class="section container"')]
    assert "<h1" in hero and 'class="hero__promise' in hero
    assert '<a class="button" href="/lieux/">Trouver un lieu près de chez moi</a>' in hero
    assert '<a class="button button--secondary" href="/publications/">Les publications</a>' in hero
    assert '<a class="button button--secondary" href="/contact/">Nous écrire</a>' in hero
