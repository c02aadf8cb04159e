"""The home page's own blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ListSectionBlock(blocks.StructBlock):
    """A heading over a list of short texts, shown as a plain list (the publics, the areas of life, the obstacles)."""

    heading = blocks.CharBlock(label=_("Titre"), max_length=200)
    texts = blocks.ListBlock(blocks.CharBlock(label=_("Élément"), max_length=120), label=_("Éléments"))

    class Meta:
        icon = "list-ul"
        label = _("Liste")
        template = "hub/blocks/list_section_block.html"
        preview_value = {
            "heading": "Les publics les plus fragilisés",
            "texts": ["Les seniors", "Les personnes sans diplôme", "Les personnes handicapées"],
        }
