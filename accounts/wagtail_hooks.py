"""The locked-out logins' page, under the admin's « Paramètres » menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import lockouts


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(lockouts.PERMISSION)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("connexions-bloquees/", lockouts.LockoutListView.as_view(), name="login_lockouts")]


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return LockoutMenuItem(_("Connexions bloquées"), reverse("login_lockouts"), icon_name="lock", order=650)
