"""The correction form's first addresses (/lieux/<lieu>/signaler/), kept working: they now lead,
permanently, to the « Signaler une modification » page (/lieux/signaler/<lieu>/)."""

from django.http import HttpResponsePermanentRedirect

from core.errors import NotFound

from .models import PlaceCorrectionPage


def old_correction_url(request, slug, suffix=""):
    page = PlaceCorrectionPage.objects.live().first()
    if page is None:
        raise NotFound("Ce formulaire n'est pas en ligne pour le moment.")
    response = HttpResponsePermanentRedirect(page.url_for_place(slug, request) + suffix)
    if request.method == "POST":
        response.status_code = 308  # a form sent from a page opened before the move keeps its data
    return response
