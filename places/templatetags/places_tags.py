"""Template tags for places: opening hours in plain French and whether a place is open now."""

from django import template

from core.fragments import shared_inclusion_tag
from places import hours
from places.models import PlaceIndexPage

register = template.Library()


def _coords(place):
    if place.latitude is None or place.longitude is None:
        return None
    return (place.latitude, place.longitude)


@register.inclusion_tag("places/includes/place_hours.html")
def place_hours(place):
    """The place's hours as French lines, or as written when they cannot be described."""
    text = (place.horaires or "").strip()
    parsed = hours.parse(text, _coords(place))
    return {"lines": parsed.describe() if parsed else None, "raw": text}


@register.inclusion_tag("places/includes/place_open_state.html")
def place_open_state(place, at=None):
    """« Ouvert maintenant, ferme à 18 h 30 » at `at` (now by default: a view that shows several
    places passes one instant, the one its cache lifetime was computed from)."""
    return {"state": hours.open_state(place.horaires, at, _coords(place))}


@shared_inclusion_tag(register, "places/includes/place_finder.html")
def place_finder(context):
    """The home page's way into the directory (nothing while the directory is not published)."""
    request = context.get("request")
    index = PlaceIndexPage.objects.live().first()
    return {"url": index.get_url(request) if index else None}
