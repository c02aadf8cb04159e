"""Staff decisions on place submissions: a proposal becomes a place, a correction updates the chosen
fields only, a place reported closed leaves the directory; the data goes through the national
standard's rules first, and every decision records who decided, when (on the submission and in its
history)."""

import uuid

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from places.models import Place
from places.records import model_field_name, to_model_values, to_standard
from places.standard import field_names
from places.validation import validate_row

from .forms import CORRECTABLE, PROPOSAL_SOURCE, ProposalForm, plain_message
from .models import Submission


class DecisionError(Exception):
    """The data cannot go into the directory as it is: the message says why, in French."""


def _label(column):
    field = ProposalForm.base_fields.get(column)
    if column in CORRECTABLE:
        return CORRECTABLE[column]
    if column == "pivot":
        return "SIRET ou RNA"
    return field.label.removesuffix(" (facultatif)") if field else column


def _checked(row):
    """The row in the standard's form; DecisionError in plain French when it breaks a rule, or when its
    opening hours do not parse (a warning for imports, but the site never publishes unreadable hours)."""
    record, errors, warnings = validate_row(row)
    errors += [warning for warning in warnings if warning.rule == "hours"]
    if errors:
        raise DecisionError(
            " ; ".join(
                f"{_label(error.field)}{f' « {error.value} »' if error.value else ''} : {plain_message(error)}"
                for error in errors
            )
        )
    return record


def accept_proposal(submission, user, values=None):
    """Create the proposed place (values: column -> text, staff's edits of the proposal)."""
    row = dict.fromkeys(field_names(), "")
    row.update(values if values is not None else submission.payload.get("place", {}))
    row.update(id=f"rhinocc-{uuid.uuid4().hex[:12]}", date_maj=timezone.localdate().isoformat(), source=PROPOSAL_SOURCE)
    record = _checked(row)
    with transaction.atomic():
        place = Place.objects.create(**to_model_values(record))
        submission.place = place
        _decide(submission, Submission.Decision.ACCEPTED, user, "inbox.accept")
    return place


def accept_correction(submission, user, values):
    """Apply `values` (column -> corrected text, the fields staff chose) to the place, nothing else."""
    place = submission.place
    if place is None:
        raise DecisionError("Le lieu de ce signalement n'existe plus dans l'annuaire.")
    if not values:
        raise DecisionError("cochez au moins un champ à appliquer (la case « Appliquer » de sa ligne).")
    row = to_standard(place)
    row.update(values, date_maj=timezone.localdate().isoformat(), source=PROPOSAL_SOURCE)
    record = _checked(row)
    changed = [*values, "date_maj", "source"]
    new_values = to_model_values({column: record[column] for column in changed})
    with transaction.atomic():
        for column in changed:
            name = model_field_name(column)
            setattr(place, name, new_values[name])
        place.save()
        _decide(submission, Submission.Decision.ACCEPTED, user, "inbox.accept")
    return place


def withdraw_place(submission, user):
    """« Ce lieu n'existe plus », confirmed by staff: the place leaves the public directory (its page,
    the list, the map, the exports). The places model has no hidden state, so the place is deleted;
    the submission keeps its record as it was, in the standard's form. Returns the place's name."""
    place = submission.place
    if place is None:
        raise DecisionError("Le lieu de ce signalement n'est déjà plus dans l'annuaire.")
    if not submission.payload.get("closed"):
        raise DecisionError("Ce signalement ne dit pas que le lieu n'existe plus.")
    with transaction.atomic():
        submission.payload["withdrawn_place"] = to_standard(place)
        name = place.nom
        place.delete()
        submission.place = None
        _decide(submission, Submission.Decision.WITHDRAWN, user, "inbox.withdraw")
    return name


def reject(submission, user):
    with transaction.atomic():
        _decide(submission, Submission.Decision.REJECTED, user, "inbox.reject")


def _decide(submission, decision, user, action):
    submission.decide(decision, user)
    submission.save()
    log(instance=submission, action=action, user=user)
