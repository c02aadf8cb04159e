"""The organisations of the network: one page each, under a single members index page."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.departements import Departement
from core.privacy import privacy

from .forms import OrganisationPageForm


class Role(models.TextChoices):
    """The roles an organisation can hold in the network (several at once)."""

    CARRIER = "porteur", _("Porteur du hub")
    CO_PILOT = "copilote", _("Copilote")
    FOUNDING_MEMBER = "membre-fondateur", _("Membre fondateur associé")
    FIELD_STRUCTURE = "structure-de-terrain", _("Structure de terrain")
    COS_PARTICIPANT = "participant-cos", _("Participant au COS")


# Headings of the index page's groups, in the order the groups are shown.
ROLE_GROUP_HEADINGS = {
    Role.CARRIER: _("Porteur du hub"),
    Role.CO_PILOT: _("Copilote"),
    Role.FOUNDING_MEMBER: _("Membres fondateurs associés"),
    Role.FIELD_STRUCTURE: _("Structures de terrain"),
    Role.COS_PARTICIPANT: _("Participants au Comité d'orientation stratégique"),
}

FOUNDING_ROLES = [Role.CARRIER, Role.CO_PILOT, Role.FOUNDING_MEMBER]


LOGO_FILTERS = ("max-160x80|format-webp", "max-320x160|format-webp")


def logos_with_renditions(lookup="logo"):
    """Prefetch the logos at `lookup` with the renditions the templates use (no query per logo)."""
    return models.Prefetch(lookup, queryset=get_image_model().objects.prefetch_renditions(*LOGO_FILTERS))


class OrganisationQuerySet(PageQuerySet):
    def for_listing(self, request=None):
        """Live public organisations with what a card needs (logo renditions, roles), in tree order
        (`request`: read the privacy rules once per request)."""
        return (
            privacy(request)
            .public(self.live())
            .prefetch_related(logos_with_renditions(), "role_entries", "departement_entries")
            .order_by("path")
        )

    def with_role(self, *roles):
        return self.filter(role_entries__role__in=roles).distinct()

    def in_departement(self, code):
        return self.filter(departement_entries__code=code).distinct()


class MemberIndexPage(Page):
    """The list of the network's organisations, grouped by role, filterable by role and département."""

    introduction = RichTextField(
        _("Introduction"),
        blank=True,
        help_text=_("Quelques phrases affichées au-dessus de la liste des organisations."),
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["members.OrganisationPage"]
    max_count = 1
    # The only query parameters the page reads: the page cache keys on these and stores no others.
    cache_query_params = ("role", "departement")

    class Meta:
        verbose_name = _("Page d'index des membres")

    def get_context(self, request, *args, **kwargs):
        from .filters import OrganisationFilter

        context = super().get_context(request, *args, **kwargs)
        organisation_filter = OrganisationFilter(request.GET)
        context["filter"] = organisation_filter
        context["groups"] = []
        if organisation_filter.is_valid:
            organisations = OrganisationPage.objects.child_of(self).for_listing(request)
            context["groups"] = organisation_filter.grouped(organisations)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not response.context_data["filter"].is_valid:
            # The visitor's mistake, explained on the page itself rather than by a bare error page.
            response.status_code = 400
        return response


class OrganisationPage(Page):
    """An organisation of the network: founding member, field structure, COS participant..."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le logo de l'organisation, sur fond clair de préférence (format paysage)."),
    )
    summary = models.TextField(
        _("Résumé"),
        max_length=300,
        blank=True,
        help_text=_("Deux phrases au plus, affichées dans les listes et sur la page d'accueil."),
    )
    description = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Présentation détaillée"),
        blank=True,
        help_text=_("Ce que fait l'organisation, ses publics, son apport au hub."),
    )
    website = models.URLField(_("Site internet"), blank=True, help_text=_("Adresse complète, avec https://."))
    parent_organisation = models.ForeignKey(
        "self",
        verbose_name=_("Organisation de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliates",
        help_text=_("Par exemple Coll.in pour ses structures de terrain. Laissez vide sinon."),
    )

    objects = PageManager.from_queryset(OrganisationQuerySet)()

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("parent_organisation"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("logo"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("roles"),
                FieldPanel("departements"),
                PageChooserPanel("parent_organisation", "members.OrganisationPage"),
            ],
            heading=_("Place dans le réseau"),
        ),
    ]
    base_form_class = OrganisationPageForm

    parent_page_types = ["members.MemberIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")

    @cached_property
    def roles(self):
        """This organisation's roles as Role members, in the order of Role."""
        held = {entry.role for entry in self.role_entries.all()}
        return [role for role in Role if role in held]

    @cached_property
    def departements(self):
        held = {entry.code for entry in self.departement_entries.all()}
        return [departement for departement in Departement if departement in held]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["affiliates"] = (
            OrganisationPage.objects.filter(parent_organisation=self).for_listing(request) if self.pk else []
        )
        parent = self.parent_organisation
        context["parent"] = parent if parent and parent.live and not privacy(request).is_reserved(parent) else None
        # Seats in governance bodies, through the reverse relation governance declares; members
        # does not import governance (see ARCHITECTURE.md). A body under a privacy rule is not
        # listed: its title alone would tell what staff keep reserved.
        seats = getattr(self, "governance_seats", None)
        context["seats"] = (
            seats.filter(body__live=True, body__in=privacy(request).public(Page.objects.all()).values("pk"))
            .select_related("body")
            .order_by("body__path")
            if seats and self.pk
            else []
        )
        return context


class OrganisationRole(models.Model):
    """One role held by an organisation in the network."""

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="role_entries")
    role = models.CharField(_("Rôle"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("Rôle dans le réseau")
        constraints = [models.UniqueConstraint(fields=["page", "role"], name="members_unique_role_per_page")]

    def __str__(self):
        return self.get_role_display()


class OrganisationDepartement(models.Model):
    """One département where an organisation acts."""

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="departement_entries")
    code = models.CharField(_("Département"), max_length=2, choices=Departement.choices)

    class Meta:
        verbose_name = _("Département d'action")
        constraints = [models.UniqueConstraint(fields=["page", "code"], name="members_unique_departement_per_page")]

    def __str__(self):
        return self.get_code_display()
