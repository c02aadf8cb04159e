"""Tools to build the site's content, shared by every app's `content.py`.

Each app declares its sections with `@section(order)`; the `build_site` command imports every
app's `content` module and runs the sections in order. A section creates what is missing and leaves
what staff have edited alone, unless `reset` is true.
"""

import io
import re
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

_SECTIONS = []

# French typography: no line break before ? ! : ; » or after «, inside numbers (10 000) and before units.
_FRENCH_SPACING = [
    (re.compile(r" ([?!:;»])"), "\u00a0\\1"),
    (re.compile(r"« "), "«\u00a0"),
    (re.compile(r"(\d) (?=\d{3}\b)"), "\\1\u202f"),
    (re.compile(r"(\d) (?=[%€])"), "\\1\u00a0"),
]


def french_spacing(value):
    """Replace the spaces French typography keeps on one line with non-breaking ones, in a string or
    in the strings of nested lists, tuples and dicts (StreamField data)."""
    if isinstance(value, str):
        for pattern, replacement in _FRENCH_SPACING:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list | tuple):
        return type(value)(french_spacing(item) for item in value)
    if isinstance(value, dict):
        return {key: french_spacing(item) for key, item in value.items()}
    return value


def paragraph(*sentences):
    """A StreamField value of one paragraph block holding these sentences, one <p> each."""
    return [("paragraph", "".join(f"<p>{sentence}</p>" for sentence in sentences))]


def section(order):
    """Register a content-building function, run by `manage.py build_site` in increasing order."""

    def decorator(func):
        _SECTIONS.append((order, func))
        return func

    return decorator


def registered_sections():
    return [func for _, func in sorted(_SECTIONS, key=lambda item: item[0])]


@dataclass
class Builder:
    """Passed to every section: the options of the run and the report of what changed."""

    reset: bool = False
    demo_users: bool = False
    demo_places: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def home(self):
        """The default site's home page, built first, under which the domains put their pages."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return site.root_page.specific if site else None

    def ensure_page(self, parent, model, slug, **fields):
        """Return the child page of `parent` with this slug, creating or (on reset) updating it."""
        fields = french_spacing(fields)
        existing = parent.get_children().filter(slug=slug).first()
        if existing is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.created.append(f"page {page.url_path}")
            return page
        page = existing.specific
        if not isinstance(page, model):
            raise TypeError(f"{existing.url_path} existe déjà mais n'est pas une page {model.__name__}.")
        if self.reset:
            for name, value in fields.items():
                setattr(page, name, value)
            page.save_revision().publish()
            self.updated.append(f"page {page.url_path}")
        else:
            self.unchanged.append(f"page {page.url_path}")
        return page

    def ensure_object(self, model, lookup, **fields):
        """get_or_create for non-page objects, with the same reset rule as pages."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **fields)
            self.created.append(f"{model._meta.verbose_name} « {obj} »")
        elif self.reset and fields:
            for name, value in fields.items():
                setattr(obj, name, value)
            obj.save()
            self.updated.append(f"{model._meta.verbose_name} « {obj} »")
        else:
            self.unchanged.append(f"{model._meta.verbose_name} « {obj} »")
        return obj

    def placeholder_image(self, title, initials, colour):
        """A neutral placeholder logo (initials on a colour) that staff replace in the admin."""
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            self.unchanged.append(f"image « {title} »")
            return image
        image = image_model(title=title, collection=self._placeholder_collection())
        image.file = ImageFile(
            io.BytesIO(_initials_png(initials, colour)), name=f"logo-provisoire-{initials.lower()}.png"
        )
        image.save()
        self.created.append(f"image « {title} »")
        return image

    def _placeholder_collection(self):
        root = Collection.get_first_root_node()
        name = "Logos provisoires"
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)


def _initials_png(initials, colour, size=(320, 160)):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.text((size[0] / 2, size[1] / 2), initials, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
