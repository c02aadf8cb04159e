from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base under every app: blocks, privacy, page cache, errors, listing helpers, the
    content builder framework and shared vocabularies. It imports no other app of the project."""

    name = "core"
    verbose_name = "Socle commun"

    def ready(self):
        from wagtail.models import Site

        from . import cache  # noqa: F401  (connects the invalidation signals)
        from .admin_rules import register as register_admin_rules
        from .fragments import site_root_paths
        from .images import connect_signals

        register_admin_rules()
        connect_signals()
        # Read from the content generation's store while a request is served (core/fragments.py).
        Site.get_site_root_paths = staticmethod(site_root_paths)
