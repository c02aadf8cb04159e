from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base under every app: blocks, privacy, page cache, errors, listing helpers, the
    content builder framework and shared vocabularies. It imports no other app of the project."""

    name = "core"
    verbose_name = "Socle commun"

    def ready(self):
        from . import cache  # noqa: F401  (connects the invalidation signals)
        from .admin_rules import register as register_admin_rules
        from .images import connect_signals

        register_admin_rules()
        connect_signals()
