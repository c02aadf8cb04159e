"""Digital-mediation places, in the national open-data standard (places/schema/)."""

import datetime
import math
import uuid
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, ExpressionWrapper, F, FloatField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from core.cache import limit_page_cache, route_reads_query_params
from core.errors import NotFound
from core.navigation import top_pages

from . import choices, hours
from .fields import PipeListField
from .listing import place_context, place_listing
from .search import folded_places, matching, matching_ids, search_terms

# Slugs under /lieux/ kept for pages that other apps place under the directory (the inbox's « Référencer
# mon lieu » and « Signaler une modification »): the directory's routes leave them to those pages.
SUBPAGE_SLUGS = frozenset({"referencer", "signaler"})
# Slugs the directory uses for its own routes and subpages under /lieux/: never given to a place.
RESERVED_SLUGS = SUBPAGE_SLUGS | frozenset(
    {
        "export",
        "carte",
        "autour",
        "recherche",
        "departement",
        "api",
        "admin",
        "flux",
        "imprimer",
        "proposer",
        "page",
    }
)
SLUG_MAX_LENGTH = 120
DEMO_MARKER = "démonstration"
# Data not updated for longer than this is flagged to staff as old.
STALE_AFTER_DAYS = 365


def departement_code(code_insee, code_postal=""):
    """The INSEE département code of a place ("31", "2A", "971"), from its commune code or, failing
    that, its postcode; "" when neither says."""
    code = (code_insee or "").strip().upper()
    if len(code) == 5:
        return code[:3] if code.startswith(("97", "98")) else code[:2]
    postcode = (code_postal or "").strip()
    if len(postcode) == 5 and postcode.isdigit():
        if postcode.startswith(("97", "98")):
            return postcode[:3]
        if postcode.startswith("20"):
            # Corsica: postcodes 200xx-201xx are Corse-du-Sud, 202xx-206xx Haute-Corse.
            return "2A" if postcode < "20200" else "2B"
        return postcode[:2]
    return ""


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("« %(slug)s » est réservé aux pages de l'annuaire : choisissez un autre identifiant."),
            params={"slug": value},
        )


def base_slug(nom, commune):
    """An ASCII slug from the name and commune, never a reserved one."""
    slug = slugify(f"{nom} {commune}")[:SLUG_MAX_LENGTH].strip("-") or "lieu"
    return f"{slug}-lieu" if slug in RESERVED_SLUGS else slug


def unique_slug(base, taken):
    """`base`, or `base-2`, `base-3`... the first that is not in `taken` (a set or a callable)."""
    is_taken = taken if callable(taken) else taken.__contains__
    slug, number = base, 1
    while is_taken(slug) or slug in RESERVED_SLUGS:
        number += 1
        suffix = f"-{number}"
        slug = f"{base[: SLUG_MAX_LENGTH - len(suffix)]}{suffix}"
    return slug


# What a place of a list shows (templates/places/place_index_page.html, hub/search.html) and what its
# opening hours and distance need: reading anything else there would cost a query per place.
LISTING_FIELDS = (
    "slug",
    "nom",
    "commune",
    "code_postal",
    "horaires",
    "latitude",
    "longitude",
    "services",
    "frais_a_charge",
    "telephone",
)


class PlaceQuerySet(models.QuerySet):
    def in_departement(self, code):
        return self.filter(departement=code)

    def demo(self):
        return self.filter(source__icontains=DEMO_MARKER)

    def stale(self, today=None):
        """Places whose data (date_maj) is more than 12 months old."""
        today = today or timezone.localdate()
        return self.filter(date_maj__lt=today - datetime.timedelta(days=STALE_AFTER_DAYS))

    def for_listing(self):
        """What a list item shows (the directory's list, the site's search), in the list's order: its
        columns only, each list column read costing a conversion per row."""
        return self.only(*LISTING_FIELDS).order_by("commune", "nom", "pk")

    def page_of(self, slug):
        """The place at this slug as its pages show it (without the import snapshot), or None: the
        slug is unique, so no sorting."""
        try:
            return self.defer("imported_values").get(slug=slug)
        except self.model.DoesNotExist:
            return None

    def by_distance(self, origin):
        """Nearest first from (latitude, longitude), places without coordinates last. The squared
        equirectangular distance sorts the same as the distance and needs no SQL function."""
        latitude, longitude = origin
        scale = math.cos(math.radians(latitude))
        dx = (F("longitude") - Value(longitude)) * Value(scale)
        dy = F("latitude") - Value(latitude)
        distance = ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())
        return self.alias(distance=distance).order_by(F("distance").asc(nulls_last=True), "nom", "pk")


class Place(models.Model):
    """A digital-mediation place, with every field of the national standard."""

    # --- Identification (standard) ---
    standard_id = models.CharField(
        _("identifiant"),
        max_length=255,
        unique=True,
        help_text=_("Identifiant unique local du lieu dans le fichier source (colonne « id » du standard)."),
    )
    pivot = models.CharField(
        _("SIRET, RNA ou RIDET"),
        max_length=14,
        help_text=_("9 à 14 lettres ou chiffres, sans espace."),
    )
    nom = models.CharField(_("nom"), max_length=255)
    structure_parente = models.CharField(_("structure parente"), max_length=255, blank=True)
    typologie = PipeListField(
        _("typologie"), help_text=_("Types de structure (CCAS, ASSO, COMMUNE…), séparés par « | ».")
    )
    # --- Address and position ---
    adresse = models.CharField(_("adresse"), max_length=255)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5)
    commune = models.CharField(_("commune"), max_length=255)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, help_text=_("WGS84, par exemple 43.60426."))
    longitude = models.FloatField(_("longitude"), null=True, blank=True, help_text=_("WGS84, par exemple 1.44367."))
    itinerance = PipeListField(_("itinérance"), value_choices=choices.Itinerance.choices)
    # --- Contact ---
    telephone = models.CharField(
        _("téléphone"), max_length=20, blank=True, help_text=_("Format international sans espace : +33561000000.")
    )
    courriels = PipeListField(_("courriels"), help_text=_("Plusieurs adresses séparées par « | »."))
    site_web = PipeListField(_("sites web"), help_text=_("Plusieurs adresses séparées par « | »."))
    horaires = models.CharField(
        _("horaires"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Syntaxe OpenStreetMap opening_hours, par exemple « Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00 »."
        ),
    )
    prise_rdv = models.CharField(_("prise de rendez-vous en ligne"), max_length=500, blank=True)
    # --- Presentation ---
    presentation_resume = models.CharField(_("présentation résumée"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("présentation détaillée"), blank=True)
    # --- Services and publics ---
    services = PipeListField(_("services"), value_choices=choices.Service.choices)
    publics_specifiquement_adresses = PipeListField(
        _("publics spécifiquement adressés"), value_choices=choices.Public.choices
    )
    prise_en_charge_specifique = PipeListField(
        _("prise en charge spécifique"), value_choices=choices.PriseEnCharge.choices
    )
    frais_a_charge = PipeListField(_("frais à charge"), value_choices=choices.Frais.choices)
    modalites_acces = PipeListField(_("modalités d'accès"), value_choices=choices.ModaliteAcces.choices)
    modalites_accompagnement = PipeListField(
        _("modalités d'accompagnement"), value_choices=choices.ModaliteAccompagnement.choices
    )
    fiche_acces_libre = models.CharField(_("fiche acceslibre"), max_length=500, blank=True)
    # --- Labels and programmes ---
    dispositif_programmes_nationaux = PipeListField(
        _("dispositifs et programmes nationaux"), value_choices=choices.Dispositif.choices
    )
    formations_labels = PipeListField(_("formations et labels"), value_choices=choices.FormationLabel.choices)
    autres_formations_labels = models.TextField(_("autres formations et labels"), blank=True)
    # --- Data ---
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Structure qui a collecté la donnée. « démonstration » marque les lieux d'exemple."),
    )
    date_maj = models.DateField(_("date de mise à jour"))

    # --- The site's own fields ---
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=False,
        blank=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Lettres sans accent, chiffres et tirets ; laissé vide, il est tiré du nom et de la commune."),
    )
    departement = models.CharField(_("département"), max_length=3, blank=True, editable=False, db_index=True)
    # What the last import wrote, in the standard's text form: a current value that differs from it
    # was edited by hand, and the next import reports a conflict instead of overwriting it.
    imported_values = models.JSONField(_("valeurs importées"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["nom", "pk"]
        indexes = [
            # The directory's order (for_listing), whole or for one département: a page of the list
            # reads its rows in that order instead of sorting every place at each request.
            models.Index(fields=["commune", "nom", "id"], name="place_listing_order"),
            models.Index(fields=["departement", "commune", "nom", "id"], name="place_dept_listing_order"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune})"

    def save(self, *args, **kwargs):
        self.departement = departement_code(self.code_insee, self.code_postal)
        if not self.slug:
            others = Place.objects.exclude(pk=self.pk)
            self.slug = unique_slug(base_slug(self.nom, self.commune), lambda slug: others.filter(slug=slug).exists())
        super().save(*args, **kwargs)

    @property
    def is_demo(self):
        return DEMO_MARKER in self.source.lower()

    # --- What the public pages show ---

    @property
    def phone_display(self):
        """+33561000000 as « 05 61 00 00 00 »; other numbers as they are."""
        number = self.telephone.strip()
        if number.startswith("+33") and len(number) == 12 and number[1:].isdigit():
            national = "0" + number[3:]
            return " ".join(national[i : i + 2] for i in range(0, 10, 2))
        return number

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def openstreetmap_url(self):
        if self.has_position:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude:.6f}&mlon={self.longitude:.6f}"
                f"#map=18/{self.latitude:.6f}/{self.longitude:.6f}"
            )
        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": f"{self.adresse}, {self.code_postal} {self.commune}"}
        )

    @property
    def geo_url(self):
        """A geo: URI (RFC 5870) that phones open in their map application."""
        if self.has_position:
            return f"geo:{self.latitude:.6f},{self.longitude:.6f}"
        return "geo:0,0?" + urlencode({"q": f"{self.adresse}, {self.code_postal} {self.commune}"}, quote_via=quote)

    @property
    def web_links(self):
        return [url for url in self.site_web if _is_web_url(url)]

    @property
    def booking_url(self):
        return self.prise_rdv if _is_web_url(self.prise_rdv) else ""

    @property
    def acceslibre_url(self):
        return self.fiche_acces_libre if _is_web_url(self.fiche_acces_libre) else ""

    @property
    def departement_name(self):
        return choices.OCCITANIE_DEPARTEMENTS.get(self.departement, "")

    # --- What search engines and sharing previews read (core.seo) ---

    def get_meta_description(self):
        return self.presentation_resume or f"{self.nom}, lieu d'aide au numérique à {self.commune}."

    def structured_data(self, request):
        """This place as a schema.org GovernmentOffice (a public service's counter) or LocalBusiness (its
        page's URL added by the hub)."""
        public = bool(set(self.typologie) & choices.PUBLIC_SERVICE_TYPOLOGIES)
        address = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(part for part in (self.adresse, self.complement_adresse) if part),
            "postalCode": self.code_postal,
            "addressLocality": self.commune,
            "addressRegion": "Occitanie",
            "addressCountry": "FR",
        }
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice" if public else "LocalBusiness",
            "name": self.nom,
            "description": self.get_meta_description(),
            "address": address,
            "telephone": self.telephone,
            "email": self.courriels[0] if self.courriels else "",
            "sameAs": self.web_links,
        }
        if self.has_position:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": self.latitude, "longitude": self.longitude}
        return {key: value for key, value in data.items() if value}


class PlaceImportQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status__in=[PlaceImport.Status.VALIDATING, PlaceImport.Status.IMPORTING])

    def mark_stalled(self, now=None):
        """Fail the running imports that reported no progress for STALLED_AFTER: their worker was killed
        (a crash inside the task marks the import itself). The import's transaction died with the worker,
        so nothing of it was written."""
        limit = (now or timezone.now()) - PlaceImport.STALLED_AFTER
        minutes = int(PlaceImport.STALLED_AFTER.total_seconds() // 60)
        return (
            self.running()
            .filter(updated_at__lt=limit)
            .update(
                status=PlaceImport.Status.FAILED,
                error=(
                    f"Le traitement s'est interrompu : aucune progression depuis {minutes} minutes (processus de fond "
                    "arrêté ?). Rien n'a été enregistré par cette étape. Déposez le fichier à nouveau."
                ),
                updated_at=timezone.now(),
            )
        )


class PlaceImport(models.Model):
    """A places file uploaded in the admin, from its check (a dry run) to its import, with both reports."""

    class Status(models.TextChoices):
        PENDING = "en_attente", _("En attente")
        VALIDATING = "validation", _("Validation")
        READY = "pret", _("Prêt à confirmer")
        IMPORTING = "import", _("Import en cours")
        DONE = "termine", _("Terminé")
        FAILED = "echec", _("Échec")
        CANCELLED = "annule", _("Annulé")

    class Step(models.IntegerChoices):
        CHECK = 1, _("vérification des lignes")
        COMPARE = 2, _("comparaison avec les lieux du site")
        WRITE = 3, _("comparaison et écriture")

    # A running import updates its row at least every few hundred rows: this long without news, it died.
    STALLED_AFTER = datetime.timedelta(minutes=15)

    # Not guessable: the id is in the admin's URLs (which check the permission as well).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    background = models.BooleanField(_("traité en tâche de fond"), default=False)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PENDING)
    step = models.PositiveSmallIntegerField(_("étape"), choices=Step.choices, null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    rows_total = models.PositiveIntegerField(_("lignes du fichier"), null=True, blank=True)
    preview_report = models.JSONField(_("rapport de l'aperçu"), null=True, blank=True)
    final_report = models.JSONField(_("rapport de l'import"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    objects = PlaceImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import de lieux")
        verbose_name_plural = _("imports de lieux")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        """Waiting for the worker or in its hands: the status page refreshes itself."""
        return self.status in (self.Status.PENDING, self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def percent(self):
        if not self.rows_total or self.step is None:
            return None
        steps = 2  # check, then compare (and write): the file is read twice
        done = (self.rows_done if self.step == self.Step.CHECK else self.rows_total + self.rows_done) / steps
        return min(100, int(100 * done / self.rows_total))


def _is_web_url(value):
    # The importer and the admin form check these already; a link never gets another scheme.
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


_NOT_RESERVED = "(?!(?:{})/)".format("|".join(sorted(RESERVED_SLUGS)))


class PlaceIndexPage(RoutablePageMixin, Page):
    """The public directory of places: the list with its filters, a page per place, a print view."""

    introduction = RichTextField(
        _("Introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Quelques phrases en tête de la liste : à quoi sert l'annuaire, qui peut s'y rendre."),
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    # Subpages: see clean_subpage_models (the page types that ask for the directory as their parent).
    max_count = 1
    # The only query parameters the list reads: the page cache keys on these and stores no others.
    cache_query_params = (
        "q",
        "departement",
        "service",
        "public",
        "prise_en_charge",
        "frais",
        "modalites_acces",
        "autour",
        "page",
    )

    class Meta:
        verbose_name = _("Page de l'annuaire des lieux")

    @classmethod
    def clean_subpage_models(cls):
        """The page types that name the directory in their own `parent_page_types` (the inbox's
        forms), and no other: the directory cannot name them itself, it imports no app above it."""
        if cls._clean_subpage_models is None:
            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None and cls in model.clean_parent_page_models()
            ]
        return cls._clean_subpage_models

    def get_sitemap_urls(self, request=None):
        """The directory, then every place page (one query, whatever the number of places)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for slug, updated_at in Place.objects.order_by("slug").values_list("slug", "updated_at"):
            urls.append({"location": f"{base}{slug}/", "lastmod": updated_at})
        return urls

    @path("")
    def place_list(self, request):
        context = place_listing(self, request, Place.objects.for_listing())
        context["directory_links"] = directory_links(self, request)
        response = self.render(request, context_overrides=context)
        _expire_with_hours(response, [place.horaires for place in context["places"]], context["now"])
        return response

    # The directory's own routes (export, carte...) are reserved slugs: they never reach a place.
    # A place page reads no query parameter: the page cache stores it only without one.
    @re_path(rf"^{_NOT_RESERVED}(?P<slug>[^/]+)/$")
    @route_reads_query_params()
    def place_detail(self, request, slug):
        return self._render_place(request, slug, "places/place_page.html", with_links=True)

    @re_path(rf"^{_NOT_RESERVED}(?P<slug>[^/]+)/imprimer/$")
    @route_reads_query_params()
    def place_print(self, request, slug):
        return self._render_place(request, slug, "places/place_print.html")

    def _render_place(self, request, slug, template, with_links=False):
        place = Place.objects.page_of(slug)
        if place is None:
            raise NotFound("Ce lieu n'existe pas ou n'est plus référencé dans l'annuaire.")
        context = place_context(self, request, place)
        if with_links:
            context["directory_links"] = directory_links(self, request, place)
        response = self.render(request, template=template, context_overrides=context)
        _expire_with_hours(response, [place.horaires], context["now"])
        return response


class DirectorySubpageMixin:
    """A page of another app placed under the directory: it takes one of the slugs the directory
    leaves free (SUBPAGE_SLUGS), or the directory's place pages would shadow it."""

    def clean(self):
        super().clean()
        if self.slug not in SUBPAGE_SLUGS:
            raise ValidationError(
                {
                    "slug": _("Sous l'annuaire des lieux, cette page garde l'un de ces identifiants : %(slugs)s.")
                    % {"slugs": ", ".join(sorted(SUBPAGE_SLUGS))}
                }
            )


# Other apps add links to the directory's pages through this Wagtail hook: a function
# `(index, request, place)` returning [(label, url)], place being None on the list.
DIRECTORY_LINKS_HOOK = "place_directory_links"


def directory_links(index, request, place=None):
    """The links other apps give the directory's list (place None) or a place page."""
    return [link for hook in hooks.get_hooks(DIRECTORY_LINKS_HOOK) for link in hook(index, request, place)]


def _expire_with_hours(response, opening_hours, at):
    """Keep a cached page no longer than the next opening or closing among the hours it shows."""
    limit_page_cache(response, hours.cache_seconds(opening_hours, at=at))


def departement_directory(code, request=None):
    """{"index_url", "url", "count"}: the directory, its list filtered on this département and how
    many places that département has, in one query; None when the directory is not published."""
    count = Place.objects.filter(departement=code).order_by().values("departement").annotate(n=Count("pk")).values("n")
    directory = PlaceIndexPage.objects.live().annotate(place_count=Coalesce(Subquery(count), 0)).first()
    if directory is None:
        return None
    index_url = directory.get_url(request)
    return {"index_url": index_url, "url": f"{index_url}?departement={code}", "count": directory.place_count}


def site_search(text, limit, request=None):
    """For the site's search page: up to `limit` places whose name, commune, postcode or
    département match `text`, plus whether there are more, and the directory's URL, in one query
    (the directory is one of the pages the menu already read for this request)."""
    if not search_terms(text):
        return {"places": [], "more": False, "index_url": None}
    if request is not None:
        kind = ContentType.objects.get_for_model(PlaceIndexPage).pk
        index = next((page for page in top_pages(request) if page.content_type_id == kind), None)
    else:
        index = PlaceIndexPage.objects.live().first()
    if index is None:
        return {"places": [], "more": False, "index_url": None}
    rows = folded_places(request)
    if rows is None:
        found = list(matching(Place.objects.for_listing(), text)[: limit + 1])
    else:
        ids = matching_ids(rows, text, limit=limit + 1)
        places = Place.objects.for_listing().in_bulk(ids)
        found = [places[pk] for pk in ids if pk in places]
    return {"places": found[:limit], "more": len(found) > limit, "index_url": index.get_url(request)}
