"""The forms' widgets written in Python (core/forms.py) give Django's own HTML, byte for byte, and the
forms whose fields are shared keep them apart where they differ."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe

from core.forms import widget_renderer
from inbox.forms import ContactForm, CorrectionForm, ProposalForm
from places.filters import PlaceFilter
from tests.places.conftest import create_place

HOSTILE = '<b>"l\'été" & co</b>'


class EveryWidget(forms.Form):
    text = forms.CharField(label="Texte", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label="Courriel", required=False)
    url = forms.URLField(label="Site", required=False, assume_scheme="https")
    tel = forms.CharField(label="Téléphone", required=False, widget=forms.TelInput(attrs={"inputmode": "tel"}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "maxlength": 100}), required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    box = forms.BooleanField(required=False)
    pick = forms.ChoiceField(choices=[("", "Choisir"), ("a", "A & B"), (HOSTILE, HOSTILE)], required=False)
    safe = forms.ChoiceField(choices=[("x", mark_safe("<i>sûr</i>"))], required=False)
    boxes = forms.MultipleChoiceField(
        choices=[("1", "Un"), ("2", HOSTILE), ("3", "Trois")], widget=forms.CheckboxSelectMultiple, required=False
    )
    radios = forms.ChoiceField(choices=[("1", "Un"), ("2", HOSTILE)], widget=forms.RadioSelect, required=False)
    grouped = forms.ChoiceField(choices=[("Groupe", [("g", "G")]), ("h", "H")], required=False)


def _html(form_class, data, renderer, **kwargs):
    form = form_class(data, renderer=renderer, **kwargs)
    if data is not None:
        form.is_valid()  # the errors, and aria-invalid on the fields
    parts = []
    for field in form:
        parts.append(field.as_widget())
        parts.append(field.as_widget(attrs={"aria-describedby": "aide", "aria-invalid": "true", "disabled": False}))
        if field.widget_type in ("checkboxselectmultiple", "radioselect"):
            parts += [str(choice) + choice.tag() for choice in field]
    return parts


BAD_DATA = {
    "text": HOSTILE * 3,
    "email": HOSTILE,
    "url": "ftp://x",
    "tel": "0561<>",
    "search": HOSTILE,
    "area": f"{HOSTILE}\nligne",
    "box": "on",
    "pick": HOSTILE,
    "boxes": ["2", "9"],
    "radios": "2",
    "grouped": "g",
}


@pytest.mark.parametrize("data", [None, {}, BAD_DATA])
def test_every_widget_renders_as_django_renders_it(data):
    assert _html(EveryWidget, data, widget_renderer) == _html(EveryWidget, data, DjangoTemplates())


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {}, BAD_DATA | {"subject": "Autre", "services": ["zz"], "comment": HOSTILE}])
def test_the_public_forms_render_as_django_renders_them(data):
    place = create_place(1, nom=HOSTILE)
    for form_class, kwargs in (
        (ContactForm, {"subjects": ["Une question", HOSTILE]}),
        (ProposalForm, {}),
        (CorrectionForm, {"place": place}),
    ):
        assert _html(form_class, data, widget_renderer, **kwargs) == _html(
            form_class, data, DjangoTemplates(), **kwargs
        )


def test_the_filters_render_as_django_renders_them():
    for query in ("", "departement=31&q=albi", f"service=zz&q={HOSTILE}"):
        form = PlaceFilter(QueryDict(query)).form
        form.is_valid()
        ours = [field.as_widget() for field in form]
        form.renderer = DjangoTemplates()
        assert ours == [forms.BoundField(form, field.field, field.name).as_widget() for field in form]


@pytest.mark.django_db
def test_shared_fields_stay_apart_where_forms_differ():
    first = ContactForm(subjects=["Une question"])
    second = ContactForm(subjects=["Un partenariat"])
    assert [label for _, label in first.fields["subject"].choices] == ["Choisissez un objet", "Une question"]
    assert [label for _, label in second.fields["subject"].choices] == ["Choisissez un objet", "Un partenariat"]
    one, other = create_place(1, telephone="+33561000000"), create_place(2, telephone="")
    assert CorrectionForm(place=one).fields["telephone"].help_text == "Aujourd'hui : +33561000000"
    assert CorrectionForm(place=other).fields["telephone"].help_text == "Aujourd'hui : non renseigné"
    assert ProposalForm.base_fields["telephone"].help_text == ""
    assert ProposalForm().fields["services"].required
    assert list(ProposalForm().fields)[-7:] == [
        f"horaires_{code}" for code in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
    ]
