from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import slugurl

from core.forms import escaped
from core.fragments import shared
from inbox.models import InboxSettings

register = template.Library()

PRIVACY_PAGE_SLUG = "donnees-personnelles"


def _help(field, auto_id):
    if not field.help_text:
        return "  \n"
    return f'  <p class="form-help" id="{auto_id}_aide">{escaped(field.help_text)}</p>\n'


def _errors(errors, auto_id):
    if not errors:
        return "  \n"
    return f'  <p class="form-error" id="{auto_id}_erreur">{" ".join(escaped(error) for error in errors)}</p>\n'


@register.simple_tag
def form_field(field):
    """A field with its label, help and errors, the input pointing at them (aria-describedby) and
    flagged aria-invalid when wrong. Written here rather than in a template (the HTML is the same):
    a long form has dozens of fields, and a template per field, plus Django's per widget, made most
    of the page's time."""
    errors = field.errors
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_aide")
    if errors:
        described_by.append(f"{field.auto_id}_erreur")
    auto_id = escaped(field.auto_id)
    label = escaped(field.label)
    kind = field.widget_type
    if kind == "checkboxselectmultiple":
        described = f' aria-describedby="{escaped(" ".join(described_by))}"' if described_by else ""
        boxes = "".join(
            f'\n    <li>{choice.tag()} <label for="{escaped(choice.id_for_label)}">'
            f"{escaped(choice.choice_label)}</label></li>"
            for choice in field
        )
        html = (
            f'<fieldset class="form-field form-fieldset"{described}>\n'
            f"  <legend>{label}</legend>\n"
            f"{_help(field, auto_id)}{_errors(errors, auto_id)}"
            f'  <ul class="checkbox-list" role="list">{boxes}\n'
            "  </ul>\n"
            "</fieldset>"
        )
    else:
        attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
        if errors:
            attrs["aria-invalid"] = "true"
        widget = field.as_widget(attrs=attrs)
        label_for = escaped(field.id_for_label)
        if kind == "checkbox":
            html = (
                '<div class="form-field form-field--checkbox">\n'
                f'  {widget} <label for="{label_for}">{label}</label>\n'
                f"{_errors(errors, auto_id)}"
                "</div>"
            )
        else:
            html = (
                '<div class="form-field">\n'
                f'  <label for="{label_for}">{label}</label>\n'
                f"{_help(field, auto_id)}{_errors(errors, auto_id)}"
                f"  {widget}\n"
                "</div>"
            )
    # The blank lines of the template this replaced (inbox/includes/field.html), kept as they were.
    return mark_safe(f"\n{html}\n\n")


@register.simple_tag
def error_target(field):
    """The id a link of the error summary goes to: the field, or the first box of a group."""
    return f"{field.auto_id}_0" if field.widget_type == "checkboxselectmultiple" else field.auto_id


@register.simple_tag(takes_context=True)
def privacy_page_url(context):
    """The address of the « Données personnelles » page (Wagtail's `slugurl`, None without one), kept
    with the content generation: the same for every visitor, whatever the form."""
    return shared(context.get("request"), "inbox.privacy_page_url", lambda: slugurl(context, PRIVACY_PAGE_SLUG))


@register.simple_tag(takes_context=True)
def retention_months(context):
    """How many months the site keeps what a form sends (the site's « Messages reçus » settings),
    kept with the content generation, which saving the settings renews."""
    request = context.get("request")
    if request is None:
        return None
    return shared(request, "inbox.retention_months", lambda: InboxSettings.for_request(request).retention_months)
