"""StreamField blocks shared by every page type of the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte du titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
        help_text=_("Le titre principal (h1) est le titre de la page ; commencez par h2."),
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Contexte et constats", "level": "h2"}


class FigureImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur ou source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote_block.html"
        preview_value = {"text": "Le numérique doit être accessible à tous.", "author": "RhinOcc"}


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Texte du lien"),
        max_length=120,
        help_text=_("Un texte qui a du sens seul, par exemple « Lire la déclaration d'accessibilité »."),
    )
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    external_url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "blocks/call_to_action_block.html"
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": _("Choisissez soit une page du site, soit une adresse externe.")}
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Chiffre"), max_length=30, help_text=_("Par exemple « 13 millions » ou « 19,5 % ».")
    )
    label = blocks.TextBlock(label=_("Ce que mesure le chiffre"))
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=200)

    class Meta:
        icon = "snippet"
        label = _("Chiffre clé")
        template = "blocks/key_figure_block.html"
        preview_value = {
            "figure": "13 millions",
            "label": "de Français sont totalement éloignés du numérique",
            "source": "Cahier de l'inclusion numérique, Emmaüs Connect",
        }


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"))

    class Meta:
        icon = "table"
        label = _("Chiffres clés")
        template = "blocks/key_figures_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Texte du lien"), required=False, max_length=200, help_text=_("Par défaut, le titre du document.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "blocks/document_link_block.html"


class ContactBlock(blocks.StaticBlock):
    """The site's contact details, as set in the site settings (nothing shows while they are empty)."""

    class Meta:
        icon = "mail"
        label = _("Coordonnées du RhinOcc")
        admin_text = _("Affiche l'adresse e-mail et l'adresse postale des réglages du site.")
        template = "blocks/contact_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body blocks every page of the site may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        template="blocks/paragraph_block.html",
    )
    image = FigureImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()
    document = DocumentLinkBlock()
    contact = ContactBlock()
