"""A page full of pictures stays within 300 KB on a 375 px phone: the browser picks the rendition of the
size it shows (AVIF here), and loads the pictures below the fold only when they come near."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.pictures import PICTURE_SIZES
from publications.models import PublicationIndexPage
from tests.publications.factories import PublicationPageFactory

pytestmark = pytest.mark.browser

BUDGET = 300 * 1024
COUNT = 8  # one page of the list, which shows 10


def _photo(n):
    """A detailed 1800 × 1200 picture (a Mandelbrot set: it compresses like a photo, not like a flat
    colour)."""
    buffer = io.BytesIO()
    extent = (-2.0 + n * 0.05, -1.0, 1.0 + n * 0.05, 1.0)
    picture = PILImage.effect_mandelbrot((1800, 1200), extent, 60 + n).convert("RGB")
    picture.save(buffer, format="JPEG", quality=90)
    image = get_image_model().objects.create(title=f"Photo {n}", file=ContentFile(buffer.getvalue(), name=f"p{n}.jpg"))
    image.get_renditions(*PICTURE_SIZES["card"].filter_specs)  # made ahead, as after an upload
    return image


def _bytes_loaded(page, url, scroll):
    sizes = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
    page.goto(url)
    if scroll:
        for picture in page.locator(".card__media img").all():
            picture.scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('.card__media img')].every(i => i.complete)")
    page.wait_for_load_state("networkidle")
    return sizes


def test_the_publications_list_with_pictures_stays_within_300_kb_on_a_phone(new_page, site_url):
    index = PublicationIndexPage.objects.get()
    for n in range(COUNT):
        PublicationPageFactory(parent=index, image=_photo(n), title=f"Publication illustrée {n}")
    page = new_page(width=375, height=800, device_scale_factor=2)

    first_screen = _bytes_loaded(page, site_url + "/publications/", scroll=False)
    images = [url for url in first_screen if "/media/images/" in url]
    assert len(images) < COUNT, images  # the others wait below the fold

    phone = new_page(width=375, height=800, device_scale_factor=2)
    whole_page = _bytes_loaded(phone, site_url + "/publications/", scroll=True)
    images = [url for url in whole_page if "/media/images/" in url]
    shown = phone.locator(".card__media img")
    assert len(images) == shown.count() >= COUNT - 1, images  # the list's first page (seed ones too)
    assert all(".fill-800x450.format-avif." in url for url in images), images  # 375 px × 2: the 800 px one
    total = sum(whole_page.values())
    print(f"/publications/ at 375 px (×2), scrolled to the end: {total / 1024:.0f} KB in {len(whole_page)} files")
    assert total <= BUDGET, {url: size for url, size in whole_page.items()}

    assert shown.first.evaluate("img => img.currentSrc").endswith(".avif")
    assert ".fill-800x450." in shown.first.evaluate("img => img.currentSrc")
