"""The anonymous page cache: hits for visitors, bypass for logged-in users, invalidation on publish."""

import io
import random
import re
import string
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests.hub.factories import StandardPageFactory
from tests.publications.factories import PublicationIndexPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_page_cache")]


@pytest.fixture
def _page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    cache.clear()


@pytest.fixture
def page(home_page):
    return StandardPageFactory(parent=home_page, title="Avant", slug="page-cachee")


@pytest.fixture
def publication_index(home_page):
    return PublicationIndexPageFactory(parent=home_page, slug="publications")


def test_second_anonymous_visit_is_served_from_the_cache(client, page, django_assert_num_queries):
    first = client.get("/page-cachee/")
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(1):  # the generation (core.cache), nothing else
        second = client.get("/page-cachee/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_invalidates_every_cached_page(client, page):
    client.get("/page-cachee/")
    client.get("/")
    page.title = "Après"
    page.save_revision().publish()
    response = client.get("/page-cachee/")
    assert response["X-Cache"] == "MISS"
    assert "Après" in response.content.decode()
    assert client.get("/")["X-Cache"] == "MISS"


def test_unpublishing_and_deleting_invalidate(client, page):
    client.get("/page-cachee/")
    page.unpublish()
    assert client.get("/page-cachee/").status_code == 404
    other = StandardPageFactory(parent=page.get_parent(), slug="autre")
    client.get("/autre/")
    other.delete()
    assert client.get("/autre/").status_code == 404


def test_a_new_privacy_rule_hides_a_cached_page(client, page):
    assert client.get("/page-cachee/").status_code == 200
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Groupe privé"))
    assert client.get("/page-cachee/").status_code == 302


def test_logged_in_users_bypass_the_cache(client, page, django_user_model):
    client.get("/page-cachee/")
    client.force_login(django_user_model.objects.create_user("membre", password="x"))
    response = client.get("/page-cachee/")
    assert "X-Cache" not in response


def test_errors_and_admin_are_not_cached(client, page):
    client.get("/inconnue/")
    assert "X-Cache" not in client.get("/inconnue/")
    assert "X-Cache" not in client.get("/admin/login/")


def test_query_string_is_part_of_the_key(client, page):
    client.get("/recherche/?q=avant")
    assert client.get("/recherche/?q=apres")["X-Cache"] == "MISS"
    assert client.get("/recherche/?q=avant")["X-Cache"] == "HIT"


def test_editing_site_settings_invalidates(client, page):
    from wagtail.models import Site

    from hub.models import SiteSettings

    client.get("/page-cachee/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.footer_text = "Nouveau pied de page"
    settings.save()
    response = client.get("/page-cachee/")
    assert response["X-Cache"] == "MISS" and "Nouveau pied de page" in response.content.decode()


def test_a_cache_that_lost_its_keys_still_serves_fresh_pages(client, page):
    client.get("/page-cachee/")
    cache.clear()  # as a Redis restart or an eviction would
    assert client.get("/page-cachee/")["X-Cache"] == "MISS"
    assert client.get("/page-cachee/")["X-Cache"] == "HIT"


def test_the_generation_commits_or_rolls_back_with_the_change(client, page):
    from core.cache import current_generation

    client.get("/page-cachee/")
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        assert current_generation() != before
        raise RuntimeError("annulé")
    assert current_generation() == before
    assert client.get("/page-cachee/")["X-Cache"] == "HIT"


# --- Query parameters -------------------------------------------------------------------------


def _entries():
    # LocMemCache's own store: every entry the page cache (or anything else) has made.
    return len(cache._cache)


def test_unknown_query_parameters_add_no_cache_entry(client, page, publication_index):
    for url in ("/page-cachee/", "/publications/", "/recherche/?q=avant"):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    before = _entries()
    rng = random.Random(8)
    for n in range(100):
        url = rng.choice(("/page-cachee/", "/publications/", "/recherche/?q=avant"))
        name = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 12)))
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}{name}={n}")
        assert response.status_code == 200 and "X-Cache" not in response
    assert _entries() == before


def test_parameter_order_does_not_split_the_cache(client, page):
    assert client.get("/recherche/?q=avant&page=1")["X-Cache"] == "MISS"
    entries = _entries()
    response = client.get("/recherche/?page=1&q=avant")
    assert response["X-Cache"] == "HIT"
    assert _entries() == entries


def test_the_parameters_a_page_reads_are_cached(client, publication_index):
    assert client.get("/publications/?categorie=actualite")["X-Cache"] == "MISS"
    assert client.get("/publications/?categorie=actualite")["X-Cache"] == "HIT"
    assert client.get("/publications/?categorie=financement")["X-Cache"] == "MISS"
    # A parameter the page does not read: served, not stored, the known entry untouched.
    response = client.get("/publications/?categorie=actualite&utm_source=lettre")
    assert response.status_code == 200 and "X-Cache" not in response
    assert client.get("/publications/?categorie=actualite")["X-Cache"] == "HIT"


# --- Images and documents ---------------------------------------------------------------------


def _png(colour, size=(400, 200)):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo-remplace.png", buffer.getvalue(), content_type="image/png")


def _logo_src(response):
    match = re.search(r'<img[^>]*class="org-header__logo"[^>]*>', response.content.decode())
    assert match, "the organisation page shows its logo"
    return re.search(r'src="([^"]+)"', match.group(0)).group(1)


def _rendition_file(src):
    return Path(django_settings.MEDIA_ROOT) / src.removeprefix(django_settings.MEDIA_URL)


@pytest.fixture
def organisation(home_page):
    from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory

    index = MemberIndexPageFactory(parent=home_page)
    return OrganisationPageFactory(parent=index, slug="la-melee", title="La Mêlée")


def _edit_image_in_admin(admin_client, image, **changes):
    from wagtail.models import Collection

    data = {
        "title": image.title,
        "description": image.description,
        "collection": Collection.get_first_root_node().pk,
        "tags": "",
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
        **changes,
    }
    response = admin_client.post(f"/admin/images/{image.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_replacing_an_image_file_reaches_cached_pages(client, admin_client, organisation):
    url = "/membres/la-melee/"
    first = client.get(url)
    old_src = _logo_src(first)
    assert first["X-Cache"] == "MISS" and client.get(url)["X-Cache"] == "HIT"

    _edit_image_in_admin(admin_client, organisation.logo, file=_png("navy"))

    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    new_src = _logo_src(response)
    assert new_src != old_src
    # Wagtail deleted the old rendition (its file goes once the transaction commits): a page cached with
    # its URL would show a broken image.
    assert not organisation.logo.renditions.filter(file__endswith=old_src.rsplit("/", 1)[1]).exists()
    assert _rendition_file(new_src).is_file()


def test_focal_point_alt_text_and_collection_changes_reach_cached_pages(client, admin_client, organisation):
    from wagtail.models import Collection

    url = "/membres/la-melee/"
    image = organisation.logo
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    _edit_image_in_admin(
        admin_client,
        image,
        focal_point_x="100",
        focal_point_y="50",
        focal_point_width="40",
        focal_point_height="40",
    )
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert _rendition_file(_logo_src(response)).is_file()

    assert client.get(url)["X-Cache"] == "HIT"
    _edit_image_in_admin(admin_client, image, description="Logo de La Mêlée")
    assert client.get(url)["X-Cache"] == "MISS"

    assert client.get(url)["X-Cache"] == "HIT"
    logos = Collection.get_first_root_node().add_child(name="Logos")
    _edit_image_in_admin(admin_client, image, collection=logos.pk)
    assert client.get(url)["X-Cache"] == "MISS"


def test_deleting_an_image_or_its_rendition_reaches_cached_pages(client, organisation):
    url = "/membres/la-melee/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    organisation.logo.renditions.all().delete()
    assert client.get(url)["X-Cache"] == "MISS"
    organisation.logo.delete()
    response = client.get(url)
    assert response["X-Cache"] == "MISS" and 'class="org-header__logo"' not in response.content.decode()


def test_changing_a_document_reaches_cached_pages(client, page):
    from wagtail_factories import DocumentFactory

    document = DocumentFactory(title="Compte rendu")
    client.get("/page-cachee/")
    assert client.get("/page-cachee/")["X-Cache"] == "HIT"  # a new document changes no page
    document.title = "Compte rendu corrigé"
    document.save()
    assert client.get("/page-cachee/")["X-Cache"] == "MISS"
    assert client.get("/page-cachee/")["X-Cache"] == "HIT"
    document.delete()
    assert client.get("/page-cachee/")["X-Cache"] == "MISS"
