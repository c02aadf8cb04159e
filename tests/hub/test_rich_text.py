"""Rich text cannot break a page (issue 7, point 2): whatever its stored references to pages,
documents and images hold, the public page answers 200, keeps the link text, drops the link, and
lets nothing of the stored id into the HTML; the admin editor opens and saves such content."""

import json

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page, ReferenceIndex
from wagtail.test.utils.form_data import querydict_from_html

from tests.hub.factories import StandardPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory

INJECTION = '3" onclick="alert(1)" data-piege="1'
INJECTED = ("onclick", "alert(1)", "data-piege")
HUGE = "9" * 30


def escape_attr(value):
    # How the value sits in stored rich text (the Draftail exporter escapes attribute values).
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def link(linktype, id_, text):
    id_attr = "" if id_ is None else f' id="{escape_attr(id_)}"'
    return f'<p>Avant <a linktype="{linktype}"{id_attr}>{text}</a> après.</p>'


def image(id_, image_format="fullwidth", alt="Image piégée"):
    format_attr = "" if image_format is None else f' format="{image_format}"'
    return f'<embed embedtype="image" id="{escape_attr(id_)}"{format_attr} alt="{alt}"/>'


@pytest.fixture
def deleted_ids(home_page):
    """Ids of a page, a document and an image that existed and were deleted."""
    page = StandardPageFactory(parent=home_page)
    document = wagtail_factories.DocumentFactory()
    picture = wagtail_factories.ImageFactory()
    ids = {"page": str(page.pk), "document": str(document.pk), "image": str(picture.pk)}
    page.delete()
    document.delete()
    picture.delete()
    return ids


BAD_IDS = {
    "non-numeric": "abc",
    "injection": INJECTION,
    "negative": "-1",
    "out of range": HUGE,
    "empty": "",
    "missing": None,
    "deleted": "deleted",
}


def stored_id(key, kind, deleted_ids):
    value = BAD_IDS[key]
    return deleted_ids[kind] if value == "deleted" else value


def store_in_streamfield(home_page, html):
    """A standard page whose body paragraph holds `html`, saved without any form (as hand-edited
    or imported content would be)."""
    return StandardPageFactory(parent=home_page, body=json.dumps([{"type": "paragraph", "value": html}]))


def store_in_publication(home_page, html):
    index = PublicationIndexPageFactory(parent=home_page)
    return PublicationPageFactory(parent=index, body=json.dumps([{"type": "paragraph", "value": html}]))


def store_in_rich_text_field(home_page, html):
    return PublicationIndexPageFactory(parent=home_page, introduction=html)


LOCATIONS = {
    "StandardPage body": store_in_streamfield,
    "PublicationPage body": store_in_publication,
    "RichTextField": store_in_rich_text_field,
}


def assert_no_injection(html):
    for fragment in INJECTED:
        assert fragment not in html, fragment


@pytest.mark.parametrize("location", list(LOCATIONS))
@pytest.mark.parametrize("bad", list(BAD_IDS))
@pytest.mark.parametrize("linktype", ["page", "document"])
def test_a_malformed_or_dead_link_renders_as_its_text(client, home_page, deleted_ids, location, bad, linktype):
    rich_text = link(linktype, stored_id(bad, linktype, deleted_ids), "le texte du lien")
    page = LOCATIONS[location](home_page, rich_text)

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Avant <a>le texte du lien</a> après." in html
    assert_no_injection(html)


@pytest.mark.parametrize("location", list(LOCATIONS))
@pytest.mark.parametrize("bad", [key for key in BAD_IDS if key != "missing"])
def test_a_malformed_or_dead_image_renders_nothing(client, home_page, deleted_ids, location, bad):
    page = LOCATIONS[location](home_page, "<p>Texte autour.</p>" + image(stored_id(bad, "image", deleted_ids)))

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Texte autour." in html
    assert "Image piégée" not in html
    assert_no_injection(html)


@pytest.mark.parametrize("image_format", [None, "inconnu"])
def test_an_image_with_a_missing_or_unknown_format_renders_nothing(client, home_page, image_format):
    picture = wagtail_factories.ImageFactory()
    page = store_in_streamfield(home_page, "<p>Texte autour.</p>" + image(str(picture.pk), image_format))

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Image piégée" not in response.content.decode()


def test_well_formed_references_still_render(client, home_page):
    target = StandardPageFactory(parent=home_page, title="Page visée", slug="page-visee")
    document = wagtail_factories.DocumentFactory(title="Rapport")
    picture = wagtail_factories.ImageFactory()
    page = store_in_streamfield(
        home_page,
        link("page", str(target.pk), "vers la page")
        + link("document", str(document.pk), "vers le document")
        + image(str(picture.pk), alt="Une vraie image"),
    )

    html = client.get(page.url).content.decode()

    assert '<a href="/page-visee/">vers la page</a>' in html
    assert f'<a href="{document.url}">vers le document</a>' in html
    assert 'alt="Une vraie image"' in html


def test_the_reference_index_skips_malformed_references(home_page):
    target = StandardPageFactory(parent=home_page)
    page = store_in_streamfield(home_page, link("page", INJECTION, "piège") + link("page", str(target.pk), "vrai"))

    referenced = set(ReferenceIndex.get_references_for_object(page).values_list("to_object_id", flat=True))
    assert referenced == {str(target.pk)}


# The admin editor.


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-42"))
    return client


def test_the_editor_opens_a_page_holding_malformed_references(admin_client, home_page):
    page = store_in_rich_text_field(
        home_page,
        link("page", INJECTION, "lien de page")
        + link("document", INJECTION, "lien de document")
        + image(INJECTION)
        + image("12", image_format=None),
    )

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    assert "lien de page" in response.content.decode()


# What Wagtail stores for contentstate()'s paragraph once the link is gone: the text alone.
STORED_TEXT_ONLY = '<p data-block-key="a1b2c">le texte du lien</p>'


def contentstate(entity_type, data, text="le texte du lien"):
    """Draftail's data for one paragraph whose text is a single entity, as the browser posts it."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": entity_type, "mutability": "MUTABLE", "data": data}},
        }
    )


@pytest.mark.parametrize(
    ("entity_type", "data"),
    [
        ("LINK", {"id": INJECTION, "url": "/"}),
        ("LINK", {"id": "abc", "url": "/"}),
        ("DOCUMENT", {"id": INJECTION}),
        ("DOCUMENT", {"id": "abc"}),
    ],
)
def test_saving_drops_a_malformed_link_and_keeps_its_text(entity_type, data):
    converter = ContentstateConverter(features=["link", "document-link", "image"])

    stored = converter.to_database_format(contentstate(entity_type, data))

    assert stored == STORED_TEXT_ONLY


def test_saving_drops_a_malformed_image():
    converter = ContentstateConverter(features=["image"])
    state = json.loads(contentstate("IMAGE", {"id": INJECTION, "format": "fullwidth", "alt": "piège"}, text=" "))
    state["blocks"][0]["type"] = "atomic"
    state["entityMap"]["0"]["mutability"] = "IMMUTABLE"

    stored = converter.to_database_format(json.dumps(state))

    assert "embed" not in stored
    assert_no_injection(stored)


def test_a_crafted_document_link_posted_to_the_admin_publishes_a_page_that_works(admin_client, client, home_page):
    page = store_in_rich_text_field(home_page, "<p>Introduction.</p>")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="page-edit-form")
    data["introduction"] = contentstate("DOCUMENT", {"id": INJECTION})
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url, data)

    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk).specific
    assert page.introduction == STORED_TEXT_ONLY
    public = client.get(page.url)
    assert public.status_code == 200
    assert "le texte du lien" in public.content.decode()
    assert_no_injection(public.content.decode())


def test_a_document_block_whose_document_is_gone_renders_nothing(client, home_page, deleted_ids):
    body = [{"type": "document", "value": {"document": int(deleted_ids["document"]), "title": "Rapport disparu"}}]
    page = StandardPageFactory(parent=home_page, body=json.dumps(body))

    response = client.get(page.url)

    assert response.status_code == 200
    assert "Rapport disparu" not in response.content.decode()
    assert 'href=""' not in response.content.decode()
