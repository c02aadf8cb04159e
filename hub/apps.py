from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Hub : accueil, pages, réglages"

    def ready(self):
        from . import cache  # noqa: F401  (connects the invalidation signals)
        from .images import connect_signals

        connect_signals()
