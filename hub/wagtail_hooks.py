"""Admin hooks of the hub: where an editor lands after publishing the home page, the launch checklist."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request

from .checklist import launch_checklist

# The edit view's actions after which Wagtail leaves the editor for the parent page's explorer.
LEAVING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow", "action-workflow-action")


@hooks.register("after_edit_page")
def stay_in_the_site_after_editing_its_home_page(request, page):
    """Wagtail sends the editor to the parent's explorer: for a site's home page, that is the tree's
    root, with a warning about creating new sites. Land on the home page's own pages instead."""
    if (
        request.method == "POST"
        and any(request.POST.get(action) for action in LEAVING_ACTIONS)
        and not get_valid_next_url_from_request(request)
        and page.is_site_root()
    ):
        return redirect("wagtailadmin_explore", page.pk)
    return None


class LaunchChecklistPanel(Component):
    """The dashboard's « Avant la mise en ligne » panel."""

    name = "launch_checklist"
    order = 50
    template_name = "hub/admin/launch_checklist_panel.html"

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items}


@hooks.register("construct_homepage_panels")
def add_launch_checklist(request, panels):
    """For the staff who can fill the site settings, the list of what is left to do; gone once done."""
    if not request.user.has_perm("hub.change_sitesettings"):
        return
    items = launch_checklist(request)
    if items:
        panels.append(LaunchChecklistPanel(items))
