"""The places map (/lieux/carte/): an enhancement of the list, drawn by static/js/places-map.js.

The page itself is plain HTML: it names the active filters and links back to the list, which stays
the primary view. The map's scripts load on this page only, and the tiles only once the visitor
presses « Afficher la carte »: the tile server (PLACES_MAP_TILE_URL) is the one other host a page
of the site may request, so its origin joins img-src in this page's Content-Security-Policy only.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from core.cache import reads_query_params
from core.errors import InvalidRequest

from . import choices

LIST_PATH = "/lieux/"
MAX_SEARCH_LENGTH = 100


def choices_by_slug(text_choices):
    """{slug: label} for a value list of the standard (?frais=gratuit-sous-condition)."""
    return {slugify(label): label for _value, label in text_choices.choices}


# The list's filters (GET parameters, repeatable), as places/filters.py of the list names them:
# name, label, and the allowed values (a short ASCII slug of the standard's label) with their labels.
# The map passes them on to the GeoJSON export and back to the list unchanged.
FILTERS = (
    ("departement", "Département", {code: f"{name} ({code})" for code, name in choices.OCCITANIE_DEPARTEMENTS.items()}),
    ("service", "Service", choices_by_slug(choices.Service)),
    ("public", "Public", choices_by_slug(choices.Public)),
    ("prise_en_charge", "Prise en charge spécifique", choices_by_slug(choices.PriseEnCharge)),
    ("frais", "Frais", choices_by_slug(choices.Frais)),
    ("modalites_acces", "Modalité d'accès", choices_by_slug(choices.ModaliteAcces)),
)
SEARCH_PARAM = "q"
QUERY_PARAMS = (SEARCH_PARAM, *(name for name, _label, _values in FILTERS))


def active_filters(query):
    """[(label, value label)] for the filters of `query` (a QueryDict), in the list's order;
    an unknown value is a 400 with a French message."""
    active = []
    search = " ".join(query.get(SEARCH_PARAM, "").split())
    if len(search) > MAX_SEARCH_LENGTH:
        raise InvalidRequest(f"La recherche est limitée à {MAX_SEARCH_LENGTH} caractères.")
    if search:
        active.append(("Commune, code postal ou département", search))
    for name, label, values in FILTERS:
        for value in dict.fromkeys(query.getlist(name)):
            if not value:
                continue
            if value not in values:
                raise InvalidRequest(f"« {value[:80]} » n'est pas une valeur possible du filtre « {label} ».")
            active.append((label, values[value]))
    return active


def tile_origin(url=None):
    """The scheme and host of the tile server, e.g. https://tile.openstreetmap.org ("" when none)."""
    parts = urlsplit(url if url is not None else settings.PLACES_MAP_TILE_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


@require_safe
@reads_query_params(*QUERY_PARAMS)
def place_map(request):
    filters = active_filters(request.GET)
    # Only the parameters the list reads, in a stable order: nothing else reaches the export's URL.
    querystring = urlencode([(name, value) for name in QUERY_PARAMS for value in request.GET.getlist(name) if value])
    suffix = f"?{querystring}" if querystring else ""
    origin = tile_origin()
    response = render(
        request,
        "places/place_map.html",
        {
            "filters": filters,
            "list_url": LIST_PATH + suffix,
            "geojson_url": reverse("places_export_geojson") + suffix,
            "place_url_pattern": LIST_PATH + "{slug}/",
            "tile_url": settings.PLACES_MAP_TILE_URL if origin else "",
            "tile_host": urlsplit(origin).hostname if origin else "",
            "attribution": settings.PLACES_MAP_ATTRIBUTION,
        },
    )
    if origin:
        # django-csp's csp_update, set here because the origin is read from the settings per request.
        response._csp_update = {"img-src": [origin]}
    return response
