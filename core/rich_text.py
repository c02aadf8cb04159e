"""Rich text that cannot break a page, whatever it holds.

Stored rich text names pages, documents and images by id (`<a linktype="page" id="3">`,
`<embed embedtype="image" id="7" .../>`). Wagtail's handlers hand that id to the database as it is:
an id that is not a number (hand-edited or crafted content, e.g. `3" onclick=...`) raises
"invalid literal for int()" and the page answers 500; so does the admin editor opening it.

The replacements below keep Wagtail's identifiers and behaviour for well-formed ids and read nothing
else: a link whose target is malformed or gone renders as plain text (an `<a>` without href, the
text kept; the stored id never reaches the HTML), an image embed renders nothing. In the admin, the
editor opens such content with the link or image shown broken (Wagtail's own display of a deleted
target), and saving drops a malformed reference, keeping its text. They are registered by
hub/wagtail_hooks.py (register_rich_text_features, after Wagtail's own).
"""

from django.db import connection
from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.contentstate_models import Entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.documents.rich_text.contentstate import DocumentLinkElementHandler, document_link_entity
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_format
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.images.rich_text.contentstate import ImageElementHandler, image_entity
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


def parse_id(value, model):
    """`value` as a primary key of `model` when it is a well-formed one (digits, in the column's
    range), otherwise None."""
    text = "" if value is None else str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


class _WellFormedIdsOnly:
    """Mixin for Wagtail's entity handlers: only well-formed ids reach the database."""

    @classmethod
    def get_many(cls, attrs_list):
        model = cls.get_model()
        ids = [parse_id(attrs.get("id"), model) for attrs in attrs_list]
        found = iter(
            super().get_many(
                [{**attrs, "id": id_} for attrs, id_ in zip(attrs_list, ids, strict=True) if id_ is not None]
            )
        )
        return [next(found) if id_ is not None else None for id_ in ids]

    @classmethod
    def get_instance(cls, attrs):
        model = cls.get_model()
        id_ = parse_id(attrs.get("id"), model)
        if id_ is None:
            raise model.DoesNotExist
        return super().get_instance({**attrs, "id": id_})

    @classmethod
    def extract_references(cls, attrs):
        # The reference index reads every saved rich text: a malformed reference is simply not one.
        id_ = parse_id(attrs.get("id"), cls.get_model())
        if id_ is not None:
            yield from super().extract_references({**attrs, "id": id_})


class SafePageLinkHandler(_WellFormedIdsOnly, PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        tags = []
        for page in cls.get_many(attrs_list):
            url = page.localized.url if page else None
            # A page that cannot be routed (no site) has no URL: plain text too.
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags


class SafeDocumentLinkHandler(_WellFormedIdsOnly, DocumentLinkHandler):
    pass


class SafeImageEmbedHandler(_WellFormedIdsOnly, ImageEmbedHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        tags = []
        for attrs, image in zip(attrs_list, cls.get_many(attrs_list), strict=True):
            try:
                image_format = get_image_format(attrs.get("format"))
            except KeyError:
                image_format = None
            # Without its image or a known format, the embed shows nothing (Wagtail would put an empty <img>).
            tags.append(image_format.image_to_html(image, attrs.get("alt", "")) if image and image_format else "")
        return tags


# Admin editor (Draftail): reading stored rich text into the editor, and writing it back.


class SafePageLinkElementHandler(PageLinkElementHandler):
    def get_attribute_data(self, attrs):
        id_ = parse_id(attrs.get("id"), Page)
        if id_ is None:
            # Shown as a broken link, as Wagtail shows a link to a deleted page.
            return {"id": attrs.get("id"), "url": None, "parentId": None}
        return super().get_attribute_data({**attrs, "id": id_})


class SafeImageElementHandler(ImageElementHandler):
    def create_entity(self, name, attrs, state, contentstate):
        image_model = get_image_model()
        id_ = parse_id(attrs.get("id"), image_model)
        image = image_model.objects.filter(pk=id_).first() if id_ is not None else None
        try:
            image_format = get_image_format(attrs.get("format"))
        except KeyError:
            image_format = None
        # No image or no known format: an empty src, which the editor shows as a broken image.
        src = get_rendition_or_not_found(image, image_format.filter_spec).url if image and image_format else ""
        data = {"id": attrs.get("id"), "src": src, "alt": attrs.get("alt"), "format": attrs.get("format")}
        return Entity("IMAGE", "IMMUTABLE", data)


def safe_link_entity(props):
    """A page link with a malformed id is saved as its text alone; other links as Wagtail saves them."""
    if props.get("id") is not None and parse_id(props["id"], Page) is None:
        return props["children"]
    return link_entity(props)


def safe_document_link_entity(props):
    if parse_id(props.get("id"), get_document_model()) is None:
        return props["children"]
    return document_link_entity(props)


def safe_image_entity(props):
    if parse_id(props.get("id"), get_image_model()) is None:
        return None
    try:
        get_image_format(props.get("format"))
    except KeyError:
        return None
    return image_entity(props)


def register(features):
    """Put the tolerant handlers and conversion rules in place of Wagtail's (same identifiers)."""
    features.register_link_type(SafePageLinkHandler)
    features.register_link_type(SafeDocumentLinkHandler)
    features.register_embed_type(SafeImageEmbedHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': SafePageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": safe_link_entity}},
        },
    )
    features.register_converter_rule(
        "contentstate",
        "document-link",
        {
            "from_database_format": {'a[linktype="document"]': DocumentLinkElementHandler("DOCUMENT")},
            "to_database_format": {"entity_decorators": {"DOCUMENT": safe_document_link_entity}},
        },
    )
    features.register_converter_rule(
        "contentstate",
        "image",
        {
            "from_database_format": {'embed[embedtype="image"]': SafeImageElementHandler()},
            "to_database_format": {"entity_decorators": {"IMAGE": safe_image_entity}},
        },
    )
