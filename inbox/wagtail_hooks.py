"""Admin: the inbox as a Wagtail viewset (listing with filters and search, edit of the status,
handler and notes) and the review screen where place submissions are accepted or rejected."""

import django_filters
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import ReviewView
from .models import Submission


def _staff(request=None):
    return get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct().order_by("username")


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
    panels = [FieldPanel("status"), FieldPanel("handler"), FieldPanel("notes")]

    def get_queryset(self, request):
        return Submission.objects.select_related("handler")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/examen/", ReviewView.as_view(), name="review")]


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet("inbox_submission", url_prefix="messages")
