"""What search engines and sharing previews read in each page's head: a description on every public
page, a canonical link, Open Graph and Twitter card tags with an absolute image URL, schema.org data
of the right type; nothing of the kind on reserved pages and error pages."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from governance.models import GovernanceBodyPage, TerritorialPoleIndexPage, TerritorialPolePage
from hub.models import SiteSettings, StandardPage
from members.models import OrganisationPage
from places.models import Place
from publications.models import PublicationIndexPage
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos


class HeadReader(HTMLParser):
    """The <meta>, <link rel=canonical> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.json_ld = {}, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def read_head(response):
    assert response.status_code == 200, response.status_code
    reader = HeadReader()
    reader.feed(response.content.decode())
    reader.structured = [json.loads(text) for text in reader.json_ld]
    return reader


def _jpeg(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 80, 40)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@pytest.fixture
def site(db, django_capture_on_commit_callbacks):
    """The built site, with a publication that has an image."""
    call_command("build_site", "--demo-places", stdout=io.StringIO())
    index = PublicationIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Atelier", file=_jpeg(1600, 1000))
    publication = PublicationPageFactory(
        parent=index, title="Un atelier </script><script>alert(1)</script>", image=image, image_alt="Un atelier"
    )
    return {"publication": publication, "image": image}


@pytest.fixture
def index(home_page):
    return PublicationIndexPageFactory(parent=home_page)


def public_urls(site):
    place = Place.objects.order_by("slug").first()
    return {
        "home": "/",
        "standard": StandardPage.objects.live().first().url,
        "members index": "/membres/",
        "organisation": OrganisationPage.objects.live().first().url,
        "governance index": "/gouvernance/",
        "body": GovernanceBodyPage.objects.live().exact_type(GovernanceBodyPage).first().url,
        "poles": TerritorialPoleIndexPage.objects.live().first().url,
        "pole": TerritorialPolePage.objects.live().first().url,
        "publications index": "/publications/",
        "publication": site["publication"].url,
        "places list": "/lieux/",
        "place": f"/lieux/{place.slug}/",
        "map": "/lieux/carte/",
        "contact form": "/lieux/referencer/",
        "search": "/recherche/?q=numerique",
    }


def test_every_public_page_has_a_description_a_canonical_link_and_a_preview(client, site):
    """One built site for all the checks of the public pages (building it takes a while)."""
    heads = {kind: read_head(client.get(url)) for kind, url in public_urls(site).items()}
    for kind, url in public_urls(site).items():
        head = heads[kind]
        description = head.meta.get("description") or ""
        assert len(description.strip()) > 20, (kind, description)
        assert len(description) <= 160, (kind, description)
        assert head.canonical == [f"http://testserver{url.split('?')[0]}"], (kind, head.canonical)
        assert head.meta["og:url"] == head.canonical[0], kind
        assert head.meta["og:description"] == description, kind
        assert head.meta["og:title"], kind
        assert head.meta["og:locale"] == "fr_FR", kind
        assert head.meta["og:site_name"] == "RhinOcc", kind
        assert head.meta["twitter:card"] in {"summary", "summary_large_image"}, kind
        # Only the home page, publications and places have something to say in schema.org.
        assert bool(head.structured) == (kind in {"home", "publication", "place"}), kind

    # The search page has no text of its own: the site's description.
    assert heads["search"].meta["description"] == SiteSettings.objects.get().description
    assert heads["map"].meta["og:title"] == "Carte des lieux d'aide au numérique"

    [organisation] = heads["home"].structured
    assert organisation["@type"] == "Organization"
    assert organisation["alternateName"] == "RhinOcc"
    assert organisation["url"] == "http://testserver/"
    assert heads["home"].meta["og:type"] == "website"

    publication = site["publication"]
    head = heads["publication"]
    assert head.meta["description"] == publication.summary
    assert head.meta["og:type"] == "article"
    assert head.meta["twitter:card"] == "summary_large_image"
    image_url = head.meta["og:image"]
    assert re.fullmatch(r"http://testserver/media/images/[^ ]+\.fill-1200x630\.format-jpeg\.jpg", image_url), image_url
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    assert head.meta["og:image:alt"] == "Un atelier"
    [article] = head.structured
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == publication.title  # the </script> in it did not end the element
    assert article["image"] == [image_url]
    assert article["url"] == f"http://testserver{publication.url}"
    assert article["datePublished"] == publication.date.isoformat()
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["name"] == "Réseau et Hub pour l'Inclusion Numérique en Occitanie"

    town_hall = Place.objects.filter(typologie="MUNI").first()
    association = Place.objects.filter(typologie="ASSO").first()
    [office] = read_head(client.get(f"/lieux/{town_hall.slug}/")).structured
    [business] = read_head(client.get(f"/lieux/{association.slug}/")).structured
    assert office["@type"] == "GovernmentOffice"
    assert business["@type"] == "LocalBusiness"
    assert office["name"] == town_hall.nom
    assert office["address"]["postalCode"] == town_hall.code_postal
    assert office["address"]["addressCountry"] == "FR"
    assert office["url"] == f"http://testserver/lieux/{town_hall.slug}/"
    if town_hall.has_position:
        assert office["geo"]["latitude"] == town_hall.latitude
    printable = read_head(client.get(f"/lieux/{town_hall.slug}/imprimer/"))
    assert printable.canonical == [office["url"]]
    place = Place.objects.exclude(presentation_resume="").first()
    assert read_head(client.get(f"/lieux/{place.slug}/")).meta["description"] == place.presentation_resume[:160]

    # A page without an image shares the site's default one, once staff set it.
    assert "og:image" not in heads["members index"].meta
    assert heads["members index"].meta["twitter:card"] == "summary"
    settings = SiteSettings.objects.get()
    settings.share_image = site["image"]
    settings.save()
    head = read_head(client.get("/membres/"))
    assert head.meta["og:image"].startswith("http://testserver/media/images/")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert "og:image:alt" not in head.meta


def test_the_editor_s_description_comes_first(client, index):
    publication = PublicationPageFactory(parent=index, summary="Le résumé de la publication, repris partout.")
    assert read_head(client.get(publication.url)).meta["description"] == publication.summary
    publication.search_description = "Ce que l'équipe a écrit pour les moteurs de recherche."
    publication.save_revision().publish()
    assert read_head(client.get(publication.url)).meta["description"] == publication.search_description


def test_a_reserved_page_has_no_preview_and_no_structured_data(client, index, cos_member):
    publication = reserve_for_cos(PublicationPageFactory(parent=index))
    client.force_login(cos_member)
    head = read_head(client.get(publication.url))
    assert head.meta["description"] == publication.summary  # for the member's own browser
    assert head.meta["robots"] == "noindex"
    assert not head.structured
    assert not head.canonical
    assert not [name for name in head.meta if name.startswith(("og:", "twitter:"))]


def test_error_pages_have_no_preview_and_no_structured_data(client, home_page):
    response = client.get("/pas-de-page-ici/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "og:" not in html
    assert "application/ld+json" not in html
    assert 'rel="canonical"' not in html
