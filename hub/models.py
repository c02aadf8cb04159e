"""The hub's own pages (home page, generic page) and the site-wide settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock, KeyFigureBlock
from core.navigation import top_pages
from publications.models import PublicationIndexPage

from .blocks import ListSectionBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HomePage(Page):
    """The home page: the hub's presentation, section by section."""

    baseline = models.CharField(_("Accroche"), max_length=200, blank=True)
    promise = models.TextField(
        _("Promesse"),
        max_length=300,
        blank=True,
        help_text=_("Une ou deux phrases sous le titre : ce que le Hub apporte à qui arrive sur le site."),
    )
    powered_by_heading = models.CharField(_("Titre « Propulsé par »"), max_length=100, blank=True)

    why_heading = models.CharField(_("Titre de la partie « Pourquoi »"), max_length=200, blank=True)
    context_heading = models.CharField(_("Titre « Contexte et constats »"), max_length=200, blank=True)
    context_intro = RichTextField(_("Introduction du contexte"), features=RICH_TEXT_FEATURES, blank=True)
    key_figures = StreamField(
        [("figure", KeyFigureBlock())],
        verbose_name=_("Chiffres clés"),
        blank=True,
        help_text=_("Chaque chiffre avec ce qu'il mesure et sa source."),
    )
    inequalities_text = RichTextField(
        _("Texte sur les inégalités"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("La dématérialisation des services et les publics qu'elle fragilise."),
    )
    inequality_lists = StreamField(
        [("list", ListSectionBlock())],
        verbose_name=_("Publics, domaines de la vie et freins"),
        blank=True,
        help_text=_("Chaque liste : un titre et de courts éléments, côte à côte sur la page."),
    )

    definition_heading = models.CharField(_("Titre de la définition"), max_length=200, blank=True)
    definition_text = RichTextField(_("Définition de l'inclusion numérique"), features=RICH_TEXT_FEATURES, blank=True)

    members_heading = models.CharField(_("Titre des membres fondateurs"), max_length=200, blank=True)
    members_intro = RichTextField(_("Introduction des membres fondateurs"), features=RICH_TEXT_FEATURES, blank=True)

    reasons_heading = models.CharField(_("Titre des raisons du consortium"), max_length=200, blank=True)
    reasons = StreamField(
        [("reason", blocks.RichTextBlock(label=_("Raison"), features=RICH_TEXT_FEATURES))],
        verbose_name=_("Raisons du consortium"),
        blank=True,
    )

    governance_heading = models.CharField(_("Titre de la gouvernance"), max_length=200, blank=True)
    governance_intro = RichTextField(_("Introduction de la gouvernance"), features=RICH_TEXT_FEATURES, blank=True)

    cos_heading = models.CharField(_("Titre des participants au COS"), max_length=200, blank=True)
    publications_heading = models.CharField(_("Titre des dernières publications"), max_length=200, blank=True)

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Contenu libre en fin de page"),
        blank=True,
        help_text=_("Facultatif : blocs ajoutés après les sections fixes de la page d'accueil."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("baseline"),
        index.SearchField("promise"),
        index.SearchField("context_intro"),
        index.SearchField("inequalities_text"),
        index.SearchField("definition_text"),
        index.SearchField("members_intro"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("baseline"),
        FieldPanel("promise"),
        FieldPanel("powered_by_heading"),
    ]
    context_panels = [
        FieldPanel("why_heading"),
        MultiFieldPanel(
            [FieldPanel("context_heading"), FieldPanel("context_intro"), FieldPanel("key_figures")],
            heading=_("Contexte et chiffres clés"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("inequalities_text"),
                FieldPanel("inequality_lists"),
            ],
            heading=_("Inégalités, publics et freins"),
        ),
        MultiFieldPanel([FieldPanel("definition_heading"), FieldPanel("definition_text")], heading=_("Définition")),
    ]
    network_panels = [
        MultiFieldPanel([FieldPanel("members_heading"), FieldPanel("members_intro")], heading=_("Membres fondateurs")),
        MultiFieldPanel([FieldPanel("reasons_heading"), FieldPanel("reasons")], heading=_("Raisons du consortium")),
        MultiFieldPanel(
            [FieldPanel("governance_heading"), FieldPanel("governance_intro"), FieldPanel("cos_heading")],
            heading=_("Gouvernance"),
        ),
        FieldPanel("publications_heading"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Accroche")),
            ObjectList(context_panels, heading=_("Pourquoi un Hub")),
            ObjectList(network_panels, heading=_("Réseau et actualités")),
            ObjectList(Page.promote_panels, heading=_("Référencement")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.StandardPage",
        "members.MemberIndexPage",
        "governance.GovernanceIndexPage",
        "publications.PublicationIndexPage",
        "places.PlaceIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The hero's « Les publications »: found among the pages the menu reads anyway (no query).
        context["publications_index"] = next(
            (page for page in top_pages(request) if page.specific_class is PublicationIndexPage), None
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            # A COS member's latest publications include reserved ones: no shared cache may keep them.
            patch_cache_control(response, private=True)
        return response


class StandardPage(Page):
    """A generic page: legal notice, accessibility statement, personal data, any free page."""

    introduction = models.TextField(_("Introduction"), blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenu"), blank=True)
    show_in_footer = models.BooleanField(
        _("Lien dans le pied de page"),
        default=False,
        help_text=_("Cochez pour les pages légales : mentions légales, accessibilité, données personnelles."),
    )

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    footer_label = models.CharField(
        _("Texte du lien dans le pied de page"),
        max_length=100,
        blank=True,
        help_text=_("Par défaut, le titre de la page. Pour l'accessibilité : « Accessibilité : non conforme »."),
    )

    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("show_in_footer"), FieldPanel("footer_label")], heading=_("Pied de page"))
    ]

    parent_page_types = ["hub.HomePage", "hub.StandardPage"]
    subpage_types = ["hub.StandardPage"]

    class Meta:
        verbose_name = _("Page standard")
        verbose_name_plural = _("Pages standard")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide identity: name, contact, footer, social links."""

    organisation_name = models.CharField(
        _("Nom de l'organisation"), max_length=200, default="Réseau et Hub pour l'Inclusion Numérique en Occitanie"
    )
    short_name = models.CharField(_("Nom court"), max_length=50, default="RhinOcc")
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Remplace la marque du RhinOcc dans l'en-tête. Une image PNG, JPEG ou WebP, de préférence carrée "
            "(au moins 96 × 96 pixels) ; jamais un SVG, qui peut contenir un script."
        ),
    )
    contact_email = models.EmailField(_("Adresse e-mail de contact"), blank=True)
    postal_address = models.TextField(_("Adresse postale"), blank=True)
    footer_text = models.TextField(_("Texte du pied de page"), blank=True)
    social_links = StreamField(
        [
            (
                "link",
                blocks.StructBlock(
                    [
                        ("name", blocks.CharBlock(label=_("Réseau"), max_length=60)),
                        ("url", blocks.URLBlock(label=_("Adresse"))),
                    ],
                    label=_("Lien"),
                ),
            )
        ],
        verbose_name=_("Réseaux sociaux"),
        blank=True,
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("short_name"), FieldPanel("logo")], heading=_("Identité")
        ),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("postal_address")], heading=_("Contact")),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("Réglages du site")

    def clean(self):
        super().clean()
        # Image uploads refuse SVG today (WAGTAILIMAGES_EXTENSIONS); the header must stay safe if that changes.
        if self.logo and self.logo.is_svg():
            raise ValidationError({"logo": _("Le logo doit être une image PNG, JPEG ou WebP, pas un SVG.")})
