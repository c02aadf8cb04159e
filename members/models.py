"""The organisations of the network: one page each, under a single members index page."""

from typing import NamedTuple

from django import forms
from django.db import models
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.departements import Departement
from core.fragments import shared
from core.pagination import paginate
from core.pictures import with_renditions
from core.privacy import privacy

from .filters import OrganisationFilter, heading
from .roles import Role

# The hook through which other domains add sections to an organisation page (governance adds the
# seats in its bodies): members knows no other domain. A hook function takes (page, request) and
# returns the section's HTML, or "" to add nothing.
ORGANISATION_SECTIONS_HOOK = "members_organisation_page_sections"


class NetworkRole(models.Model):
    """A role of the Role vocabulary, as a row an organisation page relates to (one row per Role)."""

    code = models.CharField(_("Rôle"), max_length=30, primary_key=True, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("Ordre"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("Rôle dans le réseau")
        verbose_name_plural = _("Rôles dans le réseau")

    def __str__(self):
        return self.get_code_display()


class ActionDepartement(models.Model):
    """A département of Occitanie, as a row an organisation page relates to (one row per Departement)."""

    code = models.CharField(_("Département"), max_length=2, primary_key=True, choices=Departement.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Département d'action")
        verbose_name_plural = _("Départements d'action")

    def __str__(self):
        return self.get_code_display()


LOGO_SIZES = ("logo", "logo-large")


def logos_with_renditions(lookup="logo"):
    """Prefetch the logos at `lookup` with the renditions the templates use (no query per logo)."""
    return with_renditions(lookup, *LOGO_SIZES)


class OrganisationQuerySet(PageQuerySet):
    def for_listing(self, request=None):
        """Live public organisations with what a card needs (logo renditions, roles), in tree order
        (`request`: read the privacy rules once per request)."""
        return (
            privacy(request)
            .public(self.live())
            .prefetch_related(logos_with_renditions(), "roles", "departements")
            .order_by("path")
        )

    def with_role(self, *roles):
        return self.filter(roles__in=roles).distinct()

    def in_departement(self, code):
        return self.filter(departements=code).distinct()


class Listed(NamedTuple):
    """An organisation as the members index lists it: what its filters read, and its card."""

    pk: int
    roles: tuple  # codes, in the order of Role
    departements: tuple  # codes, in the order of Departement
    card: str  # HTML


# Entries of the index per page: groups (and organisations with several roles) count once per card.
PER_PAGE = 24


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
    cache_query_params = ("role", "departement", "page")

    class Meta:
        verbose_name = _("Page d'index des membres")

    def listed_organisations(self, request=None):
        """[Listed, ...]: this index's live public organisations in tree order, the same for every
        visitor and every filter, kept with the content generation (their cards are rendered once)."""

        def build():
            card = get_template("members/includes/organisation_card.html")
            return [
                Listed(
                    organisation.pk,
                    tuple(organisation.held_roles),
                    tuple(organisation.held_departements),
                    card.render({"organisation": organisation, "show_departements": True, "request": request}),
                )
                for organisation in OrganisationPage.objects.child_of(self).for_listing(request)
            ]

        return shared(request, "members.listed_organisations", build, self.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation_filter = OrganisationFilter(request.GET)
        context["filter"] = organisation_filter
        context["groups"] = []
        if organisation_filter.is_valid():
            entries = organisation_filter.grouped(self.listed_organisations(request))
            entries_page = paginate(request, entries, PER_PAGE)
            context["groups"] = self.page_groups(entries, entries_page)
            context["organisations"] = entries_page
        return context

    @staticmethod
    def page_groups(entries, entries_page):
        """The groups of one page of `entries`: [{"heading", "continued", "cards"}, ...]; continued:
        the group began on an earlier page."""
        groups = []
        first = entries_page.start_index() - 1
        for position, (group, listed) in enumerate(entries_page.object_list, start=first):
            if not groups or groups[-1]["group"] != group:
                continued = position > 0 and entries[position - 1][0] == group
                groups.append({"group": group, "heading": heading(group), "continued": continued, "cards": []})
            groups[-1]["cards"].append(listed.card)
        return groups

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not response.context_data["filter"].is_valid():
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
    roles = ParentalManyToManyField(
        NetworkRole,
        verbose_name=_("Rôles dans le réseau"),
        blank=True,
        related_name="+",
        help_text=_("Plusieurs choix possibles. Les rôles décident où l'organisation apparaît sur le site."),
    )
    departements = ParentalManyToManyField(
        ActionDepartement,
        verbose_name=_("Départements d'action"),
        blank=True,
        related_name="+",
        help_text=_("Les départements d'Occitanie où l'organisation agit."),
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
                FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("departements", widget=forms.CheckboxSelectMultiple),
                PageChooserPanel("parent_organisation", "members.OrganisationPage"),
            ],
            heading=_("Place dans le réseau"),
        ),
    ]

    parent_page_types = ["members.MemberIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisations")

    @cached_property
    def held_roles(self):
        """This organisation's roles as Role members, in the order of Role (saved or in-memory page)."""
        held = {role.code for role in self.roles.all()}
        return [role for role in Role if role in held]

    @cached_property
    def held_departements(self):
        held = {departement.code for departement in self.departements.all()}
        return [departement for departement in Departement if departement in held]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["affiliates"] = (
            OrganisationPage.objects.filter(parent_organisation=self).for_listing(request) if self.pk else []
        )
        parent = self.parent_organisation
        context["parent"] = parent if parent and parent.live and not privacy(request).is_reserved(parent) else None
        sections = (hook(self, request) for hook in hooks.get_hooks(ORGANISATION_SECTIONS_HOOK))
        context["sections"] = [html for html in sections if html]
        return context
