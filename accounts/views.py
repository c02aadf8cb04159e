"""The public login, logout and password reset."""

from axes.utils import reset as reset_login_failures
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .guards import login_username, password_reset_allowed


class LoginView(auth_views.LoginView):
    """The members' login page, styled like the site; it never opens the admin to a non-staff user."""

    template_name = "account/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST; a GET (a bookmarked or typed address) gets a page with the button
    rather than a bare 405."""

    http_method_names = ["get", "head", "post", "options"]

    @method_decorator(never_cache)
    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, "account/logout.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "account/password_reset_form.html"
    email_template_name = "account/password_reset_email.txt"
    subject_template_name = "account/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # Over the limit, no e-mail but the same answer: the page never tells whether the address
        # has an account, nor whether it was asked for too often.
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "account/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # The e-mailed link proves the mailbox: the account's failed logins no longer count.
        response = super().form_valid(form)
        reset_login_failures(username=login_username(self.request, {"username": form.user.get_username()}))
        return response
