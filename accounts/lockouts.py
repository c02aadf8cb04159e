"""The admin page where staff see the logins that django-axes has locked out and unlock them
(the site does not install Django's admin, where axes lists them)."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

# Whoever may edit the user accounts (Administrateurs, superusers) may unlock them.
PERMISSION = "auth.change_user"


def _locked(attempts, field):
    totals = attempts.values(field).annotate(total=Sum("failures_since_start"))
    return {row[field] for row in totals if row["total"] >= settings.AXES_FAILURE_LIMIT}


class LockoutListView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Connexions bloquées")
    header_icon = "lock"
    template_name = "accounts/admin/lockouts.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Axes deletes attempts older than the cool-off time as it goes: these are the ones that count.
        attempts = AccessAttempt.objects.order_by("-attempt_time")
        locked_usernames = _locked(attempts, "username")
        locked_ips = _locked(attempts, "ip_address")
        context["attempts"] = [
            {
                "attempt": attempt,
                "username_locked": attempt.username in locked_usernames,
                "ip_locked": attempt.ip_address in locked_ips,
            }
            for attempt in attempts
        ]
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return context

    def post(self, request):
        pk = request.POST.get("attempt", "")
        if not pk.isdigit():
            raise Http404("Tentative inconnue")
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        # Both the account and the address of this attempt: the person who asked for help may be
        # locked by either.
        reset(username=attempt.username)
        reset(ip=attempt.ip_address)
        messages.success(
            request,
            _("Connexion débloquée pour le compte « %(username)s » et l'adresse %(ip)s.")
            % {"username": attempt.username, "ip": attempt.ip_address},
        )
        return redirect("login_lockouts")
