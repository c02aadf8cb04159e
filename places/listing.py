"""The directory's list and place pages: what their templates get, in a fixed number of queries."""

from django.utils.text import capfirst

from core.fragments import shared
from core.pagination import paginate

from . import hours
from .filters import PlaceFilter, around, distance_km

PER_PAGE = 20


def _breadcrumb_ancestors(index, request):
    """The directory's ancestors below the root, then the directory: kept with the content generation
    under the key the site's breadcrumbs use for the directory's own page (hub's `breadcrumbs`)."""
    ancestors = shared(request, "ancestors", lambda: list(index.get_ancestors().filter(depth__gt=1)), index.path)
    return ancestors + [index]


def place_listing(index, request, places):
    """The list's context for this request; raises InvalidRequest (400) or NotFound (404) on bad input."""
    place_filter = PlaceFilter(request.GET)
    origin = around(request.GET.get("autour"))
    places = place_filter.apply(places)
    if origin is not None:
        places = places.by_distance(origin)
    # The whole directory's length is kept with the content generation (any change of a place renews
    # it); a filtered list counts its own.
    count = None if place_filter.active or origin is not None else shared(request, "places.count", places.count)
    page_obj = paginate(request, places, PER_PAGE, count=count)
    for place in page_obj:
        place.distance_km = distance_km(origin, place.latitude, place.longitude) if origin else None
    # What the links keep: the validated filters (and the position), nothing else.
    params = place_filter.params.copy()
    without_around = params.urlencode()
    if origin is not None:
        params["autour"] = request.GET["autour"]
    index_url = index.get_url(request)
    removals = []
    for name, label in place_filter.active:
        rest = params.copy()
        rest.pop(name, None)
        removals.append((label, f"{index_url}?{rest.urlencode()}" if rest else index_url))
    return {
        "index_url": index_url,
        # One instant for every open/closed state of the page and for its cache lifetime.
        "now": hours.paris_time(),
        "filter": place_filter,
        "active_filters": place_filter.active,
        "around": origin,
        "places": page_obj,
        "params": params,
        "without_around": without_around,
        # Each active filter with the list's address without it: one criterion removed at a time.
        "filter_removals": removals,
    }


# The standard's list fields a place page shows under « Ce que propose le lieu », in this order.
FACT_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "modalites_accompagnement",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
)


def _facts(place):
    """(label, values) of the FACT_FIELDS the place fills in, in that order."""
    facts = []
    for name in FACT_FIELDS:
        value = getattr(place, name)
        values = value if isinstance(value, list) else [value] if value else []
        if values:
            # A text, not a lazy one: the template would translate it again at each use.
            facts.append((str(capfirst(place._meta.get_field(name).verbose_name)), values))
    return facts


def place_context(index, request, place):
    index_url = index.get_url(request)
    return {
        "place": place,
        "meta_subject": place,  # its description and schema.org data in the page's head
        "now": hours.paris_time(),
        "facts": _facts(place),
        "breadcrumb_current": {"title": place.nom},
        "index_url": index_url,
        "place_url": f"{index_url}{place.slug}/",
        "canonical_path": f"{index_url}{place.slug}/",  # the print view's too
        "breadcrumb_ancestors": _breadcrumb_ancestors(index, request),
    }
