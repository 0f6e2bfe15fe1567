"""Pages of a grant: budget and expense claims (Mittelabruf) of the recipient; the office's
decisions, year-end closing, bookkeeping export and the yearly Kurzbericht overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from leuchtfeuer.core.actions import button_action, form_action
from leuchtfeuer.core.permissions import get_permitted, require
from leuchtfeuer.funding import exports
from leuchtfeuer.funding.common import OFFICE_ONLY
from leuchtfeuer.funding.forms import BudgetLineForm, ClaimForm, DecisionForm
from leuchtfeuer.funding.grants import selectors, services
from leuchtfeuer.funding.grants.models import ExpenseClaim, Grant


def _grant_url(grant: Grant) -> str:
    return reverse("funding:grant-detail", kwargs={"pk": grant.pk})


@login_required
@require_http_methods(["GET", "POST"])
def grant_detail(request, pk: int):
    grant = get_permitted(
        request.user,
        Grant.objects.select_related("call", "application", "municipality"),
        "funding.view_grant",
        message="Sie dürfen diese Zuwendung nicht sehen.",
        pk=pk,
    )
    lines = selectors.budget_status(grant)
    can_claim = request.user.has_perm("funding.claim_expense", grant)
    if request.method == "POST" and not can_claim:
        raise PermissionDenied("Sie dürfen keine Mittel abrufen.")
    form = ClaimForm(request.POST or None, request.FILES or None, lines=lines) if can_claim else None

    def page(form: ClaimForm | None):
        claims = ExpenseClaim.objects.filter(budget_line__grant=grant).select_related(
            "budget_line", "decided_by"
        )
        return render(
            request,
            "funding/grant_detail.html",
            {
                "grant": grant,
                "lines": lines,
                "claims": claims,
                "form": form,
                "total": sum((s.line.amount for s in lines), start=0),
                "approved": sum((s.approved for s in lines), start=0),
                "remaining": sum((s.remaining for s in lines), start=0),
                "is_office": request.user.has_perm("funding.manage"),
                "budget_form": BudgetLineForm() if request.user.has_perm("funding.manage") else None,
                "reports": [r for r in selectors.report_rows() if r.grant.pk == grant.pk]
                if grant.municipality_id
                else [],
            },
        )

    if request.method != "POST":
        return page(form)

    def submit():
        data = form.cleaned_data
        return services.claim_submit(
            actor=request.user, line=form.lines[data["budget_line"]], amount=data["amount"], cost_type=data["cost_type"],
            description=data["description"], spent_on=data["spent_on"], receipt=data["receipt"],
            staff_publicly_funded=data["staff_publicly_funded"],
        )  # fmt: skip

    return form_action(
        request,
        form=form,
        call=submit,
        success_url=_grant_url(grant),
        error_page=page,
        success_message="Mittelabruf mit Beleg eingereicht. Die Geschäftsstelle prüft ihn.",
    )


@login_required
def claim_receipt(request, pk: int):
    claim = get_object_or_404(ExpenseClaim.objects.select_related("budget_line__grant"), pk=pk)
    require(
        request.user,
        "funding.view_grant",
        claim.budget_line.grant,
        message="Sie dürfen diesen Beleg nicht sehen.",
    )
    return FileResponse(
        claim.receipt.open("rb"),
        as_attachment=True,
        filename=claim.receipt_name,
        content_type=claim.receipt_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_grants(request):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    if request.method == "POST":
        claim = get_object_or_404(ExpenseClaim, pk=request.POST.get("claim"))
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return redirect("funding:office-grants")
        return button_action(
            request,
            call=lambda: services.claim_decide(
                actor=request.user,
                claim=claim,
                approve=request.POST.get("action") == "approve",
                note=form.cleaned_data["note"],
            ),
            redirect_to="funding:office-grants",
            success_message=f"Mittelabruf {claim.description} entschieden.",
        )
    pending = list(selectors.claims_for_office(status=ExpenseClaim.Status.SUBMITTED))
    grants = Grant.objects.select_related("call", "municipality").order_by("call__title", "recipient_name")
    return render(
        request,
        "funding/office_grants.html",
        {"pending": [(c, selectors.claim_warnings(c)) for c in pending], "grants": grants},
    )


@login_required
def office_claims_export(request, fmt: str):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
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
    """A budget line set by the office, or the year-end closing (``action=close_year``)."""
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    grant = get_object_or_404(Grant, pk=pk)
    if request.POST.get("action") == "close_year":
        try:
            year = int(request.POST.get("year", "0"))
        except ValueError:
            messages.error(request, "Ungültiges Jahr.")
            return redirect(_grant_url(grant))
        return button_action(
            request,
            call=lambda: services.budget_year_close(actor=request.user, grant=grant, year=year),
            redirect_to=_grant_url(grant),
            success_message="Jahresabschluss gebucht.",
        )
    form = BudgetLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte Jahr, Posten und Betrag angeben.")
        return redirect(_grant_url(grant))
    return button_action(
        request,
        call=lambda: services.budget_line_set(actor=request.user, grant=grant, **form.cleaned_data),
        redirect_to=_grant_url(grant),
        success_message="Budgetposten gespeichert.",
    )


@login_required
def office_reports(request):
    require(request.user, "funding.manage", message=OFFICE_ONLY)
    year = request.GET.get("jahr")
    rows = selectors.report_rows(year=int(year) if year and year.isdecimal() else None)
    counts = {
        state: sum(1 for r in rows if r.state == state)
        for state in ("eingereicht", "verspätet eingereicht", "überfällig", "offen")
    }
    return render(
        request, "funding/office_reports.html", {"rows": rows, "counts": counts, "year": year or ""}
    )
