"""A place in the standard's text form (one string per column), both ways."""

import datetime
import math

from .fields import PipeListField
from .models import Place
from .standard import SEPARATOR, field_names

# The standard's column "id" is the model's standard_id; every other column has its own name.
MODEL_FIELD = {"id": "standard_id"}


def model_field_name(column):
    return MODEL_FIELD.get(column, column)


def format_number(value):
    if value is None:
        return ""
    text = repr(float(value))
    if "e" in text or "n" in text:
        text = f"{value:.7f}".rstrip("0").rstrip(".")
    return text


def standard_value(place, column):
    """The text of one column for a place, as the standard writes it."""
    value = getattr(place, model_field_name(column))
    if isinstance(value, list):
        return SEPARATOR.join(value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def to_standard(place):
    """Every column of the standard for a place, in the standard's order."""
    return {column: standard_value(place, column) for column in field_names()}


def to_model_values(record):
    """Model attribute values from a validated, normalised record (column -> text)."""
    values = {}
    for column, text in record.items():
        field = Place._meta.get_field(model_field_name(column))
        if isinstance(field, PipeListField):
            value = PipeListField.to_list(text)
        elif column in ("latitude", "longitude"):
            value = float(text) if text else None
            if value is not None and not math.isfinite(value):
                value = None
        elif column == "date_maj":
            value = datetime.date.fromisoformat(text)
        else:
            value = text
        values[field.name] = value
    return values
