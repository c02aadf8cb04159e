"""Tools to build the site's content, shared by every app's `content.py`.

Each app declares its sections with `@section(order)`; the `build_site` command imports every
app's `content` module and runs the sections in order. A section creates what is missing and leaves
what staff have edited alone, unless `reset` is true.
"""

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

_SECTIONS = []
PLACEHOLDER_COLLECTION_NAME = "Logos provisoires"
# How a placeholder logo's file is named: the launch checklist lists the pages still showing one, until
# staff choose another image or upload the real logo into it.
PLACEHOLDER_FILE_PREFIX = "logo-provisoire-"

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
        """Return the child page of `parent` with this slug, creating or (on reset) updating it. A
        singleton page type (`max_count = 1`, as the home page) is found wherever it stands. Many-to-many
        fields (tags) are set like the others."""
        fields = french_spacing(fields)
        if model.max_count == 1:
            existing = model.objects.first()
        else:
            existing = parent.get_children().filter(slug=slug).first()
            existing = existing and existing.specific
            if existing is not None and not isinstance(existing, model):
                raise TypeError(f"{existing.url_path} existe déjà mais n'est pas une page {model.__name__}.")

        def create():
            page = _assign(model(slug=slug), fields)
            parent.add_child(instance=page)
            _publish(page)
            return page

        return self._ensure(existing, fields, create, save=_publish)

    def ensure_object(self, model, lookup, **fields):
        """get_or_create for non-page objects, with the same reset rule as pages."""
        existing = model.objects.filter(**lookup).first()
        return self._ensure(existing, fields, lambda: model.objects.create(**lookup, **fields), save=_save)

    def ensure_settings(self, model, site, **fields):
        """A site setting (a `BaseSiteSetting`) of this site, with the same reset rule as pages."""
        existing = model.objects.filter(site=site).first()
        label = _name(model)
        return self._ensure(
            existing, fields, lambda: model.objects.create(site=site, **fields), save=_save, label=lambda obj: label
        )

    def _ensure(self, existing, fields, create, save, label=None):
        """The one create-or-update path: create what is missing, rewrite it from `fields` on reset,
        leave it alone otherwise (what staff edited stays)."""
        label = label or _label
        if existing is None:
            obj = create()
            self.created.append(label(obj))
        elif self.reset and fields:
            obj = _assign(existing, fields)
            save(obj)
            self.updated.append(label(obj))
        else:
            obj = existing
            self.unchanged.append(label(obj))
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
            io.BytesIO(_initials_png(initials, colour)), name=f"{PLACEHOLDER_FILE_PREFIX}{initials.lower()}.png"
        )
        image.save()
        self.created.append(f"image « {title} »")
        return image

    def _placeholder_collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=PLACEHOLDER_COLLECTION_NAME).first()
        return existing or root.add_child(name=PLACEHOLDER_COLLECTION_NAME)


def _name(model):
    name = str(model._meta.verbose_name)
    return name[:1].lower() + name[1:]


def _label(obj):
    """How the report names an object: « page d'accueil « Réseau et Hub… » », « groupe « COS » »."""
    return f"{_name(type(obj))} « {obj} »"


def _assign(obj, fields):
    for name, value in fields.items():
        try:
            many = obj._meta.get_field(name).many_to_many
        except FieldDoesNotExist:
            many = False
        if many:
            getattr(obj, name).set(value)
        else:
            setattr(obj, name, value)
    return obj


def _publish(page):
    page.save_revision().publish()


def _save(obj):
    obj.save()


def _initials_png(initials, colour, size=(320, 160)):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.text((size[0] / 2, size[1] / 2), initials, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
