"""The organisations of the network: one page each, under a single members index page."""

from functools import partial
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
from core.pictures import kept_picture, with_renditions
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
    """A live public organisation as the members pages list it: what the index's filters read and
    what an organisation page needs to link to it."""

    pk: int
    parent: int | None  # its parent organisation's pk
    title: str
    url: str
    roles: tuple  # codes, in the order of Role
    departements: tuple  # codes, in the order of Departement

    def __reduce__(self):
        # Unpickled for every request that reads the list: built by tuple's own constructor, not the
        # generated Python __new__ (half the time for a list of a few hundred).
        return (tuple.__new__, (Listed, tuple(self)))


CARD_TEMPLATE = "members/includes/organisation_card.html"

# Entries of the index per page: an organisation with two roles counts twice (a card in each group).
PER_PAGE = 24


def listed_organisations(request, index):
    """[Listed, ...]: the live public organisations under `index` (the members index, any page
    class), in tree order. The same for every visitor: kept with the content generation, read by
    every variant of the index and by the organisation pages."""

    def build():
        organisations = (
            privacy(request)
            .public(OrganisationPage.objects.child_of(index).live())
            .prefetch_related("roles", "departements")
            .order_by("path")
        )
        return [
            Listed(
                organisation.pk,
                organisation.parent_organisation_id,
                organisation.title,
                organisation.get_url(request),
                tuple(organisation.held_roles),
                tuple(organisation.held_departements),
            )
            for organisation in organisations
        ]

    return shared(request, "members.listed_organisations", build, index.pk)


def organisation_cards(request, pks, show_departements=False):
    """{pk: card HTML} for the live public organisations among `pks`. Each card is kept with the
    content generation for every list that shows it; the missing ones are rendered together, in a
    fixed number of queries."""
    rendered = None

    def render(pk):
        nonlocal rendered
        if rendered is None:
            template = get_template(CARD_TEMPLATE)
            rendered = {
                organisation.pk: template.render(
                    {"organisation": organisation, "show_departements": show_departements, "request": request}
                )
                for organisation in OrganisationPage.objects.filter(pk__in=pks).for_listing(request)
            }
        return rendered.get(pk, "")

    cards = {pk: shared(request, "members.card", partial(render, pk), show_departements, pk) for pk in pks}
    return {pk: card for pk, card in cards.items() if card}


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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation_filter = OrganisationFilter(request.GET)
        context["filter"] = organisation_filter
        context["groups"] = []
        if organisation_filter.is_valid():
            entries = organisation_filter.grouped(listed_organisations(request, self))
            entries_page = paginate(request, entries, PER_PAGE)
            context["groups"] = self.page_groups(request, entries, entries_page)
            context["organisations"] = entries_page
        return context

    @staticmethod
    def page_groups(request, entries, entries_page):
        """The groups of one page of `entries` ((group, Listed) pairs): [{"heading", "continued",
        "cards"}, ...]; continued: the group began on an earlier page."""
        cards = organisation_cards(request, list(dict.fromkeys(listed.pk for _, listed in entries_page)), True)
        groups = []
        first = entries_page.start_index() - 1
        for position, (group, listed) in enumerate(entries_page, start=first):
            if not groups or groups[-1]["group"] != group:
                continued = position > 0 and entries[position - 1][0] == group
                groups.append({"group": group, "heading": heading(group), "continued": continued, "cards": []})
            if listed.pk in cards:
                groups[-1]["cards"].append(cards[listed.pk])
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

    def large_logo(self, request=None):
        """The logo's `<picture>` at the top of the page, kept as `{% sized_picture %}` keeps it: the
        image itself is read only to make the picture."""
        if not self.logo_id:
            return ""
        return kept_picture(request, self.logo_id, lambda: self.logo, "logo-large", **{"class": "org-header__logo"})

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
        listed = {organisation.pk: organisation for organisation in listed_organisations(request, self.get_parent())}
        own = listed.get(self.pk)
        if own is not None and not getattr(request, "is_preview", False):
            # The live page's roles and départements, as listed: no query of their own.
            self.held_roles = [Role(code) for code in own.roles]
            self.held_departements = [Departement(code) for code in own.departements]
        affiliates = [organisation.pk for organisation in listed.values() if self.pk and organisation.parent == self.pk]
        context["affiliates"] = list(organisation_cards(request, affiliates).values())
        context["parent"] = listed.get(self.parent_organisation_id)  # linked when live and public
        context["logo"] = self.large_logo(request)
        sections = (hook(self, request) for hook in hooks.get_hooks(ORGANISATION_SECTIONS_HOOK))
        context["sections"] = [html for html in sections if html]
        return context
