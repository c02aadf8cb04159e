"""The place forms, under the directory's reserved slugs (/lieux/referencer/, /lieux/<slug>/signaler/):
plain views, included before Wagtail's routes so that the directory's page never shadows them."""

from django.urls import path
from django.views.decorators.http import require_http_methods

from . import views

form_methods = require_http_methods(["GET", "HEAD", "POST"])

urlpatterns = [
    path("lieux/referencer/", form_methods(views.place_proposal), name="inbox_proposal"),
    path("lieux/referencer/merci/", views.proposal_thanks, name="inbox_proposal_thanks"),
    path("lieux/<slug:slug>/signaler/", form_methods(views.place_correction), name="inbox_correction"),
    path("lieux/<slug:slug>/signaler/merci/", views.correction_thanks, name="inbox_correction_thanks"),
]
