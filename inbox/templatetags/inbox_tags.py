from django import template

register = template.Library()


@register.inclusion_tag("inbox/includes/field.html")
def form_field(field):
    """A field with its label, help and errors, the input pointing at them (aria-describedby) and
    flagged aria-invalid when wrong."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_aide")
    if field.errors:
        described_by.append(f"{field.auto_id}_erreur")
    attrs = {"aria-describedby": " ".join(described_by)} if described_by else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    kind = field.widget_type
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs) if kind != "checkboxselectmultiple" else "",
        "described_by": " ".join(described_by),
        "kind": kind,
    }


@register.simple_tag
def error_target(field):
    """The id a link of the error summary goes to: the field, or the first box of a group."""
    return f"{field.auto_id}_0" if field.widget_type == "checkboxselectmultiple" else field.auto_id
