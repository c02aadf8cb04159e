"""The public forms: stored first, then staff told; traps, limits and French answers."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from core.errors import NotFound
from places.models import Place

from . import spam
from .forms import ContactForm, CorrectionForm, ProposalForm
from .notify import notify_staff, send_copy


def _answer(request, form, template, context, on_saved):
    """GET: the empty form. POST: refused (trap), limited (429), invalid, or stored and redirected
    to the confirmation. A form shown again keeps everything typed; like the account forms, a
    refused or invalid one answers 200 with its French messages."""
    status, notice = 200, ""
    if request.method == "POST":
        if spam.is_trapped(request.POST):
            notice = spam.REFUSED_MESSAGE
            form.started = spam.start_token()  # a person sends it again later: never with a stale token
        elif form.is_valid():
            wait = spam.wait_seconds(request, form.cleaned_data["email"])
            if wait:
                status, notice = 429, spam.wait_message(wait)
                context["retry_after"] = wait
            elif not spam.claim_start_token(request.POST):  # a start time that already served
                notice = spam.REFUSED_MESSAGE
                form.started = spam.start_token()
            else:
                with transaction.atomic():
                    submission = form.submission()
                    submission.save()
                notify_staff(submission, request)
                return on_saved(submission)
    context.update(form=form, notice=notice, honeypot=spam.HONEYPOT_FIELD, started_field=spam.STARTED_FIELD)
    response = TemplateResponse(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(context["retry_after"])
    add_never_cache_headers(response)
    return response


def contact_form(request, page):
    subjects = [subject.label for subject in page.subjects.all()]
    form = ContactForm(request.POST if request.method == "POST" else None, subjects=subjects)

    def saved(submission):
        if submission.payload.get("copy"):
            send_copy(submission)
        return redirect(page.url + page.reverse_subpage("thanks_view"))

    context = page.get_context(request)
    return _answer(request, form, "inbox/contact_page.html", context, saved)


def place_proposal(request):
    form = ProposalForm(request.POST if request.method == "POST" else None)
    return _answer(request, form, "inbox/proposal_form.html", {}, lambda submission: redirect("inbox_proposal_thanks"))


def place_correction(request, slug):
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise NotFound("Ce lieu n'est pas (ou plus) dans l'annuaire : vérifiez l'adresse de la page.")
    form = CorrectionForm(request.POST if request.method == "POST" else None, place=place)
    return _answer(
        request,
        form,
        "inbox/correction_form.html",
        {"place": place},
        lambda submission: redirect("inbox_correction_thanks", slug=place.slug),
    )


def proposal_thanks(request):
    return render(request, "inbox/thanks.html", {"title": "Proposition envoyée", "proposal": True})


def correction_thanks(request, slug):
    place = get_object_or_404(Place, slug=slug)
    return render(request, "inbox/thanks.html", {"title": "Signalement envoyé", "place": place})
