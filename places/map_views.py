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
from django.views.decorators.http import require_safe

from core.cache import reads_query_params
from core.seo import ViewMeta

from .filters import PlaceFilter

LIST_PATH = "/lieux/"
# The list's parameters (places/filters.py), passed on to the GeoJSON export and back to the list.
QUERY_PARAMS = tuple(PlaceFilter.base_filters)
MAP_META = ViewMeta(
    "Carte des lieux d'aide au numérique",
    "Les lieux où se faire aider avec le numérique en Occitanie, sur une carte.",
)


def active_filters(query):
    """[(filter label, value label)] for the filters of `query`, in the list's order; an unknown
    value is a French 400 (the list's own check)."""
    place_filter = PlaceFilter(query)
    return [(place_filter.form.fields[name].label, value) for name, value in place_filter.active]


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
            "meta_subject": MAP_META,
        },
    )
    if origin:
        # django-csp's csp_update, set here because the origin is read from the settings per request.
        response._csp_update = {"img-src": [origin]}
    return response
