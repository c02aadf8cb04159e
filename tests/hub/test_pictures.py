"""Pictures: each a set of renditions of the size it is shown at, with width, height, srcset, sizes,
AVIF and WebP sources before a JPEG (or PNG for logos) fallback, lazy below the fold; card crops keep
the focal point; logos are never cropped and keep their transparency; lists of pictures cost the same
number of queries whatever their length, and rendering writes nothing to the shared cache."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.pictures import PICTURE_SIZES
from tests.conftest import count_queries
from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory


def _image(title, width, height, mode="RGB", colour=(200, 80, 40), fmt="JPEG", **fields):
    buffer = io.BytesIO()
    picture = PILImage.new(mode, (width, height), colour)
    if fields.pop("blue_right_half", False):
        picture.paste((0, 0, 255), (width // 2, 0, width, height))
    picture.save(buffer, format=fmt)
    name = f"{title}.{fmt.lower()}"
    return get_image_model().objects.create(title=title, file=ContentFile(buffer.getvalue(), name=name), **fields)


def _pictures(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def _attrs(tag):
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


@pytest.fixture
def index(home_page):
    return PublicationIndexPageFactory(parent=home_page)


def test_a_publication_image_is_a_picture_of_its_displayed_size(client, index):
    image = _image("Atelier", 1600, 1000)
    page = PublicationPageFactory(parent=index, image=image, image_alt="Un atelier")
    html = client.get(page.url).content.decode()
    [picture] = _pictures(html)
    sources = re.findall(r"<source[^>]*>", picture)
    assert [_attrs(source)["type"] for source in sources] == ["image/avif", "image/webp"]
    for source in sources:
        assert _attrs(source)["sizes"] == PICTURE_SIZES["wide"].sizes
        assert re.fullmatch(r"\S+ 400w, \S+ 800w, \S+ 1200w", _attrs(source)["srcset"])
    img = _attrs(re.search(r"<img[^>]*>", picture).group())
    assert img["alt"] == "Un atelier"
    assert (img["width"], img["height"]) == ("400", "250")  # the smallest, its ratio kept
    assert img["src"].endswith(".format-jpeg.jpg")
    assert img["srcset"].count("w, ") == 2
    assert img["sizes"] == PICTURE_SIZES["wide"].sizes
    assert "loading" not in img  # the first screen: loaded at once
    assert img["fetchpriority"] == "high"


def test_a_publication_card_crops_around_the_focal_point_and_loads_lazily(client, index):
    # Red on the left, blue on the right, the focal point in the blue half.
    image = _image("Bandeau", 1600, 400, blue_right_half=True, focal_point_x=1400, focal_point_y=200)
    image.focal_point_width = image.focal_point_height = 100
    image.save()
    PublicationPageFactory(parent=index, image=image)
    html = client.get("/publications/").content.decode()
    [picture] = _pictures(html)
    assert 'class="card__media"' in html
    img = _attrs(re.search(r"<img[^>]*>", picture).group())
    assert (img["width"], img["height"]) == ("400", "225")
    assert img["loading"] == "lazy"
    assert img["alt"] == ""  # the card's title says it
    rendition = image.get_rendition("fill-400x225|format-jpeg")
    with rendition.file.open() as file:
        crop = PILImage.open(file).convert("RGB")
        red, green, blue = crop.getpixel((200, 112))
    assert blue > 200 and red < 60, (red, green, blue)


def test_a_logo_is_never_cropped_and_keeps_its_transparency(client, home_page):
    logo = _image("Logo carré", 300, 300, mode="RGBA", colour=(0, 0, 0, 0), fmt="PNG")
    members = MemberIndexPageFactory(parent=home_page)
    organisation = OrganisationPageFactory(parent=members, logo=logo)
    html = client.get("/membres/").content.decode()
    [picture] = _pictures(html)
    assert [_attrs(s)["type"] for s in re.findall(r"<source[^>]*>", picture)] == ["image/webp"]
    img = _attrs(re.search(r"<img[^>]*>", picture).group())
    assert (img["width"], img["height"]) == ("80", "80")  # within 160 × 80, not cropped
    assert img["sizes"] == "80px"  # shown at its own width: the 2× rendition for dense screens
    assert img["src"].endswith(".png")
    fallback = logo.get_rendition("max-160x80|format-png")
    with fallback.file.open() as file:
        assert PILImage.open(file).mode in {"RGBA", "LA", "P"}
    page_html = client.get(organisation.url).content.decode()
    [header_logo] = _pictures(page_html)
    header_img = _attrs(re.search(r"<img[^>]*>", header_logo).group())
    assert (header_img["width"], header_img["height"], header_img["sizes"]) == ("160", "160", "160px")


def test_lists_of_pictures_cost_the_same_queries_whatever_their_length(client, index, home_page):
    image = _image("Atelier", 800, 600)
    for n in range(3):
        PublicationPageFactory(parent=index, image=_image(f"Photo {n}", 800, 600) if n else image)
    members = MemberIndexPageFactory(parent=home_page)
    OrganisationPageFactory(parent=members, logo=_image("Logo", 200, 100))
    few = {url: count_queries(client, url) for url in ("/", "/publications/", "/membres/")}
    for n in range(6):
        PublicationPageFactory(parent=index, image=_image(f"Autre {n}", 800, 600))
        OrganisationPageFactory(parent=members, logo=_image(f"Logo {n}", 200, 100))
    many = {url: count_queries(client, url) for url in few}
    assert many == few
    assert len(_pictures(client.get("/publications/").content.decode())) == 9


def test_rendering_pictures_writes_nothing_to_the_shared_cache(client, index):
    PublicationPageFactory(parent=index, image=_image("Atelier", 800, 600))
    client.get("/publications/")
    caches["default"].clear()
    client.get("/publications/")
    assert not [key for key in caches["default"]._cache if "wagtail-rendition" in key]


def test_an_image_whose_file_is_missing_does_not_break_the_page(client, index):
    image = _image("Disparue", 800, 600)
    page = PublicationPageFactory(parent=index, image=image)
    image.renditions.all().delete()
    image.file.delete(save=False)
    assert client.get(page.url).status_code == 200
    assert client.get("/publications/").status_code == 200
