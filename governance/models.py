"""How the hub is steered: the governance bodies, their composition, the territorial poles."""

from django.db import models
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.departements import Departement
from core.fragments import shared
from core.panels import InlinePanel
from core.privacy import privacy
from members.models import OrganisationPage, logos_with_renditions
from places.models import departement_directory


class BodyKind(models.TextChoices):
    COPIL = "copil", _("Comité de pilotage")
    COS = "cos", _("Comité d'orientation stratégique")
    COTECH = "cotech", _("Comité technique")
    OTHER = "autre", _("Autre instance")
    # A territorial pole is told apart by its page type (TerritorialPolePage), not by a kind.


class SeatRole(models.TextChoices):
    MEMBER = "membre", _("Membre")
    CHAIR = "presidence", _("Présidence")
    COORDINATOR = "coordination", _("Coordination")
    LEAD = "animation", _("Animation")


def _visible(page, request):
    """True when visitors may see `page` (live and under no privacy rule)."""
    return page is not None and page.live and not privacy(request).is_reserved(page)


def _render(template_name, request, **values):
    """A partial's HTML for a kept fragment: no context processor, no CSRF token (it holds no form),
    nothing of the visitor's but the request its tags build URLs from."""
    return mark_safe(get_template(template_name).render({**values, "request": request}))


def body_cards(request, index):
    """The governance index's live public children (the bodies and the poles' index) as cards, in tree
    order: {"title", "acronym", "summary", "url", "show_on_home_page"}. The same for every visitor,
    kept with the content generation (core/fragments.py): the governance page and the home page's
    section share them."""

    def build():
        children = privacy(request).public(index.get_children().live()).specific()
        return [
            {
                "title": child.title,
                "acronym": getattr(child, "acronym", ""),
                "summary": getattr(child, "summary", ""),
                "url": child.get_url(request),
                "show_on_home_page": getattr(child, "show_on_home_page", False),
            }
            for child in children
        ]

    return shared(request, "governance.body_cards", build, index.pk)


class HomeListing(models.Model):
    """What the home page shows of a governance page: a short summary, if staff want it there."""

    summary = models.TextField(
        _("Résumé"),
        max_length=300,
        blank=True,
        help_text=_("Une ou deux phrases sur le rôle de l'instance, reprises sur la page d'accueil."),
    )
    show_on_home_page = models.BooleanField(
        _("Afficher sur la page d'accueil"),
        default=True,
        help_text=_("L'ordre sur la page d'accueil est celui des pages dans l'arborescence."),
    )

    class Meta:
        abstract = True


class GovernanceIndexPage(Page):
    """How the hub is steered, with a link to every body."""

    introduction = RichTextField(
        _("Introduction"),
        blank=True,
        help_text=_("Quelques phrases sur l'organisation de la gouvernance, affichées en tête de page."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenu"), blank=True)

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["governance.GovernanceBodyPage", "governance.TerritorialPoleIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Page d'index de la gouvernance")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = body_cards(request, self)
        return context


class GovernanceBodyPage(HomeListing, Page):  # noqa: DJ008 (Page.__str__)
    """A governance body: the steering committee, the strategic orientation committee, a technical committee."""

    kind = models.CharField(
        _("Type d'instance"),
        max_length=10,
        choices=BodyKind.choices,
        default=BodyKind.OTHER,
        help_text=_("Le Comité d'orientation stratégique fournit les logos de la page d'accueil."),
    )
    acronym = models.CharField(_("Sigle"), max_length=20, blank=True, help_text=_("Par exemple « CoPil »."))
    mission = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Rôle et fonctionnement"),
        blank=True,
        help_text=_("Ce que décide ou conseille l'instance, qui la compose, comment elle travaille."),
    )
    cadence = models.CharField(
        _("Rythme des réunions"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Deux fois par an ». Laissez vide si ce n'est pas encore fixé."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("mission"),
        index.FilterField("kind"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("acronym"), FieldPanel("summary"), FieldPanel("show_on_home_page")],
            heading=_("Présentation"),
        ),
        FieldPanel("mission"),
        FieldPanel("cadence"),
        InlinePanel(
            "composition",
            heading=_("Composition"),
            label=_("Organisation"),
            add_label=_("Ajouter une organisation"),
            help_text=_("Les organisations qui siègent dans l'instance, dans l'ordre d'affichage."),
        ),
        InlinePanel(
            "working_groups",
            heading=_("Groupes de travail"),
            label=_("Groupe de travail"),
            add_label=_("Ajouter un groupe de travail"),
            help_text=_("Pour un comité technique : les groupes de travail thématiques qui s'y forment."),
        ),
    ]

    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = []
    has_working_groups = True

    class Meta:
        verbose_name = _("Instance de gouvernance")
        verbose_name_plural = _("Instances de gouvernance")

    @property
    def kind_label(self):
        """The kind in words; a territorial pole's is its page type's name (no query: cached types)."""
        if issubclass(self.specific_class or type(self), TerritorialPolePage):
            return TerritorialPolePage._meta.verbose_name
        return self.get_kind_display()

    def get_seats(self, request=None):
        """The composition, each seat with its organisation and logo, live and public organisations only
        (an organisation page under a privacy rule is not listed).

        The same code reads a saved composition (one query, logos prefetched) and the in-memory one of a
        page rebuilt from the edit form or a revision (preview, draft), where lookups across relations
        cannot run: the visibility test happens in Python, on paths (no query of its own)."""
        seats = self.composition.select_related("organisation").prefetch_related(
            logos_with_renditions("organisation__logo")
        )
        return [seat for seat in seats if seat.organisation_id and _visible(seat.organisation, request)]

    def get_working_groups(self, request=None):
        """The working groups; `lead` is the lead organisation when its page is live and public (saved or
        in-memory groups alike, see get_seats)."""
        groups = list(self.working_groups.select_related("lead_organisation"))
        for group in groups:
            lead = group.lead_organisation if group.lead_organisation_id else None
            group.lead = lead if _visible(lead, request) else None
        return groups

    def seat_cards(self, request=None):
        """The composition's cards (HTML, empty without a visible seat). Public organisations only,
        the same for every visitor: kept with the content generation, which every publication renews
        (the page's and its organisations'); a preview builds them from the page it shows."""

        def build():
            seats = self.get_seats(request)
            return _render("governance/includes/seat_list.html", request, seats=seats) if seats else ""

        return mark_safe(shared(request, "governance.seat_cards", build, self.pk))

    def working_group_rows(self, request=None):
        """The working groups as {"name", "theme", "description", "lead_title", "lead_url"} (no lead
        when its page is not live and public), kept like the composition."""

        def build():
            return [
                {
                    "name": group.name,
                    "theme": group.theme,
                    "description": group.description,
                    "lead_title": group.lead.title if group.lead else "",
                    "lead_url": group.lead.get_url(request) if group.lead else "",
                }
                for group in self.get_working_groups(request)
            ]

        return shared(request, "governance.working_groups", build, self.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["seat_cards"] = self.seat_cards(request)
        context["working_groups"] = self.working_group_rows(request) if self.has_working_groups else []
        return context


class TerritorialPoleIndexPage(HomeListing, Page):  # noqa: DJ008 (Page.__str__)
    """The territorial poles: the hub's animation, département by département."""

    introduction = RichTextField(
        _("Introduction"),
        blank=True,
        help_text=_("Le rôle des pôles territoriaux, affiché au-dessus de la liste des départements."),
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("show_on_home_page"),
        FieldPanel("introduction"),
    ]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = ["governance.TerritorialPolePage"]
    max_count = 1

    class Meta:
        verbose_name = _("Page d'index des pôles territoriaux")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["poles"] = self.pole_links(request)
        return context

    def pole_links(self, request=None):
        """The live public poles by département code, as {"title", "departement", "url"}: the same for
        every visitor, kept with the content generation."""

        def build():
            poles = privacy(request).public(TerritorialPolePage.objects.child_of(self).live())
            url, url_path = self.get_url(request) or "", self.url_path
            return [
                {"title": title, "departement": departement, "url": url + pole_path[len(url_path) :]}
                for title, departement, pole_path in poles.order_by("departement").values_list(
                    "title", "departement", "url_path"
                )
            ]

        return shared(request, "governance.pole_links", build, self.pk)


class TerritorialPolePage(GovernanceBodyPage):  # noqa: DJ008 (Page.__str__)
    """A territorial pole: the hub's animation in one département."""

    departement = models.CharField(
        _("Département"),
        max_length=2,
        choices=Departement.choices,
        unique=True,
        help_text=_("Un seul pôle par département."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("departement"),
        FieldPanel("summary"),
        FieldPanel("mission"),
        FieldPanel("cadence"),
        InlinePanel(
            "composition",
            heading=_("Coordination du pôle"),
            label=_("Organisation"),
            add_label=_("Ajouter une organisation"),
            help_text=_("Les organisations qui coordonnent le pôle (rôle « Coordination ») ou y siègent."),
        ),
    ]
    parent_page_types = ["governance.TerritorialPoleIndexPage"]
    subpage_types = []
    has_working_groups = False  # not in its panels

    class Meta:
        verbose_name = _("Pôle territorial")
        verbose_name_plural = _("Pôles territoriaux")

    def acting_organisation_cards(self, request=None):
        """The cards (HTML, list items) of the live public organisations that act in the département and
        do not sit in the pole; kept like the composition."""

        def build():
            # Every seated organisation, shown or not (the list below keeps only live public ones):
            # no need for get_seats' joins.
            seated = {seat.organisation_id for seat in self.composition.all()}
            organisations = [
                organisation
                for organisation in OrganisationPage.objects.in_departement(self.departement).for_listing(request)
                if organisation.pk not in seated
            ]
            if not organisations:
                return ""
            return _render("governance/includes/acting_organisations.html", request, organisations=organisations)

        return mark_safe(shared(request, "governance.acting_organisations", build, self.pk))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["acting_organisations"] = self.acting_organisation_cards(request)
        context["places_directory"] = shared(
            request,
            "governance.places_directory",
            lambda: departement_directory(self.departement, request),
            self.departement,
        )
        return context


class SeatQuerySet(models.QuerySet):
    def public_for(self, organisation, request=None):
        """The seats of `organisation` in live bodies, in tree order. A body under a privacy rule is not
        listed: its title alone would tell what staff keep reserved."""
        # The rule on the body's path (a join), not `body__in=<every public page>`, which reads the
        # whole page table.
        seats = self.filter(organisation=organisation, body__live=True)
        return privacy(request).public(seats, path_field="body__path").select_related("body").order_by("body__path")


class Seat(Orderable):
    """An organisation's seat in a governance body, with its role there."""

    body = ParentalKey(GovernanceBodyPage, on_delete=models.CASCADE, related_name="composition")
    organisation = models.ForeignKey(
        OrganisationPage,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="governance_seats",
        help_text=_("Choisissez une page organisation ; créez-la d'abord dans « Organisations » si elle manque."),
    )
    role = models.CharField(_("Rôle dans l'instance"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)
    note = models.CharField(
        _("Précision"),
        max_length=200,
        blank=True,
        help_text=_("Facultatif, par exemple « représentée par son bureau »."),
    )

    objects = SeatQuerySet.as_manager()

    panels = [
        PageChooserPanel("organisation", "members.OrganisationPage"),
        FieldPanel("role"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Siège")
        verbose_name_plural = _("Composition")

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"


class WorkingGroup(Orderable):
    """A thematic working group formed within a technical committee."""

    body = ParentalKey(GovernanceBodyPage, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("Nom"), max_length=150)
    theme = models.CharField(_("Thème"), max_length=150, help_text=_("Par exemple « Accès aux droits »."))
    lead_organisation = models.ForeignKey(
        OrganisationPage,
        verbose_name=_("Organisation pilote"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_working_groups",
    )
    description = models.TextField(_("Description courte"), max_length=500, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("theme"),
        PageChooserPanel("lead_organisation", "members.OrganisationPage"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Groupe de travail")
        verbose_name_plural = _("Groupes de travail")

    def __str__(self):
        return self.name
