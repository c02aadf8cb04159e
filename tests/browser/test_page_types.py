"""Every public page in a real browser (issue 12): axe at 320, 375 and 1280 px on each page type and
its variants (filters, bad filters, not found), the weight budget of each page type on a 375 px phone
with its pictures, and screenshots of the main pages for staff.

Building the site costs seconds per test, so each test builds it once and walks all the pages in one
browser tab. The other browser modules test behaviour (keyboard, filters, forms, no JavaScript).
"""

import gzip
import io
from functools import cache
from urllib.parse import urlsplit

import pytest
from PIL import Image

from tests.browser.axe import format_violations, run_axe

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1280)
SCREENSHOT_PAGES = ("home", "publication", "place")
SCREENSHOT_WIDTHS = (375, 1280)
PUBLICATION_PATH = "/publications/subvention-10000-euros-ateliers-mediation-numerique/"
ORGANISATION_PATH = "/membres/coll-in/"
# Compressed HTML + CSS + JS + fonts (the map loads Leaflet), and everything with the pictures.
BUDGET = 30 * 1024
BUDGETS = {"place-map": 70 * 1024}
TOTAL_BUDGET = 300 * 1024
TEXT_TYPES = {"document", "stylesheet", "script", "font"}


@cache
def photo(width=1600, height=1067):
    """A JPEG that weighs what a camera's does (about 600 KB): gradients under a grain that resists
    compression, so that a page serving the original instead of a rendition breaks the budget."""
    size = (width, height)
    grain = Image.effect_noise((width // 2, height // 2), 50).resize(size).convert("RGB")
    colours = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.effect_noise((width // 4, height // 4), 80).resize(size, Image.BICUBIC),
        ),
    )
    buffer = io.BytesIO()
    Image.blend(colours, grain, 0.3).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def page_types(site_url):
    """{page type: path} of every public page type, with a photo on the publication and as the
    organisation's logo, and a few places (the first one's page is the place page)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from members.models import OrganisationPage
    from publications.models import PublicationPage
    from tests.places.conftest import make_places

    picture = get_image_model().objects.create(
        title="Atelier de médiation numérique", file=ImageFile(io.BytesIO(photo()), name="atelier.jpg")
    )
    publication = PublicationPage.objects.get(url_path__endswith=PUBLICATION_PATH)
    publication.image, publication.image_alt = picture, "Un atelier de médiation numérique"
    publication.save_revision().publish()
    organisation = OrganisationPage.objects.get(url_path__endswith=ORGANISATION_PATH)
    organisation.logo = picture
    organisation.save_revision().publish()
    place = make_places(3)[0]
    return {
        "home": "/",
        "standard-page": "/mentions-legales/",
        "members-index": "/membres/",
        "organisation": ORGANISATION_PATH,
        "governance-index": "/gouvernance/",
        "body": "/gouvernance/copil/",
        "poles-index": "/gouvernance/poles/",
        "pole": "/gouvernance/poles/aude/",
        "publications-index": "/publications/",
        "publication": PUBLICATION_PATH,
        "places-list": "/lieux/",
        "place": f"/lieux/{place.slug}/",
        "place-map": "/lieux/carte/",
        "contact": "/contact/",
        "search-results": "/recherche/?q=numérique",
        "search-no-results": "/recherche/?q=zzzqqqxxx",
        "login": "/connexion/",
    }


def variants(page_types):
    """Other states of the page types, with the status they answer: (name, path, status)."""
    place = page_types["place"]
    return [
        ("members-filtered", "/membres/?role=structure-de-terrain&departement=11", 200),
        ("members-bad-filter", "/membres/?role=inconnu", 400),
        ("field-structure", "/membres/mjc-de-lezignan-corbieres/", 200),
        ("cotech", "/gouvernance/cotech/", 200),
        ("pole-without-coordination", "/gouvernance/poles/lozere/", 200),
        ("publications-filtered", "/publications/?categorie=financement&annee=2021", 200),
        ("publications-none", "/publications/?categorie=compte-rendu", 200),
        ("publications-unknown-tag", "/publications/?etiquette=inconnue", 404),
        ("places-filtered", "/lieux/?q=beziers&frais=gratuit-sous-condition&autour=43.60,1.44", 200),
        ("places-bad-filter", "/lieux/?service=inconnu", 400),
        ("place-print", place + "imprimer/", 200),
        ("search-empty", "/recherche/", 200),
        ("password-reset", "/mot-de-passe-oublie/", 200),
        ("logout", "/deconnexion/", 200),
        ("not-found", "/cette-page-n-existe-pas/", 404),
    ]


def test_every_public_page_is_accessible(new_page, site_url, page_types, screenshot):
    """No WCAG 2.1 AA violation found by axe-core at 320, 375 and 1280 px; screenshots at 375 and 1280."""
    pages = [(name, path, 200) for name, path in page_types.items()] + variants(page_types)
    page = new_page(WIDTHS[0], 800)
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, path, status in pages:
            response = page.goto(site_url + path, wait_until="load")
            assert response.status == status, f"{name} ({path}) answered {response.status}, not {status}"
            violations = run_axe(page)
            if violations:
                failures.append(f"{name} ({path}) at {width}px:\n{format_violations(violations)}")
            if name in SCREENSHOT_PAGES and width in SCREENSHOT_WIDTHS:
                assert screenshot(page, f"{name}-{width}").stat().st_size > 0
    assert not failures, "axe-core found accessibility violations:\n" + "\n\n".join(failures)


def _weight(response):
    """Bytes on the wire: text compressed (gzip -9, as WhiteNoise's files), pictures as they are."""
    body = response.body()
    if response.request.resource_type in TEXT_TYPES or "svg" in (response.headers.get("content-type") or ""):
        return len(gzip.compress(body, compresslevel=9))
    return len(body)


def test_every_page_type_keeps_its_weight_budget_on_a_phone(new_page, site_url, page_types):
    """At 375 px (2x screen), with every lazy picture loaded: text ≤ 30 KB (map 70 KB), all ≤ 300 KB."""
    page = new_page(375, 800, device_scale_factor=2)
    responses = []
    page.on("response", lambda response: responses.append(response))
    failures, with_pictures = [], set()
    for name, path in page_types.items():
        responses.clear()
        page.goto(site_url + path, wait_until="load")
        # What a visitor who scrolls the whole page downloads: every picture, at the size chosen for
        # this screen (srcset/sizes).
        page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach((i) => { i.loading = 'eager'; })")
        page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")
        sizes = {}
        for response in list(responses):
            kind = response.request.resource_type
            if response.ok and (kind in TEXT_TYPES or kind == "image"):
                sizes[(kind, urlsplit(response.url).path)] = _weight(response)
        text = sum(size for (kind, _), size in sizes.items() if kind in TEXT_TYPES)
        total = sum(sizes.values())
        if any(kind == "image" for kind, _ in sizes):
            with_pictures.add(name)
        budget = BUDGETS.get(name, BUDGET)
        if text > budget or total > TOTAL_BUDGET:
            detail = ", ".join(f"{url}: {size} B" for (_, url), size in sorted(sizes.items(), key=lambda i: -i[1]))
            failures.append(f"{name} ({path}): text {text} B (≤ {budget}), all {total} B (≤ {TOTAL_BUDGET}): {detail}")
    assert {"publication", "organisation"} <= with_pictures, f"pictures seen on {sorted(with_pictures)} only"
    assert not failures, "over budget on a 375 px phone:\n" + "\n".join(failures)
