"""The hub's own blocks: the home page's lists and the facts a legal page reads from the site settings."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import BaseStreamBlock


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


class LegalNoticeBlock(blocks.StaticBlock):
    """The publication director and the host, as set in the site settings: each shows once filled."""

    class Meta:
        icon = "doc-full"
        label = _("Direction de la publication et hébergeur")
        admin_text = _(
            "Affiche la direction de la publication et l'hébergeur saisis dans les réglages du site ; "
            "rien tant qu'ils sont vides."
        )
        template = "hub/blocks/legal_notice_block.html"


class AccessibilityStatusBlock(blocks.StaticBlock):
    """The accessibility status chosen in the site settings, the one the footer shows."""

    class Meta:
        icon = "success"
        label = _("État de conformité (réglages du site)")
        admin_text = _("Affiche l'état de conformité au RGAA choisi dans les réglages du site.")
        template = "hub/blocks/accessibility_status_block.html"


class StandardStreamBlock(BaseStreamBlock):
    """A standard page's blocks: the site's, plus the facts the legal pages read from the site settings."""

    legal_notice = LegalNoticeBlock()
    accessibility_status = AccessibilityStatusBlock()
