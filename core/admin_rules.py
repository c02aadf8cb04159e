"""Rules the admin enforces on what editors enter: ASCII slugs, and no image in a reserved collection.

`register()` runs from `HubConfig.ready()`; the image form (`core.images.ImageForm`) uses the messages
and `reserved_collections()` below.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput
from wagtail.images import get_image_model, get_permission_policy
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

SLUG_INVALID = _(
    "L'adresse de la page (slug) ne peut contenir que des lettres sans accent, des chiffres et des "
    "traits d'union, par exemple « pole-territorial » plutôt que « pôle-territorial »."
)
IMAGE_IN_RESERVED_COLLECTION = _(
    "Une image ne peut pas être rangée dans « %(collection)s » : cette collection est réservée, mais une "
    "image reste visible de tous (Wagtail ne sait pas rendre une image privée). Choisissez une autre "
    "collection, et ne mettez jamais de contenu confidentiel dans une image."
)
COLLECTION_HELP = _(
    "Les collections réservées (comme « Documents du COS ») n'acceptent pas d'images : une image est toujours publique."
)


class AsciiSlugInput(SlugInput):
    """Wagtail's slug field, which cleans a typed slug on blur by dropping what is not ASCII (« pôle »
    becomes « ple »): transliterate it instead (« pole »), as Wagtail already does for a slug made
    from the title."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-action"] = self.attrs["data-action"].replace("blur->w-slug#slugify", "blur->w-slug#urlify")


def reserved_collections():
    """Collections with a view restriction, and their descendants (the restriction covers them too)."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    conditions = [Q(path__startswith=path) for path in paths]
    if not conditions:
        return Collection.objects.none()
    return Collection.objects.filter(reduce(or_, conditions))


class PublicImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image policy, except that nobody, superusers included, may add an image to a reserved
    collection: images are always served publicly, so one placed there would look reserved and not be.

    Every image view (single and multiple upload, the chooser's upload tab, the edit form, "add to
    collection") asks this policy which collections it may offer for "add"."""

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        if set(actions) == {"add"}:
            collections = collections.exclude(pk__in=reserved_collections().values("pk"))
        return collections


def register():
    # Wagtail validates a typed-in slug with the model's SlugField(allow_unicode=True) whatever
    # WAGTAIL_ALLOW_UNICODE_SLUGS says (only its JavaScript and title-generated slugs follow it).
    register_form_field_override(
        models.SlugField,
        override={
            "widget": SlugInput if getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True) else AsciiSlugInput,
            "allow_unicode": getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True),
            "error_messages": {"invalid": SLUG_INVALID},
        },
    )
    # exact_class wins over the policy wagtail.images registers for the same model, whatever the order.
    default = get_permission_policy()
    register_permission_policy(
        get_image_model(),
        PublicImagePermissionPolicy(default.model, auth_model=default.auth_model, owner_field_name="uploaded_by_user"),
        exact_class=True,
    )
