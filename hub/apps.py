from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class HubConfig(AppConfig):
    default = True  # this module also holds UsersConfig
    name = "hub"
    verbose_name = "Hub : accueil, pages, réglages"


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with user forms that describe each role (hub.users)."""

    user_viewset = "hub.users.UserViewSet"
