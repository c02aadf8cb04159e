"""The correction form's former addresses, before Wagtail's routes (the directory's page would
answer them with a 404)."""

from django.urls import path

from . import views

urlpatterns = [
    path("lieux/<slug:slug>/signaler/", views.old_correction_url, name="inbox_old_correction"),
    path("lieux/<slug:slug>/signaler/merci/", views.old_correction_url, {"suffix": "merci/"}),
]
