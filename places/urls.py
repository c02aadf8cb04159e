"""Public URLs of the places directory: the open-data exports and the map."""

from django.urls import path

from . import exports, map_views

urlpatterns = [
    path("lieux/carte/", map_views.place_map, name="places_map"),
    path("lieux/export/lieux.csv", exports.export_csv, name="places_export_csv"),
    path("lieux/export/lieux.geojson", exports.export_geojson, name="places_export_geojson"),
    path("lieux/export/<str:departement>/lieux.csv", exports.export_csv, name="places_export_csv_departement"),
    path(
        "lieux/export/<str:departement>/lieux.geojson",
        exports.export_geojson,
        name="places_export_geojson_departement",
    ),
]
