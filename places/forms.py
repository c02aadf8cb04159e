"""The admin form of a place: the standard's rules apply to hand edits as they do to imports."""

from wagtail.admin.forms import WagtailAdminModelForm

from .fields import PipeListField
from .records import model_field_name, standard_value
from .standard import SEPARATOR, field_names
from .validation import validate_row


class PlaceForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        row = {}
        for column in field_names():
            name = model_field_name(column)
            if name not in self.fields or name in self.errors:
                row[column] = standard_value(self.instance, column)
                continue
            value = cleaned_data.get(name)
            if isinstance(self.instance._meta.get_field(name), PipeListField):
                row[column] = SEPARATOR.join(value or [])
            elif value is None:
                row[column] = ""
            elif hasattr(value, "isoformat"):
                row[column] = value.isoformat()
            else:
                row[column] = str(value)
        _, errors, _ = validate_row(row)
        for error in errors:
            name = model_field_name(error.field)
            if name in self.fields and name not in self.errors:
                self.add_error(name, error.message)
        return cleaned_data
