"""What other apps may add to the directory: page types that ask for it as their parent, under the
slugs it leaves free, and links on its pages through a hook; the directory names none of them."""

import pytest
from wagtail import hooks
from wagtail.models import Page, get_page_models

from hub.models import StandardPage
from places.models import DIRECTORY_LINKS_HOOK, RESERVED_SLUGS, SUBPAGE_SLUGS, PlaceIndexPage

from .conftest import make_places


def test_the_directory_takes_only_page_types_that_name_it_as_their_parent():
    allowed = PlaceIndexPage.allowed_subpage_models()
    for model in get_page_models():
        asks = (
            getattr(model, "parent_page_types", None) is not None and PlaceIndexPage in model.clean_parent_page_models()
        )
        assert (model in allowed) == asks, model
    # Wagtail's base page and the hub's pages, which do not name it, never go under it.
    assert Page not in allowed and StandardPage not in allowed and PlaceIndexPage not in allowed


def test_the_slugs_left_to_subpages_are_never_a_place_s():
    assert {"referencer", "signaler"} <= SUBPAGE_SLUGS <= RESERVED_SLUGS


@pytest.mark.django_db
def test_other_apps_add_links_to_the_list_and_to_each_place(client, place_index):
    (place,) = make_places(1)

    def links(index, request, place):
        assert index.pk == place_index.pk
        return [("Lien d'une autre application", f"/ailleurs/{place.slug}/" if place else "/ailleurs/")]

    with hooks.register_temporarily(DIRECTORY_LINKS_HOOK, links):
        listing = client.get("/lieux/").content.decode()
        detail = client.get(f"/lieux/{place.slug}/").content.decode()
    assert '<a href="/ailleurs/">Lien d&#x27;une autre application</a>' in listing
    assert f'<a href="/ailleurs/{place.slug}/">Lien d&#x27;une autre application</a>' in detail
    assert "/ailleurs/" not in client.get(f"/lieux/{place.slug}/").content.decode()
