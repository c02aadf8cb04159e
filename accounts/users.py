"""The admin's user forms: each group (role) shows what it lets its members do."""

from django.utils.html import format_html
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from core.site_builder import french_spacing

from .roles import ROLE_DESCRIPTIONS


def role_label(group):
    description = ROLE_DESCRIPTIONS.get(group.name)
    if not description:
        return group.name
    return format_html('<strong>{}</strong> – <span class="help">{}</span>', group.name, french_spacing(description))


class RolesMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = role_label


class RoleUserCreationForm(RolesMixin, UserCreationForm):
    pass


class RoleUserEditForm(RolesMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm
