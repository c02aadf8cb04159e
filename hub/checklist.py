"""« Avant la mise en ligne »: what staff must still fill in before the site goes public, read from every
domain in a constant handful of queries. The public pages leave these things out; the checklist says
where they are missing, with a link to the screen that fills them."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.site_builder import PLACEHOLDER_FILE_PREFIX
from governance.models import GovernanceBodyPage, SeatRole, TerritorialPolePage
from members.models import OrganisationPage
from places.demo import SOURCE as DEMO_SOURCE
from places.models import Place

from .models import SiteSettings


@dataclass
class ChecklistItem:
    """One thing to fill in: what, why, and the pages or screens where to do it."""

    label: str
    help: str = ""
    url: str = ""
    links: list = field(default_factory=list)  # (title, edit URL) pairs


def _page_links(pages):
    return [(page.title, reverse("wagtailadmin_pages:edit", args=[page.pk])) for page in pages]


def launch_checklist(request):
    """The items still to do, in the order a visitor would notice them; empty when all is done."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    items = []
    if site is not None:
        settings = SiteSettings.for_site(site)
        settings_url = reverse("wagtailsettings:edit", args=["hub", "sitesettings", site.pk])
        if not settings.contact_email:
            items.append(
                ChecklistItem(
                    _("Adresse e-mail de contact"),
                    _("Affichée dans le pied de page de chaque page, à côté du lien « Nous écrire »."),
                    settings_url,
                )
            )
        missing = [
            str(SiteSettings._meta.get_field(name).verbose_name).lower()
            for name in SiteSettings.LEGAL_NOTICE_FIELDS
            if not getattr(settings, name)
        ]
        if missing:
            items.append(
                ChecklistItem(
                    _("Mentions légales : %(fields)s") % {"fields": ", ".join(missing)},
                    _("La loi demande de nommer la direction de la publication et l'hébergeur."),
                    settings_url,
                )
            )

    logos = OrganisationPage.objects.live().filter(logo__file__contains=f"/{PLACEHOLDER_FILE_PREFIX}")
    bodies = GovernanceBodyPage.objects.live().filter(territorialpolepage__isnull=True, composition__isnull=True)
    poles = TerritorialPolePage.objects.live().exclude(composition__role=SeatRole.COORDINATOR)
    without_departement = OrganisationPage.objects.live().filter(departements__isnull=True)
    for queryset, label, help_text in (
        (
            logos,
            _("Logos provisoires encore affichés"),
            _("Remplacez les initiales sur fond de couleur par le vrai logo de l'organisation."),
        ),
        (
            bodies,
            _("Instances sans composition"),
            _("La partie « Composition » de la page, et pour le COS ses logos sur l'accueil, restent masqués."),
        ),
        (
            poles,
            _("Pôles territoriaux sans coordination"),
            _("Ajoutez l'organisation qui coordonne le pôle, avec le rôle « Coordination »."),
        ),
        (
            without_departement,
            _("Organisations sans département d'action"),
            _("Elles n'apparaissent sur aucun pôle territorial ni dans le filtre par département."),
        ),
    ):
        pages = list(queryset.order_by("path").only("pk", "title").distinct())
        if pages:
            items.append(ChecklistItem(label, help_text, links=_page_links(pages)))

    demo_places = Place.objects.demo().count()
    if demo_places:
        items.append(
            ChecklistItem(
                _("%(count)s lieux de démonstration publiés dans l'annuaire") % {"count": demo_places},
                _("Des lieux inventés, chargés pour essayer le site : supprimez-les avant la mise en ligne."),
                reverse("lieux:index") + "?" + urlencode({"source": DEMO_SOURCE}),
            )
        )
    return items
