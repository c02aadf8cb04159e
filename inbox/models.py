"""What visitors write to the hub (messages, place proposals and corrections), stored before anything
else happens, the inbox's site settings, and the pages that serve the three forms (the contact page,
and « Référencer mon lieu » and « Signaler une modification » under the places directory).

One model for the three kinds: they share their life in the inbox (status, handler, decision,
notification, retention, spam) and one listing; what differs is the content, checked by each kind's
form before it is stored as `payload` (field name -> value), so that a form can gain a field
without a migration.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.errors import NotFound
from core.fragments import shared
from places.models import DirectorySubpageMixin, Place

from . import choices, spam
from .forms import ContactForm, CorrectionForm, ProposalForm
from .notify import notify_staff, send_copy

DEFAULT_RETENTION_MONTHS = 12


class SubmissionQuerySet(models.QuerySet):
    def older_than(self, months, now=None):
        """Submissions received more than `months` months (of 30 days) ago."""
        limit = (now or timezone.now()) - datetime.timedelta(days=30 * months)
        return self.filter(created_at__lt=limit)


class Submission(models.Model):
    """A message, a place proposal or a place correction sent from the site."""

    Kind, Status, Decision, Mail = choices.Kind, choices.Status, choices.Decision, choices.Mail

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
    mail_attempts = models.PositiveSmallIntegerField(_("envois de la notification"), default=0, editable=False)
    mail_attempted_at = models.DateTimeField(
        _("dernier envoi de la notification"), null=True, blank=True, editable=False
    )
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


def _wording(label, help_text=""):
    return RichTextField(label, blank=True, features=["bold", "italic", "link"], help_text=help_text)


class SubmissionFormMixin:
    """A page that serves one of the public forms, worded by staff: intro, personal-data text and
    confirmation text are its fields."""

    intro_help = _("Au-dessus du formulaire : à quoi il sert, ce qui se passe ensuite.")
    privacy_help = _(
        "Pourquoi ces données sont demandées. La durée de conservation (réglages « Messages reçus ») et le "
        "lien vers la page « Données personnelles » sont ajoutés à la suite."
    )
    thanks_help = _("Affiché après l'envoi du formulaire.")

    def serve_form(self, request, form, template, on_saved, context=None):
        """GET: the empty form. POST: refused (trap), limited (429), invalid, or stored, staff told,
        and redirected to the confirmation. A form shown again keeps everything typed; like the
        account forms, a refused or invalid one answers 200 with its French messages. The page
        carries a CSRF token and a start time of its own: no cache keeps it for someone else."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        status, notice, retry_after = 200, "", None
        if request.method == "POST":
            if spam.is_trapped(request.POST):
                notice = spam.REFUSED_MESSAGE
                form.started = spam.start_token()  # a person sends it again later: never with a stale token
            elif form.is_valid():
                wait = spam.wait_seconds(request, form.cleaned_data["email"])
                if wait:
                    status, notice, retry_after = 429, spam.wait_message(wait), wait
                elif not spam.claim_start_token(request.POST):  # a start time that already served
                    notice = spam.REFUSED_MESSAGE
                    form.started = spam.start_token()
                else:
                    submission = Submission.objects.create(**form.submission_values())
                    notify_staff(submission, InboxSettings.for_request(request).recipient_list)
                    return on_saved(submission)
        full_context = self.get_context(request)
        full_context.update(
            context or {},
            form=form,
            notice=notice,
            retry_after=retry_after,
            honeypot=spam.HONEYPOT_FIELD,
            started_field=spam.STARTED_FIELD,
        )
        response = TemplateResponse(request, template, full_context, status=status)
        if retry_after:
            response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response

    def serve_thanks(self, request, title, fallback, back_to_directory=True, **context):
        """The confirmation, then a way back: to the directory for the place forms, home otherwise."""
        back = self.get_parent() if back_to_directory else self.get_site().root_page
        context.update(
            thanks_title=title,
            fallback=fallback,
            back_url=back.get_url(request),
            back_label="Revenir à l'annuaire des lieux" if back_to_directory else "Revenir à l'accueil",
        )
        return self.render(request, template="inbox/thanks.html", context_overrides=context)


class ContactPage(SubmissionFormMixin, RoutablePageMixin, Page):
    """« Nous écrire »: the contact form, worded by staff, and its confirmation."""

    intro = _wording(_("introduction"), SubmissionFormMixin.intro_help)
    privacy_text = _wording(
        _("données personnelles"),
        _("Pourquoi ces données sont demandées, combien de temps elles sont gardées, vos droits."),
    )
    thanks_text = _wording(_("texte de confirmation"), _("Affiché après l'envoi du message."))

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
        subjects = shared(request, "inbox.contact_subjects", lambda: [s.label for s in self.subjects.all()], self.pk)
        form = ContactForm(request.POST if request.method == "POST" else None, subjects=subjects)

        def saved(submission):
            if submission.payload.get("copy"):
                send_copy(submission)
            return redirect(self.get_url(request) + self.reverse_subpage("thanks_view"))

        return self.serve_form(request, form, "inbox/contact_page.html", saved)

    @path("merci/")
    def thanks_view(self, request):
        return self.serve_thanks(
            request,
            "Message envoyé",
            "Merci : votre message est bien arrivé. L'équipe du RhinOcc vous répond à l'adresse e-mail indiquée.",
            back_to_directory=False,
        )


class PlaceProposalPage(DirectorySubpageMixin, SubmissionFormMixin, RoutablePageMixin, Page):
    """« Référencer mon lieu » (/lieux/referencer/): a place proposes itself for the directory."""

    intro = _wording(_("introduction"), SubmissionFormMixin.intro_help)
    privacy_text = _wording(_("données personnelles"), SubmissionFormMixin.privacy_help)
    thanks_text = _wording(_("texte de confirmation"), SubmissionFormMixin.thanks_help)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_text"), FieldPanel("thanks_text")]

    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page « Référencer mon lieu »")
        verbose_name_plural = _("pages « Référencer mon lieu »")

    @path("")
    def form_view(self, request):
        form = ProposalForm(request.POST if request.method == "POST" else None)
        thanks = self.get_url(request) + self.reverse_subpage("thanks_view")
        return self.serve_form(request, form, "inbox/proposal_form.html", lambda submission: redirect(thanks))

    @path("merci/")
    def thanks_view(self, request):
        return self.serve_thanks(
            request,
            "Proposition envoyée",
            "Merci : votre proposition est bien arrivée. L'équipe du RhinOcc la relit avant de l'ajouter à l'annuaire.",
        )


class PlaceCorrectionPage(DirectorySubpageMixin, SubmissionFormMixin, RoutablePageMixin, Page):
    """« Signaler une modification » (/lieux/signaler/<lieu>/): the form of each place page."""

    intro = _wording(
        _("introduction"),
        _("Au-dessus du formulaire de chaque lieu, et seule sur cette page (qui renvoie vers l'annuaire)."),
    )
    privacy_text = _wording(_("données personnelles"), SubmissionFormMixin.privacy_help)
    thanks_text = _wording(_("texte de confirmation"), SubmissionFormMixin.thanks_help)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_text"), FieldPanel("thanks_text")]

    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page « Signaler une modification »")
        verbose_name_plural = _("pages « Signaler une modification »")

    def url_for_place(self, place_slug, request=None):
        return self.get_url(request) + self.place_path(place_slug)

    @classmethod
    def place_path(cls, place_slug):
        """The form's path under this page for one place (the route `form_view`)."""
        return cls.get_resolver().reverse("form_view", place_slug)

    def _place(self, slug):
        place = Place.objects.page_of(slug)
        if place is None:
            raise NotFound("Ce lieu n'est pas (ou plus) dans l'annuaire : vérifiez l'adresse de la page.")
        return place

    @path("")
    def index_view(self, request):
        """The form needs a place: this page says where to find them."""
        return self.render(request, context_overrides={"directory": self.get_parent()})

    @path("<slug:place_slug>/")
    def form_view(self, request, place_slug):
        place = self._place(place_slug)
        form = CorrectionForm(request.POST if request.method == "POST" else None, place=place)
        thanks = self.get_url(request) + self.reverse_subpage("thanks_view", args=[place.slug])
        return self.serve_form(
            request, form, "inbox/correction_form.html", lambda submission: redirect(thanks), {"place": place}
        )

    @path("<slug:place_slug>/merci/")
    def thanks_view(self, request, place_slug):
        return self.serve_thanks(
            request,
            "Signalement envoyé",
            "Merci : votre signalement est bien arrivé. L'équipe du RhinOcc le vérifie avant de modifier l'annuaire.",
            place=self._place(place_slug),
        )
