"""Pages of an application: the short form, a person's and a town's application, attachments, PDF.

Writes go through ``core.actions`` (form → service → redirect, or the page again with 422).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import FAILED, ActionView, attempt, button_action, form_action
from leuchtfeuer.core.generated import pdf_response
from leuchtfeuer.core.permissions import get_permitted
from leuchtfeuer.funding import exports
from leuchtfeuer.funding.applications import selectors, services
from leuchtfeuer.funding.applications.models import Application, Attachment
from leuchtfeuer.funding.calls.models import Call, CallItem
from leuchtfeuer.funding.calls.selectors import call_items
from leuchtfeuer.funding.common import NO_TOWN_ACCESS
from leuchtfeuer.funding.forms import ApplicationForm, ShortApplicationForm
from leuchtfeuer.places.models import Municipality


def application_for(request: HttpRequest, pk: int) -> Application:
    """The application ``pk`` if the user may see it (404 / 403 otherwise)."""
    return get_permitted(
        request.user,
        Application.objects.select_related("call", "call__programme", "municipality", "region"),
        "funding.view_application",
        message="Sie dürfen diesen Antrag nicht sehen.",
        pk=pk,
    )


def application_url(application: Application) -> str:
    if application.municipality_id:
        return reverse(
            "funding:town-application", kwargs={"slug": application.municipality.slug, "pk": application.pk}
        )
    return reverse("funding:my-application", kwargs={"pk": application.pk})


@login_required
@require_http_methods(["GET", "POST"])
def short_application_create(request, slug: str):
    call = get_object_or_404(Call, slug=slug, status=Call.Status.PUBLISHED)
    if not call.short_form:
        raise Http404("Dieser Aufruf hat keinen Kurzantrag.")
    form = ShortApplicationForm(
        request.POST or None, call=call, initial={"contact_email": request.user.email}
    )

    def page(form: ShortApplicationForm) -> HttpResponse:
        return render(request, "funding/short_application_form.html", {"call": call, "form": form})

    if request.method != "POST":
        return page(form)
    return form_action(
        request,
        form=form,
        call=lambda: services.application_start_short(
            actor=request.user, call=call, **{k: form.cleaned_data[k] for k in SHORT_FIELDS}
        ),
        success_url=application_url,
        error_page=page,
        success_message="Kurzantrag als Entwurf gespeichert. Prüfen Sie ihn und reichen Sie ihn ein.",
    )


SHORT_FIELDS = (
    "applicant_type", "applicant_name", "region", "contact_email", "title", "summary", "requested_amount",
)  # fmt: skip


@login_required
def my_applications(request):
    return render(
        request,
        "funding/my_applications.html",
        {"applications": selectors.applications_of_user(request.user)},
    )


@login_required
def my_application(request, pk: int):
    application = application_for(request, pk)
    if application.municipality_id is not None:
        return redirect("funding:town-application", slug=application.municipality.slug, pk=application.pk)
    return _application_page(request, application)


def _application_page(
    request, application: Application, form: ApplicationForm | None = None, status: int = 200
):
    call = application.call
    can_edit = application.status == Application.Status.DRAFT and (
        request.user.has_perm("funding.edit_application", application)
        if application.municipality_id
        else application.created_by_id == request.user.pk
    )
    can_submit = application.status == Application.Status.DRAFT and (
        request.user.has_perm("funding.submit_application", application)
        if application.municipality_id
        else application.created_by_id == request.user.pk
    )
    full_form = application.applicant_type == "kommune" or not call.short_form
    if form is None and can_edit and full_form:
        form = ApplicationForm(application=application)
    grant = getattr(application, "grant", None) if application.status == Application.Status.SELECTED else None
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "call": call,
            "items": call_items(call),
            "missing": selectors.application_missing(application)
            if application.status == Application.Status.DRAFT
            else [],
            "form": form,
            "can_edit": can_edit,
            "can_submit": can_submit,
            "full_form": full_form,
            "attachments": application.attachments.select_related("item"),
            "deadline_passed": timezone.now() > call.deadline,
            "grant": grant,
        },
        status=status,
    )


class TownApplicationStart(ActionView):
    """Start (or reopen) the town's application to a call; refusals go back to the call page."""

    success_message = (
        "Antrag angelegt. Das Datenblatt ist aus Ihrem Kommunalprofil vorausgefüllt – bitte prüfen."
    )

    def get_target(self) -> Any:
        municipality = get_permitted(
            self.request.user,
            Municipality.objects.select_related("region"),
            "funding.edit_application",
            message=NO_TOWN_ACCESS,
            slug=self.kwargs["slug"],
        )
        self.call = get_object_or_404(Call, slug=self.kwargs["call_slug"])
        return municipality

    def perform(self, form: Any) -> Application:
        return services.application_start(actor=self.request.user, call=self.call, municipality=self.target)

    def get_success_url(self, result: Application) -> str:
        return reverse("funding:town-application", kwargs={"slug": self.target.slug, "pk": result.pk})

    def get_failure_url(self) -> str:
        return reverse("funding:call-detail", kwargs={"slug": self.call.slug})


def _town_application(request, slug: str, pk: int) -> Application:
    application = application_for(request, pk)
    if application.municipality is None or application.municipality.slug != slug:
        raise Http404("Diesen Antrag gibt es in dieser Kommune nicht.")
    return application


@login_required
@require_http_methods(["GET", "POST"])
def town_application(request, slug: str, pk: int):
    application = _town_application(request, slug, pk)
    if request.method == "POST":
        return _application_save(request, application)
    return _application_page(request, application)


@login_required
@require_POST
def my_application_save(request, pk: int):
    return _application_save(request, application_for(request, pk))


def _application_save(request, application: Application):
    """Save the draft; with ``action=submit`` submit it right after."""
    full_form = application.applicant_type == "kommune" or not application.call.short_form
    if not full_form:
        raise Http404("Kurzanträge werden nach dem Anlegen nur noch eingereicht.")
    form = ApplicationForm(request.POST, application=application)
    saved = attempt(
        form,
        lambda: services.application_update(
            actor=request.user, application=application, data=form.service_data()
        ),
    )
    if saved is FAILED:
        return _application_page(request, application, form=form, status=422)
    if request.POST.get("action") == "submit":
        return _submit(request, application)
    messages.success(request, "Entwurf gespeichert.")
    return redirect(application_url(application))


def _submit(request, application: Application):
    # Written by hand: a refused submission shows the application page itself (status 422) with the
    # reasons (late, incomplete), not a redirect – the person sees at once what is missing.
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        application.refresh_from_db()
        return _application_page(request, application, status=422)
    messages.success(
        request, "Antrag fristgerecht eingereicht. Eine Eingangsbestätigung ist per E-Mail unterwegs."
    )
    return redirect(application_url(application))


@login_required
@require_POST
def application_submit(request, pk: int):
    return _submit(request, application_for(request, pk))


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = application_for(request, pk)
    return button_action(
        request,
        call=lambda: services.application_withdraw(actor=request.user, application=application),
        redirect_to=application_url(application),
        success_message="Antrag zurückgezogen.",
    )


@login_required
@require_POST
def attachment_upload(request, pk: int):
    application = application_for(request, pk)
    item = get_object_or_404(CallItem, pk=request.POST.get("item"), call=application.call)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, f"Anlage „{item.label}“: bitte eine Datei auswählen.")
        return redirect(application_url(application))
    return button_action(
        request,
        call=lambda: services.attachment_add(
            actor=request.user, application=application, item=item, upload=upload
        ),
        redirect_to=application_url(application),
        success_message=f"Anlage „{item.label}“ hochgeladen.",
    )


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    application = application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return button_action(
        request,
        call=lambda: services.attachment_delete(actor=request.user, attachment=attachment),
        redirect_to=application_url(application),
    )


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    application = application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def application_pdf(request, pk: int):
    application = application_for(request, pk)
    generated = timezone.localtime()
    # built by a worker (core.generated); the creation time alone is no new version
    return pdf_response(
        request,
        kind="foerderantrag",
        key=str(application.pk),
        html=exports.application_print_html(application, generated),
        title=f"Antrag „{application.title}“",
        filename=f"antrag-{application.call.slug}-{application.pk}.pdf",
        volatile=[date_format(generated, "d.m.Y, H:i")],
    )
