"""Admin: the inbox as a Wagtail viewset (listing with filters and search, edit of the status,
handler and notes) and the review screen where place submissions are accepted or rejected; the
links of the place forms on the directory's pages."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.fragments import shared
from core.privacy import privacy
from places.models import DIRECTORY_LINKS_HOOK

from .admin_views import ResendNotificationView, ReviewView
from .models import PlaceCorrectionPage, PlaceProposalPage, Submission


def _staff(request=None):
    """The people who can open the inbox: superusers and the groups allowed to change a submission
    (never the COS members)."""
    can_handle = Q(is_superuser=True) | Q(
        groups__permissions__codename="change_submission", groups__permissions__content_type__app_label="inbox"
    )
    return get_user_model().objects.filter(can_handle, is_active=True).distinct().order_by("username")


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Submissions come from the public forms only: nobody, superusers included, adds one by hand
    (an empty « message reçu » would have no sender and no content)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action != "add"]
        return bool(actions) and super().user_has_any_permission(user, actions)


register_permission_policy(Submission, SubmissionPermissionPolicy(Submission))


class SubmissionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "handler" in self.fields:
            self.fields["handler"].queryset = _staff()


class SubmissionFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Submission.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("État"), choices=Submission.Status.choices)
    handler = django_filters.ModelChoiceFilter(label=_("Suivi par"), queryset=_staff)
    mail_status = django_filters.ChoiceFilter(label=_("Notification"), choices=Submission.Mail.choices)

    class Meta:
        model = Submission
        fields = []


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "mail"
    menu_label = _("Messages reçus")
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False
    search_fields = ["name", "email", "summary", "notes"]
    search_backend_name = None
    filterset_class = SubmissionFilterSet
    list_per_page = 50
    list_display = [
        TitleColumn("summary", label=_("Objet"), url_name="inbox_submission:review"),
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        Column("name", label=_("De")),
        DateColumn("created_at", label=_("Reçu le"), sort_key="created_at"),
        Column("status", label=_("État"), accessor="get_status_display", sort_key="status"),
        Column("handler", label=_("Suivi par")),
        Column("mail_status", label=_("Notification"), accessor="get_mail_status_display"),
    ]
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("handler"), FieldPanel("notes")], base_form_class=SubmissionAdminForm
    )

    def get_queryset(self, request):
        return Submission.objects.select_related("handler")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/examen/", ReviewView.as_view(), name="review"),
            path("<int:pk>/renvoyer/", ResendNotificationView.as_view(), name="resend"),
        ]


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("inbox_submission", url_prefix="messages")


@hooks.register("register_log_actions")
def register_inbox_log_actions(actions):
    actions.register_action("inbox.accept", _("Acceptée dans l'annuaire"), _("Proposition acceptée dans l'annuaire"))
    actions.register_action("inbox.withdraw", _("Lieu retiré"), _("Lieu retiré de l'annuaire (il n'existe plus)"))
    actions.register_action("inbox.reject", _("Refusée"), _("Proposition ou signalement refusé"))
    actions.register_action("inbox.resend", _("Notification renvoyée"), _("Notification de l'équipe renvoyée"))


def _form_page(model, index, request):
    """(title, URL) of the live, public form page of this type under the directory, or None."""
    page = privacy(request).public(model.objects.live().child_of(index)).first()
    return (page.title, page.get_url(request)) if page else None


@hooks.register(DIRECTORY_LINKS_HOOK)
def place_form_links(index, request, place):
    """« Référencer mon lieu » on the directory's list, « Signaler une modification » on each place,
    when those pages are live and public under the directory; their titles are the links. The page is
    read once per content generation (core.fragments: a publication or a privacy rule renews it), the
    same for every visitor: a form page reserved to some is linked to no one."""
    model = PlaceProposalPage if place is None else PlaceCorrectionPage
    found = shared(request, f"inbox.form_page.{model.__name__}", lambda: _form_page(model, index, request), index.pk)
    if found is None:
        return []
    title, url = found
    return [(title, url if place is None else url + PlaceCorrectionPage.place_path(place.slug))]
