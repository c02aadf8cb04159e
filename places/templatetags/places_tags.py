"""Template tags for places: opening hours in plain French and whether a place is open now."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from core.forms import escaped
from core.fragments import shared_inclusion_tag
from places import hours
from places.models import PlaceIndexPage

register = template.Library()


def _coords(place):
    if place.latitude is None or place.longitude is None:
        return None
    return (place.latitude, place.longitude)


@register.simple_tag
def place_hours(place):
    """The place's hours as French lines, or as written when they cannot be described."""
    text = (place.horaires or "").strip()
    parsed = hours.parse(text, _coords(place))
    lines = parsed.describe() if parsed else None
    if lines:
        items = "".join(f"<li>{escaped(capfirst(line))}</li>" for line in lines)
        return mark_safe(f'\n<ul class="place-hours">\n  {items}\n</ul>\n\n')
    if text:
        return mark_safe(f'\n<p class="place-hours place-hours--raw">{escaped(text)}</p>\n\n')
    return "\n"


@register.simple_tag
def place_open_state(place, at=None):
    """« Ouvert maintenant, ferme à 18 h 30 » at `at` (now by default: a view that shows several
    places passes one instant, the one its cache lifetime was computed from). A shape beside the
    words (not colour alone). Written here rather than in a template: the list shows it per place."""
    state = hours.open_state(place.horaires, at, _coords(place))
    if not state.headline:
        return "\n"
    html = [
        f'\n<p class="open-state open-state--{state.css_state}"><span class="open-state__mark" aria-hidden="true">'
        f"</span> <strong>{escaped(state.headline)}</strong>"
    ]
    if state.detail:
        detail = escaped(state.detail)
        if state.next_change:
            detail = f'<time datetime="{escaped(state.next_change.isoformat())}">{detail}</time>'
        html.append(f", {detail}")
    if state.comment and state.is_open is not None:
        html.append(f" ({escaped(state.comment)})")
    html.append("</p>\n\n")
    return mark_safe("".join(html))


@register.simple_tag
def place_items(places, index_url, now):
    """The places of the directory's list, each in its <li>, with the line ends of the template loop
    that wrote them before."""
    return mark_safe("".join(f"\n    <li>{place_item(place, index_url, now)}</li>\n    " for place in places))


def place_item(place, index_url, now):
    """A place in the directory's list: name, commune (and distance), open state, services, fees and
    phone. Written here rather than in a template: the list shows twenty of them."""
    where = f"{escaped(place.commune)} ({escaped(place.code_postal)})"
    if place.distance_km is not None:
        where += " – à " + ("moins d'un" if place.distance_km < 1 else floatformat(place.distance_km, "0")) + " km"
    facts = []
    if place.services:
        facts.append(f"<dt>Services</dt><dd>{_joined(place.services)}</dd>")
    facts.append("\n    ")
    if place.frais_a_charge:
        facts.append(f"<dt>Frais</dt><dd>{_joined(place.frais_a_charge)}</dd>")
    facts.append("\n    ")
    if place.telephone:
        facts.append(
            f'<dt>Téléphone</dt><dd><a href="tel:{escaped(place.telephone)}">{escaped(place.phone_display)}</a></dd>'
        )
    return mark_safe(
        '<article class="place-item">\n'
        f'  <h2 class="place-item__title"><a href="{escaped(index_url)}{escaped(place.slug)}/">'
        f"{escaped(place.nom)}</a></h2>\n"
        f'  <p class="place-item__where">{where}</p>\n'
        f"  {place_open_state(place, now)}\n"
        '  <dl class="place-item__facts">\n'
        f"    {''.join(facts)}\n"
        "  </dl>\n"
        "</article>\n"
    )


def _joined(values):
    return ", ".join(escaped(value) for value in values)


@shared_inclusion_tag(register, "places/includes/place_finder.html")
def place_finder(context):
    """The home page's way into the directory (nothing while the directory is not published)."""
    request = context.get("request")
    index = PlaceIndexPage.objects.live().first()
    return {"url": index.get_url(request) if index else None}
