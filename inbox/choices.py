"""The vocabularies of a submission, apart from the models so that the forms and the e-mails can use
them without importing the models (which import the forms: the pages serve them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    WITHDRAWN = "retire", _("Lieu retiré de l'annuaire")
    REJECTED = "refusee", _("Refusée")


class Mail(models.TextChoices):
    PENDING = "en_attente", _("En attente")
    SENT = "envoye", _("Envoyé")
    FAILED = "echec", _("Échec de l'envoi")
    NO_RECIPIENT = "sans_destinataire", _("Aucun destinataire")
