"""Digital-mediation places, in the national open-data standard (places/schema/)."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import choices
from .fields import PipeListField

# Slugs the directory uses for its own routes under /lieux/: never given to a place.
RESERVED_SLUGS = frozenset(
    {
        "export",
        "carte",
        "referencer",
        "autour",
        "recherche",
        "departement",
        "api",
        "admin",
        "flux",
        "imprimer",
        "proposer",
        "signaler",
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


class PlaceQuerySet(models.QuerySet):
    def in_departement(self, code):
        return self.filter(departement=code)

    def demo(self):
        return self.filter(source__icontains=DEMO_MARKER)

    def stale(self, today=None):
        """Places whose data (date_maj) is more than 12 months old."""
        today = today or timezone.localdate()
        return self.filter(date_maj__lt=today - datetime.timedelta(days=STALE_AFTER_DAYS))


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
