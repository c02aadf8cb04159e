from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    """The site-wide accounts: login, logout, password reset and their guards (django-axes,
    reset limits), the locked-out logins' admin page, and the editorial groups with their
    permissions and moderation workflow. It imports only core."""

    default = True  # this module also holds UsersConfig
    name = "accounts"
    verbose_name = "Comptes et rôles"


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with user forms that describe each role (accounts.users)."""

    user_viewset = "accounts.users.UserViewSet"
