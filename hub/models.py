"""The hub's own pages (home page, generic page) and the site-wide settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PageChooserPanel, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, Site
from wagtail.search import index

from core.blocks import BaseStreamBlock, KeyFigureBlock
from core.fragments import shared
from core.navigation import top_pages
from core.routing import DescendantRouteMixin
from publications.models import PublicationIndexPage

from .blocks import ListSectionBlock, StandardStreamBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HomePage(DescendantRouteMixin, Page):
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
        "inbox.ContactPage",
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

    def structured_data(self, request):
        """The hub, as a schema.org Organization."""
        return {"@context": "https://schema.org", **SiteSettings.for_request(request).organisation_data(request)}

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            # A COS member's latest publications include reserved ones: no shared cache may keep them.
            patch_cache_control(response, private=True)
        return response


class StandardPage(Page):
    """A generic page: legal notice, accessibility statement, personal data, any free page."""

    introduction = models.TextField(_("Introduction"), blank=True, max_length=500)
    body = StreamField(StandardStreamBlock(), verbose_name=_("Contenu"), blank=True)
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
        help_text=_(
            "Par défaut, le titre de la page. La déclaration d'accessibilité choisie dans les réglages du site "
            "montre toujours son état de conformité : « Accessibilité : non conforme »."
        ),
    )

    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("show_in_footer"), FieldPanel("footer_label")], heading=_("Pied de page"))
    ]

    parent_page_types = ["hub.HomePage", "hub.StandardPage"]
    subpage_types = ["hub.StandardPage"]

    class Meta:
        verbose_name = _("Page standard")
        verbose_name_plural = _("Pages standard")


class AccessibilityStatus(models.TextChoices):
    """The three statuses the RGAA allows a statement to claim."""

    NON_COMPLIANT = "non_conforme", _("Non conforme")
    PARTIALLY_COMPLIANT = "partiellement_conforme", _("Partiellement conforme")
    FULLY_COMPLIANT = "totalement_conforme", _("Totalement conforme")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Site-wide identity: name, contact, footer, social links."""

    organisation_name = models.CharField(
        _("Nom de l'organisation"), max_length=200, default="Réseau et Hub pour l'Inclusion Numérique en Occitanie"
    )
    short_name = models.CharField(_("Nom court"), max_length=50, default="RhinOcc")
    description = models.TextField(
        _("Description du site"),
        max_length=300,
        blank=True,
        help_text=_(
            "Une ou deux phrases : ce que les moteurs de recherche et les aperçus de partage affichent "
            "pour une page qui n'a ni description, ni résumé, ni introduction."
        ),
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image de partage par défaut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "L'image des aperçus sur les réseaux sociaux et les messageries quand la page n'en a pas : "
            "recadrée en 1200 × 630 pixels autour de son point d'intérêt."
        ),
    )
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
    publication_director = models.CharField(
        _("Direction de la publication"),
        max_length=200,
        blank=True,
        help_text=_("Nom et fonction de la personne qui dirige la publication, affichés dans les mentions légales."),
    )
    host_name = models.CharField(
        _("Hébergeur"),
        max_length=200,
        blank=True,
        help_text=_("Nom ou raison sociale de l'hébergeur du site, affiché dans les mentions légales."),
    )
    host_address = models.TextField(_("Adresse de l'hébergeur"), blank=True)
    host_phone = models.CharField(_("Téléphone de l'hébergeur"), max_length=30, blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Déclaration d'accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Son lien dans le pied de page dit l'état de conformité choisi ci-dessous."),
    )
    accessibility_status = models.CharField(
        _("État de conformité au RGAA"),
        max_length=30,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NON_COMPLIANT,
        help_text=_(
            "« Partiellement conforme » demande un audit de tous les critères du RGAA sur un échantillon de "
            "pages, qui en respecte au moins 50 % ; « totalement conforme », 100 %. Sans audit complet : "
            "non conforme."
        ),
    )
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
        MultiFieldPanel([FieldPanel("description"), FieldPanel("share_image")], heading=_("Référencement et partage")),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("postal_address")], heading=_("Contact")),
        MultiFieldPanel(
            [
                FieldPanel("publication_director"),
                FieldPanel("host_name"),
                FieldPanel("host_address"),
                FieldPanel("host_phone"),
            ],
            heading=_("Mentions légales"),
        ),
        MultiFieldPanel(
            [PageChooserPanel("accessibility_page", "hub.StandardPage"), FieldPanel("accessibility_status")],
            heading=_("Accessibilité"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("Réglages du site")

    def organisation_data(self, request):
        """The hub as a schema.org Organization (the home page's, a publication's publisher)."""
        data = {
            "@type": "Organization",
            "name": self.organisation_name,
            "alternateName": self.short_name,
            "url": request.build_absolute_uri("/"),
            "description": self.description,
            "email": self.contact_email,
            "address": " ".join(self.postal_address.split()),
            "sameAs": [link.value["url"] for link in self.social_links],
        }
        return {key: value for key, value in data.items() if value}

    @classmethod
    def for_request(cls, request):
        """Every page shows them: kept with the content generation (core/fragments.py), which saving
        them renews, rather than read at each request."""
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr):
            site = Site.find_for_request(request)
            site_settings = shared(request, "hub.SiteSettings", lambda: cls.for_site(site))
            site_settings._request = request
            setattr(request, attr, site_settings)
        return getattr(request, attr)

    # What the legal notice must name before the site goes public (the launch checklist reads it).
    LEGAL_NOTICE_FIELDS = ("publication_director", "host_name", "host_address", "host_phone")

    @property
    def accessibility_label(self):
        """The footer link's text: « Accessibilité : non conforme »."""
        return _("Accessibilité\u00a0: %(status)s") % {"status": self.get_accessibility_status_display().lower()}

    def clean(self):
        super().clean()
        # Image uploads refuse SVG today (WAGTAILIMAGES_EXTENSIONS); the header must stay safe if that changes.
        if self.logo and self.logo.is_svg():
            raise ValidationError({"logo": _("Le logo doit être une image PNG, JPEG ou WebP, pas un SVG.")})
