"""Staff decisions on place submissions: a proposal becomes a place, a correction updates the chosen
fields only; both go through the national standard's rules first and record who decided, when."""

import uuid

from django.db import transaction
from django.utils import timezone

from places.models import Place
from places.records import model_field_name, to_model_values, to_standard
from places.standard import field_names
from places.validation import validate_row

from .forms import PROPOSAL_SOURCE
from .models import Submission


class DecisionError(Exception):
    """The data cannot go into the directory as it is: the message says why, in French."""


def _checked(row):
    record, errors, _ = validate_row(row)
    if errors:
        raise DecisionError(" ; ".join(str(error) for error in errors))
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
        submission.decide(Submission.Decision.ACCEPTED, user)
        submission.save()
    return place


def accept_correction(submission, user, values):
    """Apply `values` (column -> corrected text, the fields staff chose) to the place, nothing else."""
    place = submission.place
    if place is None:
        raise DecisionError("Le lieu de ce signalement n'existe plus dans l'annuaire.")
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
        submission.decide(Submission.Decision.ACCEPTED, user)
        submission.save()
    return place


def reject(submission, user):
    submission.decide(Submission.Decision.REJECTED, user)
    submission.save()
