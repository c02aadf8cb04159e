"""A model field for the standard's multi-value columns."""

from django import forms
from django.db import models
from django.db.models.lookups import Contains

from .standard import SEPARATOR


class PipeListField(models.TextField):
    """A list of strings stored as "|a|b|" (empty list: "").

    Why not a JSONField or a many-to-many: JSON `__contains` on a list works on PostgreSQL but not
    on SQLite, and nine many-to-many tables would cost joins on every listing and thousands of rows
    per import; a delimited text filters the same way on both databases
    (`Place.objects.filter(services__has="Gratuit")`: LIKE '%|Gratuit|%', the delimiters keeping
    "Gratuit" apart from "Gratuit sous condition"), and it reads back in the standard's own form.
    """

    def __init__(self, *args, value_choices=None, **kwargs):
        # The choices apply to each value of the list, not to the stored text: kept apart from
        # Django's `choices`, which would validate the whole text against them.
        self.value_choices = value_choices
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.value_choices is not None:
            kwargs["value_choices"] = self.value_choices
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    @staticmethod
    def to_list(value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return [item for item in str(value).split(SEPARATOR) if item]

    def from_db_value(self, value, expression, connection):
        return self.to_list(value)

    def to_python(self, value):
        return self.to_list(value)

    def get_prep_value(self, value):
        values = self.to_list(value)
        return f"{SEPARATOR}{SEPARATOR.join(values)}{SEPARATOR}" if values else ""

    def value_to_string(self, obj):
        return SEPARATOR.join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        if self.value_choices is not None:
            defaults = {
                "form_class": forms.TypedMultipleChoiceField,
                "choices": self.value_choices,
                "widget": forms.CheckboxSelectMultiple,
                "required": not self.blank,
                "label": self.verbose_name,
                "help_text": self.help_text,
            }
            defaults.update(kwargs)
            return defaults.pop("form_class")(**defaults)
        return super().formfield(**{"form_class": PipeListFormField, **kwargs})


class PipeListFormField(forms.CharField):
    """Free values (e-mails, web sites, types) typed as "a|b"."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return SEPARATOR.join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [item.strip() for item in text.split(SEPARATOR) if item.strip()]


@PipeListField.register_lookup
class Has(Contains):
    """`field__has="value"`: the list holds that value."""

    lookup_name = "has"
    prepare_rhs = False

    def get_prep_lookup(self):
        return f"{SEPARATOR}{self.rhs}{SEPARATOR}"

    def get_rhs_op(self, connection, rhs):
        # The database backends know the operator by Django's own name only.
        return connection.operators["contains"] % rhs
