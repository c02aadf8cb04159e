"""Uploaded images: the renditions the templates use, made in a background task after each save,
and the admin upload form's limits in plain French.

A first visit to a page showing a new image would otherwise resize it inside the request (about
2 s and 300 MB for a 40 Mpx photo, per size), and a save that made them all at once could run into
gunicorn's timeout. A test checks that every size the templates use is listed (core.pictures).
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm

from .admin_rules import COLLECTION_HELP, IMAGE_IN_RESERVED_COLLECTION, reserved_collections
from .pictures import RENDITION_FILTERS


@task(backend="renditions")
def make_renditions(image_id):
    """Create the renditions of RENDITION_FILTERS that image `image_id` lacks."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:  # deleted since the task was queued
        image.get_renditions(*RENDITION_FILTERS)


def queue_renditions(sender, instance, update_fields=None, raw=False, **kwargs):
    # Saves that only move the focal point (Wagtail's own task) keep the same file and sizes.
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    image_id = instance.pk
    transaction.on_commit(lambda: make_renditions.enqueue(image_id))


def connect_signals():
    post_save.connect(queue_renditions, sender=get_image_model(), dispatch_uid="hub_queue_renditions")


def _megapixels(pixels):
    return f"{pixels / 1_000_000:g}".replace(".", ",")


class ImageForm(BaseImageForm):
    """Wagtail's image form, with a limit on pixels that says what to do in French, and no reserved
    collection: naming one anyway (a forged POST, a stale page) gets a French message that says why,
    rather than Django's generic "invalid choice"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection" in self.fields:
            self.fields["collection"].help_text = COLLECTION_HELP
        if "file" in self.fields:
            limit = _megapixels(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
            # Wagtail's own message gives raw pixel counts ("40000000") and no remedy.
            self.fields["file"].error_messages["file_too_many_pixels"] = (
                f"Cette image est trop grande : elle dépasse {limit}\u00a0millions de pixels "
                "(largeur × hauteur), le maximum accepté. Réduisez ses dimensions dans un logiciel "
                "de retouche, puis envoyez-la de nouveau."
            )

    def _clean_fields(self):
        super()._clean_fields()
        if "collection" not in self._errors:
            return
        value = str(self["collection"].data or "")
        reserved = reserved_collections().filter(pk=value).first() if value.isdigit() else None
        if reserved is not None:
            self._errors["collection"] = self.error_class(
                [IMAGE_IN_RESERVED_COLLECTION % {"collection": reserved.name}]
            )
