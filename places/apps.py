from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from .search import SQLITE_FUNCTION, fold

        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = "Lieux de médiation numérique"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.cache import invalidate_pages

        connection_created.connect(_register_sqlite_functions, dispatch_uid="places_sqlite_functions")
        # A place edited or deleted in the admin: the list, its page and the poles show it.
        place = self.get_model("Place")
        post_save.connect(invalidate_pages, sender=place, dispatch_uid="places_pagecache_saved")
        post_delete.connect(invalidate_pages, sender=place, dispatch_uid="places_pagecache_deleted")
