"""What the public forms (and filters) share to render fast, with Django's own HTML.

- `WidgetRenderer` (`widget_renderer`) writes the common widgets in Python, byte for byte as Django's
  widget templates do (with the line ends of their included templates), and leaves every other
  template to Django. Django renders each input through a template that includes two more
  (input.html, attrs.html), and a <select> through one template per option: on a long public form,
  most of the page's time. The widgets' context (attributes, required, aria-invalid, checked,
  selected...) is still built by Django; only the last step, that context into HTML, is done here.
  A form opts in with `default_renderer = widget_renderer`.
- `read_only_fields(form_class)`: Django deep-copies every field of a form for each form, in case
  one form changes its fields; a form class whose fields no instance changes skips the copy.
"""

import re
from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"


_TO_ESCAPE = re.compile(r"[&<>\"']")


def escaped(value):
    """`{{ value }}` for a text, and `{{ value|stringformat:'s' }}` (a filter that keeps a safe text
    safe): escaped unless already safe. Django's conditional_escape, without its lazy-text wrapper."""
    text = str(value)
    if isinstance(value, SafeData) or not _TO_ESCAPE.search(text):
        return text
    return escape(text)


def _is_text(value):
    return isinstance(value, (str, Promise))


_NAMES = {}  # attribute names, written by the code (id, aria-describedby...), escaped once each


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        written = _NAMES.get(name)
        if written is None:
            written = escaped(name)
            if len(_NAMES) < 1000:
                _NAMES[name] = written
        parts.append(f" {written}" if value is True else f' {written}="{escaped(value)}"')
    return "".join(parts)


def _input(widget):
    """django/forms/widgets/input.html (and text, email, url, tel, search, checkbox...)."""
    value = widget["value"]
    value = f' value="{escaped(value)}"' if value is not None else ""
    return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _input_option(widget):
    """django/forms/widgets/input_option.html (checkbox_option, radio_option): a box of a group."""
    html = _input(widget)
    if widget.get("wrap_label"):
        if not _is_text(widget["label"]):
            return None
        label_id = widget["attrs"].get("id")
        label_for = f' for="{escaped(label_id)}"' if label_id else ""
        html = f"<label{label_for}>{html}\n {escaped(widget['label'])}</label>"
    return html


def _textarea(widget):
    text = escaped(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _option(option):
    return f'<option value="{escaped(option["value"])}"{_attrs(option["attrs"])}>{escaped(option["label"])}</option>'


def _select(widget):
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            return None  # option groups: Django's template
        for option in group_choices:
            if option["template_name"] != f"{_WIDGETS}select_option.html" or not _is_text(option["label"]):
                return None
            options.append(f"\n  {_option(option)}\n")  # the option's template ends with a line
    return f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>{"".join(options)}\n</select>'


_RENDER = {
    **{
        f"{_WIDGETS}{name}.html": _input
        for name in ("input", "text", "email", "url", "tel", "search", "number", "password", "hidden", "checkbox")
    },
    f"{_WIDGETS}input_option.html": _input_option,
    f"{_WIDGETS}checkbox_option.html": _input_option,
    f"{_WIDGETS}radio_option.html": _input_option,
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
}


class WidgetRenderer(DjangoTemplates):
    """Django's default renderer, the usual widgets written without their templates."""

    def render(self, template_name, context, request=None):
        render = _RENDER.get(template_name)
        if render is not None:
            html = render(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


# One instance: its template engine (for the other templates) is built once.
widget_renderer = WidgetRenderer()


class _SharedFields(dict):
    def __deepcopy__(self, memo):
        return dict(self)  # each form still gets its own dict: it may add or reorder fields


def read_only_fields(form_class):
    """Class decorator: the form's fields are shared by its instances instead of deep-copied for each
    one. Only for forms whose instances never change a field they did not create themselves."""
    form_class.base_fields = _SharedFields(form_class.base_fields)
    return form_class
