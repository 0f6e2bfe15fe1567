"""Pages of the funding part: public catalogue, the town's applications and grants, review, office.

Views are thin: parse a form, call a service or selector, render. Permissions come from rules.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.forms import add_service_errors
from leuchtfeuer.core.text import clean_text
from leuchtfeuer.funding import exports, selectors, services
from leuchtfeuer.funding.engine.eligibility import APPLICANT_TYPES, DEGURBA_LABELS, LAND_NAMES
from leuchtfeuer.funding.forms import (
    ApplicationForm,
    BudgetLineForm,
    CallForm,
    CallItemForm,
    ClaimForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    FundingProfileForm,
    LockForm,
    ProgrammeForm,
    ReviewerForm,
    ReviewForm,
    ShortApplicationForm,
)
from leuchtfeuer.funding.models import (
    Application,
    Attachment,
    Call,
    CallItem,
    Criterion,
    ExpenseClaim,
    Grant,
    Programme,
    ReviewerAssignment,
    SelectionRun,
)
from leuchtfeuer.places.models import Municipality


def _municipality(request, slug: str, perm: str) -> Municipality:
    municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=slug)
    if not request.user.has_perm(perm, municipality):
        raise PermissionDenied("Sie haben keinen Zugriff auf den Förderbereich dieser Kommune.")
    return municipality


def _office(request) -> None:
    if not request.user.has_perm("funding.manage"):
        raise PermissionDenied("Nur für die Geschäftsstelle.")


def _service_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _rules_text(programme: Programme) -> list[str]:
    rules = []
    if programme.lands:
        rules.append("Länder: " + ", ".join(LAND_NAMES.get(c, c) for c in programme.lands))
    if programme.size_classes:
        rules.append("Größenklassen: " + ", ".join(programme.size_classes))
    if programme.min_population is not None:
        rules.append(f"mindestens {programme.min_population:,} Einwohner:innen".replace(",", "."))
    if programme.max_population is not None:
        rules.append(f"höchstens {programme.max_population:,} Einwohner:innen".replace(",", "."))
    if programme.degurba:
        rules.append(
            "Besiedlung: " + ", ".join(DEGURBA_LABELS.get(int(d), str(d)) for d in programme.degurba)
        )
    if programme.applicant_types:
        rules.append(
            "Antragsberechtigt: " + ", ".join(APPLICANT_TYPES.get(t, t) for t in programme.applicant_types)
        )
    if programme.own_contribution_percent is not None:
        rules.append(f"Eigenanteil: {programme.own_contribution_percent:g} %".replace(".", ","))
    if programme.deadline:
        rules.append(f"Antragsfrist: {programme.deadline:%d.%m.%Y}")
    if programme.topics:
        from leuchtfeuer.core.taxonomy import HANDLUNGSFELDER, label

        rules.append("Themen: " + ", ".join(label(HANDLUNGSFELDER, t) for t in programme.topics))
    return rules


# ============================================================================ public


def catalogue(request):
    programmes = Programme.objects.filter(is_active=True)
    return render(
        request,
        "funding/catalogue.html",
        {
            "programmes": [(p, _rules_text(p)) for p in programmes],
            "calls": selectors.public_calls(),
            "now": timezone.now(),
        },
    )


def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug, is_active=True)
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "rules": _rules_text(programme),
            "calls": programme.calls.exclude(status=Call.Status.DRAFT),
        },
    )


def call_detail(request, slug: str):
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    if call.status == Call.Status.DRAFT and not request.user.has_perm("funding.manage"):
        raise Http404("Diesen Aufruf gibt es nicht.")
    user = request.user
    towns = []
    if user.is_authenticated and "kommune" in call.applicant_types:
        from leuchtfeuer.accounts.roles import roles_by_municipality

        ids = [mid for mid, roles in roles_by_municipality(user).items() if roles & {"koordination", "team"}]
        towns = list(Municipality.objects.filter(pk__in=ids))
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "items": selectors.call_items(call),
            "criteria": call.criteria.all(),
            "is_open": call.status == Call.Status.PUBLISHED and timezone.now() <= call.deadline,
            "towns": towns,
            "applicant_labels": [APPLICANT_TYPES.get(t, t) for t in call.applicant_types],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def short_application_create(request, slug: str):
    call = get_object_or_404(Call, slug=slug, status=Call.Status.PUBLISHED)
    if not call.short_form:
        raise Http404("Dieser Aufruf hat keinen Kurzantrag.")
    form = ShortApplicationForm(
        request.POST or None, call=call, initial={"contact_email": request.user.email}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_start_short(
                actor=request.user, call=call, applicant_type=data["applicant_type"], applicant_name=data["applicant_name"],
                region=data["region"], contact_email=data["contact_email"], title=data["title"], summary=data["summary"],
                requested_amount=data["requested_amount"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Kurzantrag als Entwurf gespeichert. Prüfen Sie ihn und reichen Sie ihn ein."
            )
            return redirect("funding:my-application", pk=application.pk)
    return render(
        request,
        "funding/short_application_form.html",
        {"call": call, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def my_applications(request):
    return render(
        request,
        "funding/my_applications.html",
        {"applications": selectors.applications_of_user(request.user)},
    )


def _application_for(request, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call", "call__programme", "municipality", "region"), pk=pk
    )
    if not request.user.has_perm("funding.view_application", application):
        raise PermissionDenied("Sie dürfen diesen Antrag nicht sehen.")
    return application


@login_required
def my_application(request, pk: int):
    application = _application_for(request, pk)
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
            "items": selectors.call_items(call),
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


# ============================================================================ town


@login_required
@require_http_methods(["GET", "POST"])
def town_overview(request, slug: str):
    municipality = _municipality(request, slug, "funding.view_town")
    from leuchtfeuer.funding.models import FundingProfile

    can_apply = request.user.has_perm("funding.edit_application", municipality)
    profile = FundingProfile.objects.filter(municipality=municipality).first()
    initial = (
        {"own_contribution_percent": f"{profile.own_contribution_percent:.2f}".replace(".", ",")}
        if profile and profile.own_contribution_percent is not None
        else {}
    )
    profile_form = FundingProfileForm(request.POST or None, initial=initial) if can_apply else None
    if request.method == "POST":
        if profile_form is None:
            raise PermissionDenied("Sie dürfen die Angaben der Kommune nicht ändern.")
        if profile_form.is_valid():
            try:
                services.funding_profile_set(
                    actor=request.user, municipality=municipality, **profile_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(profile_form, exc)
            else:
                messages.success(
                    request, "Angabe gespeichert – der Abgleich mit den Programmen ist aktualisiert."
                )
                return redirect("funding:town-overview", slug=municipality.slug)
    return render(
        request,
        "funding/town_overview.html",
        {
            "municipality": municipality,
            "fits": selectors.fit_check(municipality),
            "applications": selectors.applications_of_town(municipality),
            "grants": selectors.grants_of_town(municipality),
            "open_calls": [c for c in selectors.open_calls() if "kommune" in c.applicant_types],
            "can_apply": can_apply,
            "profile_form": profile_form,
        },
        status=422 if profile_form is not None and profile_form.errors else 200,
    )


@login_required
@require_POST
def town_application_start(request, slug: str, call_slug: str):
    municipality = _municipality(request, slug, "funding.edit_application")
    call = get_object_or_404(Call, slug=call_slug)
    try:
        application = services.application_start(actor=request.user, call=call, municipality=municipality)
    except ValidationError as exc:
        _service_error(request, exc)
        return redirect("funding:call-detail", slug=call.slug)
    messages.success(
        request, "Antrag angelegt. Das Datenblatt ist aus Ihrem Kommunalprofil vorausgefüllt – bitte prüfen."
    )
    return redirect("funding:town-application", slug=municipality.slug, pk=application.pk)


def _town_application(request, slug: str, pk: int) -> Application:
    application = _application_for(request, pk)
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
    return _application_save(request, _application_for(request, pk))


def _application_redirect(application: Application):
    if application.municipality_id:
        return redirect("funding:town-application", slug=application.municipality.slug, pk=application.pk)
    return redirect("funding:my-application", pk=application.pk)


def _application_save(request, application: Application):
    full_form = application.applicant_type == "kommune" or not application.call.short_form
    if not full_form:
        raise Http404("Kurzanträge werden nach dem Anlegen nur noch eingereicht.")
    form = ApplicationForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.application_update(actor=request.user, application=application, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.POST.get("action") == "submit":
                return _submit(request, application)
            messages.success(request, "Entwurf gespeichert.")
            return _application_redirect(application)
    return _application_page(request, application, form=form, status=422)


def _submit(request, application: Application):
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        _service_error(request, exc)
        application.refresh_from_db()
        return _application_page(request, application, status=422)
    messages.success(
        request, "Antrag fristgerecht eingereicht. Eine Eingangsbestätigung ist per E-Mail unterwegs."
    )
    return _application_redirect(application)


@login_required
@require_POST
def application_submit(request, pk: int):
    return _submit(request, _application_for(request, pk))


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = _application_for(request, pk)
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, "Antrag zurückgezogen.")
    return _application_redirect(application)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    application = _application_for(request, pk)
    item = get_object_or_404(CallItem, pk=request.POST.get("item"), call=application.call)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, f"Anlage „{item.label}“: bitte eine Datei auswählen.")
        return _application_redirect(application)
    try:
        services.attachment_add(actor=request.user, application=application, item=item, upload=upload)
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, f"Anlage „{item.label}“ hochgeladen.")
    return _application_redirect(application)


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    application = _application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        _service_error(request, exc)
    return _application_redirect(application)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    application = _application_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def application_pdf(request, pk: int):
    application = _application_for(request, pk)
    pdf = exports.application_pdf(application)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="antrag-{application.call.slug}-{application.pk}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def grant_detail(request, pk: int):
    grant = get_object_or_404(Grant.objects.select_related("call", "application", "municipality"), pk=pk)
    if not request.user.has_perm("funding.view_grant", grant):
        raise PermissionDenied("Sie dürfen diese Zuwendung nicht sehen.")
    lines = selectors.budget_status(grant)
    can_claim = request.user.has_perm("funding.claim_expense", grant)
    form = None
    if can_claim:
        form = ClaimForm(request.POST or None, request.FILES or None, lines=lines)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.claim_submit(
                    actor=request.user, line=form.lines[data["budget_line"]], amount=data["amount"], cost_type=data["cost_type"],
                    description=data["description"], spent_on=data["spent_on"], receipt=data["receipt"],
                    staff_publicly_funded=data["staff_publicly_funded"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Mittelabruf mit Beleg eingereicht. Die Geschäftsstelle prüft ihn.")
                return redirect("funding:grant-detail", pk=grant.pk)
    elif request.method == "POST":
        raise PermissionDenied("Sie dürfen keine Mittel abrufen.")
    claims = ExpenseClaim.objects.filter(budget_line__grant=grant).select_related("budget_line", "decided_by")
    total = sum((s.line.amount for s in lines), start=0)
    return render(
        request,
        "funding/grant_detail.html",
        {
            "grant": grant,
            "lines": lines,
            "claims": claims,
            "form": form,
            "total": total,
            "approved": sum((s.approved for s in lines), start=0),
            "remaining": sum((s.remaining for s in lines), start=0),
            "is_office": request.user.has_perm("funding.manage"),
            "budget_form": BudgetLineForm() if request.user.has_perm("funding.manage") else None,
            "reports": [r for r in selectors.report_rows() if r.grant.pk == grant.pk]
            if grant.municipality_id
            else [],
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def claim_receipt(request, pk: int):
    claim = get_object_or_404(ExpenseClaim.objects.select_related("budget_line__grant"), pk=pk)
    if not request.user.has_perm("funding.view_grant", claim.budget_line.grant):
        raise PermissionDenied("Sie dürfen diesen Beleg nicht sehen.")
    return FileResponse(
        claim.receipt.open("rb"),
        as_attachment=True,
        filename=claim.receipt_name,
        content_type=claim.receipt_type,
    )


# ============================================================================ review


@login_required
def review_list(request):
    if not request.user.has_perm("funding.review"):
        raise PermissionDenied("Sie sind keinem Förderaufruf als Gutachter:in zugeordnet.")
    return render(request, "funding/review_list.html", {"queue": selectors.reviewer_queue(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def review_application(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call", "region", "municipality"), pk=pk
    )
    if not ReviewerAssignment.objects.filter(call=application.call, reviewer=request.user).exists():
        raise PermissionDenied("Sie sind für diesen Aufruf nicht als Gutachter:in eingetragen.")
    conflict = selectors.reviewer_conflict(request.user, application)
    if conflict:
        return render(
            request,
            "funding/review_conflict.html",
            {"application": application, "conflict": conflict},
            status=403,
        )
    review = application.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
    form = ReviewForm(request.POST or None, criteria=application.call.criteria.all(), review=review)
    conflict_form = ConflictForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(
                actor=request.user,
                application=application,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Bewertung für „{application.applicant_name}“ gespeichert.")
            return redirect("funding:review-list")
    return render(
        request,
        "funding/review_form.html",
        {"application": application, "items": selectors.call_items(application.call), "form": form, "conflict_form": conflict_form,
         "attachments": application.attachments.select_related("item")},
        status=422 if form.errors else 200,
    )  # fmt: skip


@login_required
@require_POST
def review_conflict(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _service_error(request, exc)
        else:
            messages.success(
                request, "Befangenheit erklärt – der Antrag wird Ihnen nicht mehr zur Bewertung angeboten."
            )
    else:
        messages.error(request, "Bitte nennen Sie den Grund der Befangenheit.")
    return redirect("funding:review-list")


# ============================================================================ office


@login_required
def office_overview(request):
    _office(request)
    from leuchtfeuer.funding.models import ExpenseClaim as Claim

    return render(
        request,
        "funding/office_overview.html",
        {
            "programmes": Programme.objects.all(),
            "calls": Call.objects.select_related("programme").all(),
            "pending_claims": Claim.objects.filter(status=Claim.Status.SUBMITTED).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_programme_edit(request, slug: str | None = None):
    _office(request)
    programme = get_object_or_404(Programme, slug=slug) if slug else None
    initial = (
        ProgrammeForm.initial_for(programme) if programme else {"is_active": True, "needs_completion": True}
    )
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(
                actor=request.user, data=form.cleaned_data, programme=programme
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Förderprogramm „{programme.name}“ gespeichert.")
            return redirect("funding:office")
    return render(
        request,
        "funding/office_programme_form.html",
        {"form": form, "programme": programme},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_call_edit(request, slug: str | None = None):
    _office(request)
    call = get_object_or_404(Call, slug=slug) if slug else None
    initial = (
        CallForm.initial_for(call)
        if call
        else {"status": Call.Status.DRAFT, "report_required": True, "applicant_types": ["kommune"]}
    )
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_save(actor=request.user, data=form.cleaned_data, call=call)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Aufruf „{call.title}“ gespeichert.")
            return redirect("funding:office-call", slug=call.slug)
    return render(
        request,
        "funding/office_call_form.html",
        {"form": form, "call": call},
        status=422 if form.errors else 200,
    )


def _office_call_page(
    request, call: Call, *, item_form=None, criterion_form=None, reviewer_form=None, status=200
):
    return render(
        request,
        "funding/office_call.html",
        {
            "call": call,
            "items": selectors.call_items(call),
            "kinds": CallItem.Kind.choices,
            "criteria": call.criteria.all(),
            "assignments": call.reviewer_assignments.select_related("reviewer"),
            "item_form": item_form or CallItemForm(initial={"required": True}),
            "criterion_form": criterion_form or CriterionForm(),
            "reviewer_form": reviewer_form or ReviewerForm(),
            "application_count": call.applications.exclude(status=Application.Status.DRAFT).count(),
            "draft_count": call.applications.filter(status=Application.Status.DRAFT).count(),
        },
        status=status,
    )


@login_required
def office_call(request, slug: str):
    _office(request)
    return _office_call_page(request, get_object_or_404(Call, slug=slug))


@login_required
@require_POST
def office_call_item_add(request, slug: str):
    _office(request)
    call = get_object_or_404(Call, slug=slug)
    form = CallItemForm(request.POST)
    if form.is_valid():
        try:
            services.call_item_add(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"„{form.cleaned_data['label']}“ hinzugefügt.")
            return redirect("funding:office-call", slug=call.slug)
    return _office_call_page(request, call, item_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def office_call_item_edit(request, slug: str, pk: int):
    _office(request)
    item = get_object_or_404(CallItem.objects.select_related("call"), pk=pk, call__slug=slug)
    initial = {
        k: getattr(item, k) for k in ("kind", "label", "help_text", "required", "field_type", "profile_key")
    }
    form = CallItemForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.call_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"„{item.label}“ gespeichert.")
            return redirect("funding:office-call", slug=slug)
    return render(
        request,
        "funding/office_item_form.html",
        {"form": form, "item": item, "call": item.call},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def office_call_item_delete(request, slug: str, pk: int):
    _office(request)
    item = get_object_or_404(CallItem, pk=pk, call__slug=slug)
    try:
        services.call_item_delete(actor=request.user, item=item)
    except ValidationError as exc:
        _service_error(request, exc)
    return redirect("funding:office-call", slug=slug)


@login_required
@require_POST
def office_criterion_add(request, slug: str):
    _office(request)
    call = get_object_or_404(Call, slug=slug)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("funding:office-call", slug=call.slug)
    return _office_call_page(request, call, criterion_form=form, status=422)


@login_required
@require_POST
def office_criterion_delete(request, slug: str, pk: int):
    _office(request)
    criterion = get_object_or_404(Criterion, pk=pk, call__slug=slug)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        _service_error(request, exc)
    return redirect("funding:office-call", slug=slug)


@login_required
@require_POST
def office_reviewer_add(request, slug: str):
    _office(request)
    call = get_object_or_404(Call, slug=slug)
    form = ReviewerForm(request.POST)
    if form.is_valid():
        try:
            services.reviewer_assign(actor=request.user, call=call, email=form.cleaned_data["email"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['email']} begutachtet jetzt diesen Aufruf.")
            return redirect("funding:office-call", slug=call.slug)
    return _office_call_page(request, call, reviewer_form=form, status=422)


@login_required
@require_POST
def office_reviewer_remove(request, slug: str, pk: int):
    _office(request)
    assignment = get_object_or_404(ReviewerAssignment, pk=pk, call__slug=slug)
    try:
        services.reviewer_remove(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        _service_error(request, exc)
    return redirect("funding:office-call", slug=slug)


@login_required
def office_applications(request, slug: str):
    _office(request)
    call = get_object_or_404(Call, slug=slug)
    rows = selectors.score_table(call)
    return render(
        request,
        "funding/office_applications.html",
        {"call": call, "rows": rows, "criteria": call.criteria.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_application(request, pk: int):
    _office(request)
    application = get_object_or_404(
        Application.objects.select_related("call", "region", "municipality"), pk=pk
    )
    prereq_items = [i for i in application.call.items.all() if i.kind == CallItem.Kind.PREREQUISITE]
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "check":
                checks = {}
                for item in prereq_items:
                    value = request.POST.get(f"met_{item.pk}", "")
                    checks[str(item.pk)] = {
                        "met": True if value == "ja" else False if value == "nein" else None,
                        "note": clean_text(request.POST.get(f"note_{item.pk}", "")),
                    }
                services.application_check_prerequisites(
                    actor=request.user, application=application, checks=checks
                )
                messages.success(request, "Prüfung der Voraussetzungen gespeichert.")
            elif action == "lock":
                form = LockForm(request.POST)
                if form.is_valid():
                    services.application_set_lock(
                        actor=request.user, application=application, **form.cleaned_data
                    )
                    messages.success(request, "Auswahl-Sperre gespeichert. Berechnen Sie die Auswahl neu.")
        except ValidationError as exc:
            _service_error(request, exc)
        return redirect("funding:office-application", pk=application.pk)
    row = next(
        (r for r in selectors.score_table(application.call) if r.application.pk == application.pk), None
    )
    return render(
        request,
        "funding/office_application.html",
        {
            "application": application,
            "items": selectors.call_items(application.call),
            "prereq_items": prereq_items,
            "row": row,
            "reviews": application.reviews.select_related("reviewer").prefetch_related("scores__criterion"),
            "lock_form": LockForm(initial={"lock": application.lock, "reason": application.lock_reason}),
            "attachments": application.attachments.select_related("item"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_selection(request, slug: str):
    _office(request)
    call = get_object_or_404(Call, slug=slug)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "finalise":
                run = get_object_or_404(SelectionRun, pk=request.POST.get("run"), call=call)
                grants = services.selection_finalise(actor=request.user, run=run)
                messages.success(
                    request, f"Förderentscheidung übernommen: {len(grants)} Zuwendungen angelegt."
                )
            else:
                services.selection_run(actor=request.user, call=call)
                messages.success(request, "Auswahl neu berechnet.")
        except ValidationError as exc:
            _service_error(request, exc)
        return redirect("funding:office-selection", slug=call.slug)
    run = call.selection_runs.first()
    result = run.result if run else None
    # A rule with no status (no application carries its attribute) is not "fulfilled": name it.
    unassessed = [r["label"] for r in result["rules"] if not r["value"]] if result else []
    decided = decided_out = None
    if call.status == Call.Status.DECIDED:
        # The decision itself lives on the applications and grants (a run may not exist, e.g. imported rounds).
        decided = call.applications.filter(status=Application.Status.SELECTED).select_related(
            "grant", "region"
        )
        decided = decided.order_by("applicant_name")
        decided_out = call.applications.filter(status=Application.Status.NOT_SELECTED).count()
    return render(
        request,
        "funding/office_selection.html",
        {"call": call, "run": run, "result": result, "runs": call.selection_runs.all()[:10],
         "unassessed": unassessed, "decided": decided, "decided_out": decided_out, "locked": call.applications.exclude(lock="").order_by("applicant_name")},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def office_grants(request):
    _office(request)
    if request.method == "POST":
        claim = get_object_or_404(ExpenseClaim, pk=request.POST.get("claim"))
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.claim_decide(
                    actor=request.user,
                    claim=claim,
                    approve=request.POST.get("action") == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _service_error(request, exc)
            else:
                messages.success(request, f"Mittelabruf {claim.description} entschieden.")
        return redirect("funding:office-grants")
    pending = list(selectors.claims_for_office(status=ExpenseClaim.Status.SUBMITTED))
    grants = Grant.objects.select_related("call", "municipality").order_by("call__title", "recipient_name")
    return render(
        request,
        "funding/office_grants.html",
        {"pending": [(c, selectors.claim_warnings(c)) for c in pending], "grants": grants},
    )


@login_required
def office_claims_export(request, fmt: str):
    _office(request)
    claims = selectors.claims_for_office()
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exports.claims_csv(claims), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.claims_xlsx(claims),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="mittelabrufe-{stamp}.{fmt}"'
    return response


@login_required
@require_POST
def office_grant_budget(request, pk: int):
    _office(request)
    grant = get_object_or_404(Grant, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "close_year":
            services.budget_year_close(
                actor=request.user, grant=grant, year=int(request.POST.get("year", "0"))
            )
            messages.success(request, "Jahresabschluss gebucht.")
        else:
            form = BudgetLineForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Bitte Jahr, Posten und Betrag angeben.")
            services.budget_line_set(actor=request.user, grant=grant, **form.cleaned_data)
            messages.success(request, "Budgetposten gespeichert.")
    except (ValidationError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            _service_error(request, exc)
        else:
            messages.error(request, "Ungültiges Jahr.")
    return redirect("funding:grant-detail", pk=grant.pk)


@login_required
def office_reports(request):
    _office(request)
    year = request.GET.get("jahr")
    rows = selectors.report_rows(year=int(year) if year and year.isdecimal() else None)
    counts = {
        state: sum(1 for r in rows if r.state == state)
        for state in ("eingereicht", "verspätet eingereicht", "überfällig", "offen")
    }
    return render(
        request, "funding/office_reports.html", {"rows": rows, "counts": counts, "year": year or ""}
    )
