"""The Lotse's workspace (/kommunen/<slug>/lotse/…): cases, offers, stories, events, trial living,
welcome boxes, the portal page and Datenwissen. German only (staff pages)."""

from __future__ import annotations

import functools
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core import uploads
from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.portal import selectors, services
from leuchtfeuer.portal.engine.stats import SUPPRESSED, THRESHOLD
from leuchtfeuer.portal.forms import (
    ApartmentForm,
    AssignForm,
    CaseEmailForm,
    EventForm,
    ModerationForm,
    NoteForm,
    OfferForm,
    OfferImportForm,
    PortalForm,
    StageForm,
    StoryForm,
    TaskForm,
)
from leuchtfeuer.portal.importer import IMPORT_MAX_BYTES, IMPORT_TYPES
from leuchtfeuer.portal.models import (
    Case,
    CaseTask,
    Event,
    Offer,
    Portal,
    Story,
    TrialApartment,
    TrialApplication,
    WelcomeBoxRequest,
)


def _municipality(request, slug: str, perm: str) -> Municipality:
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied("Sie haben keinen Zugriff auf diesen Bereich.")
    return municipality


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


def _perms(user, municipality) -> dict:
    return {
        "can_cases": user.has_perm("portal.view_case", municipality),
        "can_manage": user.has_perm("portal.manage_portal", municipality),
        "can_moderate": user.has_perm("portal.moderate_offer", municipality),
        "can_stats": user.has_perm("portal.view_statistics", municipality),
    }


@login_required
def home(request, slug: str):
    municipality = _municipality(request, slug, "portal.view_case")
    return render(
        request,
        "portal/lotse_home.html",
        {
            "municipality": municipality,
            "portal": Portal.objects.filter(municipality=municipality).first(),
            "columns": selectors.cases_by_stage(municipality),
            "tasks": selectors.due_tasks(municipality),
            "today": timezone.localdate(),
            **_perms(request.user, municipality),
        },
    )


def _case(request, slug: str, pk: int) -> Case:
    municipality = _municipality(request, slug, "portal.view_case")
    case = get_object_or_404(
        Case.objects.select_related("inquiry__ortsteil", "inquiry__consent", "municipality__region", "lotse"),
        municipality=municipality,
        pk=pk,
    )
    return case


@login_required
def case_detail(request, slug: str, pk: int):
    case = services.case_access(actor=request.user, case=_case(request, slug, pk))
    return _render_case(request, case)


def _render_case(request, case: Case, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    return render(
        request,
        "portal/case_detail.html",
        {
            "municipality": case.municipality,
            "case": case,
            "inquiry": case.inquiry,
            "matches": selectors.case_matches(case),
            "notes": case.notes.select_related("author"),
            "tasks": case.tasks.all(),
            "emails": case.emails.select_related("sender"),
            "related": selectors.case_related_records(case),
            "stage_form": forms.get("stage") or StageForm(initial={"stage": case.stage}),
            "assign_form": forms.get("assign")
            or AssignForm(municipality=case.municipality, initial={"lotse": case.lotse_id}),
            "note_form": forms.get("note") or NoteForm(),
            "task_form": forms.get("task") or TaskForm(),
            "email_form": forms.get("email") or CaseEmailForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def case_action(request, slug: str, pk: int, action: str):
    case = _case(request, slug, pk)
    services.case_access(actor=request.user, case=case, purpose=f"bearbeitet ({action})")
    handlers = {
        "stand": (
            StageForm,
            lambda d: services.case_set_stage(
                actor=request.user, case=case, stage=d["stage"], note=d["note"]
            ),
            "stage",
            "Stand geändert.",
        ),
        "notiz": (
            NoteForm,
            lambda d: services.case_add_note(actor=request.user, case=case, text=d["text"]),
            "note",
            "Notiz gespeichert.",
        ),
        "aufgabe": (
            TaskForm,
            lambda d: services.case_add_task(
                actor=request.user, case=case, title=d["title"], due_on=d["due_on"]
            ),
            "task",
            "Aufgabe angelegt.",
        ),
        "email": (
            CaseEmailForm,
            lambda d: services.case_send_email(
                actor=request.user, case=case, subject=d["subject"], body=d["body"]
            ),
            "email",
            "E-Mail gesendet.",
        ),
    }
    handlers["zustaendig"] = (
        functools.partial(AssignForm, municipality=case.municipality),
        lambda d: services.case_assign(actor=request.user, case=case, lotse=d["lotse"]),
        "assign",
        "Zuständigkeit geändert.",
    )
    if action not in handlers:
        raise Http404
    form_class, handler, key, done = handlers[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            handler(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("portal:case-detail", slug=slug, pk=pk)
    case.refresh_from_db()
    return _render_case(request, case, forms={key: form}, status=422)


@login_required
@require_POST
def task_done(request, slug: str, pk: int, task_pk: int):
    case = _case(request, slug, pk)
    task = get_object_or_404(CaseTask, case=case, pk=task_pk)
    services.case_complete_task(actor=request.user, task=task)
    messages.success(request, "Aufgabe erledigt.")
    return redirect("portal:case-detail", slug=slug, pk=pk)


# --- Offers ----------------------------------------------------------------------------------


@login_required
def offers(request, slug: str):
    municipality = _municipality(request, slug, "portal.submit_offer")
    perms = _perms(request.user, municipality)
    queryset = Offer.objects.filter(municipality=municipality).select_related("organisation", "ortsteil")
    if not perms["can_moderate"]:
        org = services.partner_organisation(request.user, municipality)
        queryset = queryset.filter(organisation=org) if org else queryset.filter(created_by=request.user)
    return render(
        request,
        "portal/offers_manage.html",
        {
            "municipality": municipality,
            "offers": queryset.order_by("status", "-created_at")[:500],
            "today": timezone.localdate(),
            "moderation_form": ModerationForm(),
            **perms,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, slug: str, pk: int | None = None):
    municipality = _municipality(request, slug, "portal.submit_offer")
    offer = get_object_or_404(Offer, municipality=municipality, pk=pk) if pk else None
    can_publish = request.user.has_perm("portal.moderate_offer", municipality)
    form = OfferForm(request.POST or None, instance=offer, municipality=municipality, can_publish=can_publish)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "publish"}
        try:
            if offer is None:
                offer = services.offer_create(
                    actor=request.user,
                    municipality=municipality,
                    data=data,
                    publish=form.cleaned_data.get("publish", False),
                )
            else:
                offer = services.offer_update(
                    actor=request.user, offer=Offer.objects.get(pk=offer.pk), data=data
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Angebot „{offer.title}“ gespeichert ({offer.get_status_display()}).")
            return redirect("portal:offers", slug=slug)
    return render(
        request,
        "portal/offer_form.html",
        {"municipality": municipality, "form": form, "offer": offer},
        status=_status(form),
    )


@login_required
@require_POST
def offer_moderate(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "portal.moderate_offer")
    offer = get_object_or_404(Offer, municipality=municipality, pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.offer_moderate(
                actor=request.user,
                offer=offer,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Angebot „{offer.title}“: {offer.get_status_display()}.")
    else:
        messages.error(request, "Bitte wählen Sie eine Entscheidung.")
    return redirect("portal:offers", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def offer_import(request, slug: str):
    municipality = _municipality(request, slug, "portal.submit_offer")
    form = OfferImportForm(request.POST or None, request.FILES or None)
    if not request.user.has_perm("portal.moderate_offer", municipality):
        del form.fields["publish"]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            uploads.check_upload(upload, allowed=IMPORT_TYPES, max_bytes=IMPORT_MAX_BYTES, field="file")
            result = services.offer_import_jobs(
                actor=request.user,
                municipality=municipality,
                filename=upload.name,
                content=upload.read(),
                publish=form.cleaned_data.get("publish", False),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{result.created} Stellen neu, {result.updated} aktualisiert ({Offer.Status(result.status).label}).",
            )
            return redirect("portal:offers", slug=slug)
    return render(
        request,
        "portal/offer_import.html",
        {"municipality": municipality, "form": form},
        status=_status(form),
    )


# --- Portal page, stories, events ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def portal_edit(request, slug: str):
    municipality = _municipality(request, slug, "portal.manage_portal")
    portal = Portal.objects.filter(municipality=municipality).first()
    form = PortalForm(request.POST or None, request.FILES or None, instance=portal)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("contact_photo", "remove_photo")}
        photo = request.FILES.get("contact_photo")
        try:
            services.portal_save(
                actor=request.user,
                municipality=municipality,
                data=data,
                photo=photo,
                remove_photo=bool(form.cleaned_data.get("remove_photo")),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Portal gespeichert.")
            return redirect("portal:portal-edit", slug=slug)
    return render(
        request,
        "portal/portal_form.html",
        {"municipality": municipality, "form": form, "portal": portal},
        status=_status(form),
    )


@login_required
def stories(request, slug: str):
    municipality = _municipality(request, slug, "portal.manage_portal")
    return render(
        request,
        "portal/stories_manage.html",
        {
            "municipality": municipality,
            "stories": Story.objects.filter(municipality=municipality).select_related("consent"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request, slug: str, pk: int | None = None):
    municipality = _municipality(request, slug, "portal.manage_portal")
    story = get_object_or_404(Story, municipality=municipality, pk=pk) if pk else None
    form = StoryForm(request.POST or None, request.FILES or None, instance=story)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("image", "consent_email")}
        try:
            services.story_save(
                actor=request.user,
                municipality=municipality,
                data=data,
                image=request.FILES.get("image"),
                story=Story.objects.get(pk=story.pk) if story else None,
                consent_email=form.cleaned_data.get("consent_email") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Geschichte gespeichert.")
            return redirect("portal:stories", slug=slug)
    return render(
        request,
        "portal/story_form.html",
        {"municipality": municipality, "form": form, "story": story},
        status=_status(form),
    )


@login_required
@require_POST
def story_withdraw(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "portal.manage_portal")
    story = get_object_or_404(Story, municipality=municipality, pk=pk)
    services.story_withdraw_consent(actor=request.user, story=story)
    messages.success(request, f"„{story.title}“ ist nicht mehr veröffentlicht; das Bild wurde gelöscht.")
    return redirect("portal:stories", slug=slug)


@login_required
def events(request, slug: str):
    municipality = _municipality(request, slug, "portal.manage_portal")
    items = list(Event.objects.filter(municipality=municipality).order_by("-starts_at")[:200])
    return render(request, "portal/events_manage.html", {"municipality": municipality, "events": items})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str, pk: int | None = None):
    municipality = _municipality(request, slug, "portal.manage_portal")
    event = get_object_or_404(Event, municipality=municipality, pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(
                actor=request.user,
                municipality=municipality,
                data=form.cleaned_data,
                event=Event.objects.get(pk=event.pk) if event else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Veranstaltung gespeichert.")
            return redirect("portal:events", slug=slug)
    registrations = None
    if event is not None and request.user.has_perm("portal.view_case", municipality):
        registrations = event.registrations.all()
    return render(
        request,
        "portal/event_form.html",
        {"municipality": municipality, "form": form, "event": event, "registrations": registrations},
        status=_status(form),
    )


@login_required
def welcome_boxes(request, slug: str):
    municipality = _municipality(request, slug, "portal.view_case")
    items = WelcomeBoxRequest.objects.filter(municipality=municipality).order_by("status", "-created_at")[
        :300
    ]
    return render(request, "portal/welcome_boxes.html", {"municipality": municipality, "requests": items})


@login_required
@require_POST
def welcome_box_sent(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "portal.view_case")
    services.welcome_box_mark_sent(
        actor=request.user, request=get_object_or_404(WelcomeBoxRequest, municipality=municipality, pk=pk)
    )
    messages.success(request, "Als übergeben markiert.")
    return redirect("portal:welcome-boxes", slug=slug)


# --- Trial living -------------------------------------------------------------------------------


@login_required
def apartments(request, slug: str):
    municipality = _municipality(request, slug, "portal.manage_portal")
    items = TrialApartment.objects.filter(municipality=municipality).select_related("ortsteil")
    return render(
        request,
        "portal/apartments_manage.html",
        {"municipality": municipality, "apartments": items, **_perms(request.user, municipality)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apartment_edit(request, slug: str, pk: int | None = None):
    municipality = _municipality(request, slug, "portal.manage_portal")
    apartment = get_object_or_404(TrialApartment, municipality=municipality, pk=pk) if pk else None
    form = ApartmentForm(request.POST or None, instance=apartment, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            apartment = services.apartment_save(
                actor=request.user,
                municipality=municipality,
                data=form.cleaned_data,
                apartment=TrialApartment.objects.get(pk=apartment.pk) if apartment else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Probewohnung „{apartment.name}“ gespeichert.")
            return redirect("portal:apartments", slug=slug)
    return render(
        request,
        "portal/apartment_form.html",
        {"municipality": municipality, "form": form, "apartment": apartment},
        status=_status(form),
    )


@login_required
def apartment_bookings(request, slug: str, pk: int):
    municipality = _municipality(request, slug, "portal.view_case")
    apartment = get_object_or_404(TrialApartment, municipality=municipality, pk=pk)
    applications = apartment.applications.order_by("status", "arrival", "created_at")
    return render(
        request,
        "portal/apartment_bookings.html",
        {
            "municipality": municipality,
            "apartment": apartment,
            "applications": applications,
            "waiting": selectors.waiting_list(apartment),
            "grids": selectors.apartment_calendar(apartment, start=timezone.localdate(), months=4),
        },
    )


@login_required
@require_POST
def application_decide(request, slug: str, pk: int, app_pk: int):
    municipality = _municipality(request, slug, "portal.view_case")
    application = get_object_or_404(
        TrialApplication, apartment__municipality=municipality, apartment_id=pk, pk=app_pk
    )
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            services.trial_accept(actor=request.user, application=application)
            messages.success(
                request,
                f"Zugesagt: {application.name}, {application.arrival:%d.%m.%Y}–{application.departure:%d.%m.%Y}.",
            )
        elif decision in ("decline", "waitlist"):
            services.trial_decline(
                actor=request.user, application=application, waitlist=decision == "waitlist"
            )
            messages.success(
                request,
                "Bewerbung " + ("auf die Warteliste gesetzt." if decision == "waitlist" else "abgelehnt."),
            )
        else:
            messages.error(request, "Unbekannte Entscheidung.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:apartment-bookings", slug=slug, pk=pk)


# --- Datenwissen ---------------------------------------------------------------------------------


def _statistics(request, slug: str):
    municipality = _municipality(request, slug, "portal.view_statistics")
    scope = request.GET.get("bereich", "gemeinde")
    ids, scope_label = selectors.statistics_scope(municipality, scope)
    return municipality, scope, scope_label, selectors.statistics(ids)


@login_required
def statistics(request, slug: str):
    municipality, scope, scope_label, summary = _statistics(request, slug)
    from leuchtfeuer.places.profile import build_profile
    from leuchtfeuer.places.public_views import chart_context

    charts = chart_context(build_profile(municipality.region, with_map=False, with_peers=False))
    migration_rows, migration_svg = charts.get("migration_rows"), charts.get("migration_svg")
    return render(
        request,
        "portal/statistics.html",
        {
            "municipality": municipality,
            "scope": scope,
            "scope_label": scope_label,
            "summary": summary,
            "threshold": THRESHOLD,
            "suppressed": SUPPRESSED,
            "migration_rows": migration_rows,
            "migration_svg": migration_svg,
        },
    )


def statistics_rows(summary, scope_label: str) -> list[list[str]]:
    rows = [
        ["Datenwissen", scope_label],
        ["Hinweis", f"Werte unter {THRESHOLD} Personen werden nicht ausgewiesen ({SUPPRESSED})."],
        [],
    ]
    rows.append(["Anfragen insgesamt", summary.total.display])
    rows.append(
        [
            "Anteil zugezogen an entschiedenen Fällen (%)",
            SUPPRESSED
            if summary.conversion_percent is None
            else str(summary.conversion_percent).replace(".", ","),
        ]
    )
    rows.append(
        [
            "Mittlere Zeit bis zur Entscheidung (Tage)",
            SUPPRESSED
            if summary.mean_days_to_decision is None
            else str(summary.mean_days_to_decision).replace(".", ","),
        ]
    )
    for table in summary.tables:
        rows.append([])
        rows.append([table.title])
        rows.append([table.dimension, "Anzahl"])
        rows.extend([cell.label, cell.display] for cell in table.cells)
        if table.total is not None:
            rows.append(["insgesamt", table.total.display])
    return rows


@login_required
def statistics_export(request, slug: str, fmt: str):
    municipality, scope, scope_label, summary = _statistics(request, slug)
    rows = statistics_rows(summary, scope_label)
    stem = f"datenwissen-{municipality.slug}-{scope}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv_writer(buffer, delimiter=";").writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Datenwissen"
        for row in rows:
            xlsx_append(sheet, [int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
