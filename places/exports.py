"""The places as open data, in the national standard (CSV) and as GeoJSON, streamed."""

import csv
import json

from django.db.models import Max
from django.http import StreamingHttpResponse
from django.views.decorators.http import condition, require_safe

from core.cache import last_change
from core.errors import NotFound

from .choices import OCCITANIE_DEPARTEMENTS
from .filters import PlaceFilter
from .models import Place
from .records import to_standard
from .standard import field_names, version

CHUNK = 1000


def _places(departement=None):
    if departement is not None and departement not in OCCITANIE_DEPARTEMENTS:
        raise NotFound(f"Aucun département d'Occitanie n'a le code « {departement} ».")
    places = Place.objects.defer("imported_values", "created_at", "updated_at", "departement")
    if departement is not None:
        places = places.in_departement(departement)
    return places.order_by("standard_id")


def _last_modified(request, departement=None):
    """The newest of the places' dates and of the site's last change: a deleted place, or one that
    moved to another département, leaves no newer row behind, but it renewed the site's change date
    (core.cache), so a client never gets « 304 not modified » for a list that lost a place."""
    places = Place.objects.all() if departement is None else Place.objects.in_departement(departement)
    dates = [places.aggregate(newest=Max("updated_at"))["newest"], last_change()]
    return max((date for date in dates if date is not None), default=None)


def _filename(departement, extension):
    suffix = f"-{departement}" if departement else ""
    return f"lieux-mediation-numerique-occitanie{suffix}.{extension}"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streamed response."""

    def write(self, value):
        return value


def _csv_lines(places):
    writer = csv.writer(_Echo(), lineterminator="\n")
    columns = field_names()
    yield writer.writerow(columns)
    for place in places.iterator(chunk_size=CHUNK):
        record = to_standard(place)
        yield writer.writerow([record[column] for column in columns])


def _geojson_chunks(places):
    yield (
        '{"type": "FeatureCollection", "name": "lieux-mediation-numerique", '
        f'"standard": "standard-mediation-num {version()}", "features": ['
    )
    separator = ""
    for place in places.iterator(chunk_size=CHUNK):
        geometry = None
        if place.latitude is not None and place.longitude is not None:
            geometry = {"type": "Point", "coordinates": [place.longitude, place.latitude]}
        # After the standard's fields, the place's address on this site (/lieux/<slug>/), which the
        # map links to; the CSV export, the one meant for re-import, keeps the standard's columns only.
        properties = {**to_standard(place), "slug": place.slug}
        feature = {"type": "Feature", "geometry": geometry, "properties": properties}
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


def _response(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@condition(last_modified_func=_last_modified)
def export_csv(request, departement=None):
    places = _places(departement)
    return _response(_csv_lines(places), "text/csv; charset=utf-8", _filename(departement, "csv"))


@require_safe
@condition(last_modified_func=_last_modified)
def export_geojson(request, departement=None):
    """The places as GeoJSON; with the directory's filters in the query string (the list's own,
    ?service=...&frais=...), only those places: the map asks for its markers this way."""
    places = _places(departement)
    if request.GET:
        places = PlaceFilter(request.GET).apply(places)
    return _response(_geojson_chunks(places), "application/geo+json", _filename(departement, "geojson"))
