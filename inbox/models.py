"""What visitors write to the hub (messages, place proposals and corrections), stored before anything
else happens, the contact page and the inbox's site settings.

One model for the three kinds: they share their life in the inbox (status, handler, decision,
notification, retention, spam) and one listing; what differs is the content, checked by each kind's
form before it is stored as `payload` (field name -> value), so that a form can gain a field
without a migration.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

DEFAULT_RETENTION_MONTHS = 12


class SubmissionQuerySet(models.QuerySet):
    def older_than(self, months, now=None):
        """Submissions received more than `months` months (of 30 days) ago."""
        limit = (now or timezone.now()) - datetime.timedelta(days=30 * months)
        return self.filter(created_at__lt=limit)


class Submission(models.Model):
    """A message, a place proposal or a place correction sent from the site."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Message")
        PROPOSAL = "proposition", _("Proposition de lieu")
        CORRECTION = "correction", _("Modification d'un lieu")

    class Status(models.TextChoices):
        NEW = "nouveau", _("Nouveau")
        IN_PROGRESS = "en_cours", _("En cours")
        READY = "pret", _("Prêt à publier")
        DONE = "traite", _("Traité")
        SPAM = "spam", _("Spam")

    class Decision(models.TextChoices):
        ACCEPTED = "acceptee", _("Acceptée dans l'annuaire")
        REJECTED = "refusee", _("Refusée")

    class Mail(models.TextChoices):
        PENDING = "en_attente", _("En attente")
        SENT = "envoye", _("Envoyé")
        FAILED = "echec", _("Échec de l'envoi")
        NO_RECIPIENT = "sans_destinataire", _("Aucun destinataire")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    name = models.CharField(_("nom"), max_length=200)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    summary = models.CharField(_("objet"), max_length=300, blank=True)
    payload = models.JSONField(_("contenu"), default=dict)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le lieu corrigé, ou celui créé en acceptant la proposition."),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes de l'équipe"), blank=True)
    mail_status = models.CharField(
        _("notification"), max_length=20, choices=Mail.choices, default=Mail.PENDING, editable=False
    )
    mail_error = models.TextField(_("erreur de notification"), blank=True, editable=False)
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("message reçu")
        verbose_name_plural = _("messages reçus")
        ordering = ["-created_at", "-pk"]
        permissions = [("accept_submission", _("Peut accepter une proposition dans l'annuaire public"))]

    def __str__(self):
        return f"{self.get_kind_display()} de {self.name} ({self.summary})" if self.summary else self.name

    def decide(self, decision, user):
        self.decision, self.decided_by, self.decided_at = decision, user, timezone.now()
        self.status = self.Status.DONE


@register_setting(icon="mail")
class InboxSettings(BaseSiteSetting):
    """Who is told of a new submission, and how long submissions are kept."""

    recipients = models.TextField(
        _("Destinataires des notifications"),
        blank=True,
        help_text=_("Adresses e-mail de l'équipe, une par ligne : chacune reçoit chaque nouveau message."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("Durée de conservation (mois)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Les messages plus anciens sont supprimés chaque nuit (commande purge_submissions)."),
    )

    panels = [FieldPanel("recipients"), FieldPanel("retention_months")]

    class Meta:
        verbose_name = _("Messages reçus")

    @property
    def recipient_list(self):
        return [line.strip() for line in self.recipients.replace(",", "\n").splitlines() if line.strip()]


class ContactSubject(Orderable):
    """One subject a visitor may choose on the contact form."""

    page = ParentalKey("inbox.ContactPage", related_name="subjects", on_delete=models.CASCADE)
    label = models.CharField(_("objet"), max_length=100)

    panels = [FieldPanel("label")]

    def __str__(self):
        return self.label


class ContactPage(RoutablePageMixin, Page):
    """« Nous écrire »: the contact form, worded by staff, and its confirmation."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    privacy_text = RichTextField(
        _("données personnelles"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Pourquoi ces données sont demandées, combien de temps elles sont gardées, vos droits."),
    )
    thanks_text = RichTextField(
        _("texte de confirmation"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Affiché après l'envoi du message."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("subjects", heading=_("Objets proposés"), label=_("objet"), min_num=1),
        FieldPanel("privacy_text"),
        FieldPanel("thanks_text"),
    ]

    parent_page_types = ["hub.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page de contact")
        verbose_name_plural = _("pages de contact")

    @path("")
    def form_view(self, request):
        from .views import contact_form

        return contact_form(request, self)

    @path("merci/")
    def thanks_view(self, request):
        return self.render(request, template="inbox/thanks.html", context_overrides={"thanks_text": self.thanks_text})
