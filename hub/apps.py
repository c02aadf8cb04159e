from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class HubConfig(AppConfig):
    default = True  # this module also holds UsersConfig
    name = "hub"
    verbose_name = "Hub : accueil, pages, réglages"

    def ready(self):
        from . import cache  # noqa: F401  (connects the invalidation signals)
        from .admin_rules import register as register_admin_rules
        from .images import connect_signals

        register_admin_rules()
        connect_signals()


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with user forms that describe each role (hub.users)."""

    user_viewset = "hub.users.UserViewSet"
