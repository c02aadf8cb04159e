"""The publications' vocabularies, apart so that models, filters and feeds import them without a circle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The fixed kinds of publication; the value is the slug used in URLs (?categorie=...)."""

    NEWS = "actualite", _("Actualité")
    FUNDING = "financement", _("Financement")
    CALL_FOR_PROJECTS = "appel-a-projets", _("Appel à projets")
    MEETING_REPORT = "compte-rendu", _("Compte rendu")
