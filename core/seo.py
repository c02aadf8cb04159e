"""What a page tells search engines and sharing previews: its description and its schema.org data.

The hub's `page_meta` tag reads them from the page, or from the object a route shows (a place), given
to the template as `meta_subject`. A subject may define `get_meta_description()` and
`structured_data(request)` (a dict, or None); pages fall back on their summary or introduction.
"""

import html
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.fields import RichTextField

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
DESCRIPTION_FIELDS = ("summary", "introduction")
# Inside <script>, "</script>" or "<!--" in a value would end or change the element: escaped as JSON
# escapes (the same as Django's json_script, whose element is application/json, not ld+json).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ViewMeta:
    """What a view that is not a page (the places map...) says of itself, as its `meta_subject`."""

    title: str
    description: str

    def get_meta_description(self):
        return self.description


def plain_text(value, limit=DESCRIPTION_LENGTH, rich=False):
    """`value` (text, or rich text HTML when `rich`) as one line of at most `limit` characters."""
    text = html.unescape(strip_tags(str(value or ""))) if rich else str(value or "")
    return Truncator(" ".join(text.split())).chars(limit)


def _field_text(subject, name):
    """The text of field `name` of `subject` ("" when it has none), rich text turned into plain text."""
    value = getattr(subject, name, "")
    try:
        rich = isinstance(subject._meta.get_field(name), RichTextField)
    except (AttributeError, FieldDoesNotExist):
        rich = False
    return plain_text(value, rich=rich) if isinstance(value, str) else ""


def meta_description(subject):
    """The editor's search description of `subject`, else what it says of itself, else its summary or
    introduction; "" when it has none (the site's description then stands in)."""
    if subject is None:
        return ""
    candidates = [plain_text(getattr(subject, "search_description", ""))]
    if hasattr(subject, "get_meta_description"):
        candidates.append(plain_text(subject.get_meta_description()))
    candidates += [_field_text(subject, name) for name in DESCRIPTION_FIELDS]
    return next((text for text in candidates if text), "")


def json_ld(data):
    """A `<script type="application/ld+json">` element for `data`, safe whatever its strings hold."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
