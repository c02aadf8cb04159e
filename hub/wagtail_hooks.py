"""Admin hooks of the hub: where an editor lands after publishing the home page."""

from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request

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
