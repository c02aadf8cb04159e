"""The roles an organisation can hold in the network: the vocabulary the members pages share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles an organisation can hold in the network (several at once)."""

    CARRIER = "porteur", _("Porteur du hub")
    CO_PILOT = "copilote", _("Copilote")
    FOUNDING_MEMBER = "membre-fondateur", _("Membre fondateur associé")
    FIELD_STRUCTURE = "structure-de-terrain", _("Structure de terrain")
    COS_PARTICIPANT = "participant-cos", _("Participant au COS")


# Headings of the index page's groups, in the order the groups are shown.
ROLE_GROUP_HEADINGS = {
    Role.CARRIER: _("Porteur du hub"),
    Role.CO_PILOT: _("Copilote"),
    Role.FOUNDING_MEMBER: _("Membres fondateurs associés"),
    Role.FIELD_STRUCTURE: _("Structures de terrain"),
    Role.COS_PARTICIPANT: _("Participants au Comité d'orientation stratégique"),
}

FOUNDING_ROLES = [Role.CARRIER, Role.CO_PILOT, Role.FOUNDING_MEMBER]
