"""Pages and downloads of the Werkstatt reports (thin: permission → builder/service → render).

Zwischenbilanz as a document (PDF/DOCX/ODT), the yearly Kurzbericht (write, submit, download,
office review), the programme office's overview with the evaluation export, and the method kits.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from leuchtfeuer.core.actions import FAILED, attempt, button_action
from leuchtfeuer.core.forms import Form
from leuchtfeuer.core.generated import document_response
from leuchtfeuer.core.permissions import get_permitted, require
from leuchtfeuer.places.models import Municipality
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.plan.models import Measure
from leuchtfeuer.werkstatt.process import selectors as process_selectors
from leuchtfeuer.werkstatt.reports import documents as report_documents
from leuchtfeuer.werkstatt.reports import exports as report_exports
from leuchtfeuer.werkstatt.reports import kits
from leuchtfeuer.werkstatt.reports import office as report_office
from leuchtfeuer.werkstatt.reports import selectors as report_selectors
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.reports.models import Report
from leuchtfeuer.werkstatt.zukunftswerkstatt.models import Workshop

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "odt": "OpenDocument (ODT)"}


# ------------------------------------------------------------------------------------- forms
class ReportTextForm(Form):
    summary = forms.CharField(
        label="Zusammenfassung",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Was war das Jahr in wenigen Sätzen? (zum Einreichen nötig)",
    )
    highlights = forms.CharField(
        label="Erreichtes",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="zum Einreichen nötig",
    )
    challenges = forms.CharField(
        label="Schwierigkeiten", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    next_steps = forms.CharField(
        label="Nächste Schritte",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="zum Einreichen nötig",
    )


class ReportYearForm(Form):
    year = forms.IntegerField(label="Berichtsjahr", min_value=2000, max_value=2100)


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label="Entscheidung",
        choices=[("annehmen", "Kurzbericht annehmen"), ("zurueckgeben", "zur Überarbeitung zurückgeben")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Rückmeldung an die Kommune",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Beim Zurückgeben nötig: was soll überarbeitet werden?",
    )


class ScheduleForm(Form):
    year = forms.IntegerField(label="Berichtsjahr", min_value=2000, max_value=2100)
    due = forms.DateField(label="fällig am", widget=forms.DateInput(attrs={"type": "date"}))


# ----------------------------------------------------------------------------------- helpers
def _process(request, slug: str, perm: str = "werkstatt.view_reports"):
    municipality = get_permitted(
        request.user,
        Municipality.objects.select_related("region"),
        perm,
        message="Sie haben keinen Zugriff auf die Berichte dieser Kommune.",
        slug=slug,
    )
    process = process_selectors.process_for(municipality)
    if process is None:
        raise Http404("Diese Kommune hat noch keinen Werkstatt-Prozess.")
    return municipality, process


def _download(request, doc, fmt: str, filename: str, *, kind: str, key: str) -> HttpResponse:
    """The document as PDF/DOCX/ODT, built by a worker (core.generated): the request builds only
    the `Doc`; the same URL delivers the file when it is ready (private, no-store)."""
    return document_response(
        request,
        kind=kind,
        key=f"{key}-{fmt}",  # one current file per format
        builder="werkstatt-doc",
        payload={"doc": report_exports.doc_data(doc), "fmt": fmt},
        title=f"{doc.title} ({FORMAT_LABELS[fmt]})",
        filename=filename,
        content_type=report_exports.FORMATS[fmt],
    )


def _layout(municipality, process, section: str) -> dict:
    """The context W1's werkstatt/_layout.html needs (stage navigation)."""

    return {
        "municipality": municipality,
        "process": process,
        "section": section,
        "stage_nav": list(process.stages.all()),
        "current_label": stage_registry.BY_KEY[process.current_stage].label if process.current_stage else "",
    }


def _doc_blocks(doc) -> list[dict]:
    items = []
    for block in doc.blocks:
        item = {"kind": type(block).__name__.lower(), "block": block}
        if isinstance(block, report_exports.Table):
            item["rows"] = [[report_exports._cell(c) for c in row] for row in block.rows]
        items.append(item)
    return items


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# ---------------------------------------------------------------------------- Zwischenbilanz
@login_required
def zwischenbilanz_document(request, slug: str):
    municipality, process = _process(request, slug)
    data = report_selectors.zwischenbilanz_data(process)
    doc = report_documents.zwischenbilanz_doc(data)
    context = _layout(municipality, process, "zwischenbilanz") | {
        "doc": doc,
        "blocks": _doc_blocks(doc),
        "data": data,
        "formats": FORMAT_LABELS,
    }
    return render(request, "werkstatt/report_zwischenbilanz.html", context)


@login_required
def zwischenbilanz_download(request, slug: str, fmt: str):
    if fmt not in report_exports.FORMATS:
        raise Http404("Unbekanntes Format.")
    municipality, process = _process(request, slug)
    doc = report_documents.zwischenbilanz_doc(report_selectors.zwischenbilanz_data(process))
    return _download(
        request,
        doc,
        fmt,
        f"zwischenbilanz-{municipality.slug}.{fmt}",
        kind="zwischenbilanz",
        key=municipality.slug,
    )


# ------------------------------------------------------------------------------- Kurzbericht
@login_required
def report_list(request, slug: str):
    municipality, process = _process(request, slug)
    can_edit = request.user.has_perm("werkstatt.edit_report", process)
    form = ReportYearForm(initial={"year": max(process.started_on.year, timezone.localdate().year - 1)})
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Sie dürfen keinen Kurzbericht anlegen.")
        form = ReportYearForm(request.POST)
        report = attempt(
            form,
            lambda: report_services.report_for_year(
                actor=request.user, process=process, year=form.cleaned_data["year"]
            ),
        )
        if report is not FAILED:
            return redirect("werkstatt_reports:report", slug=slug, year=report.year)
        status = 422
    today = timezone.localdate()
    rows = [(r, *report_office.report_state(r, today)) for r in process.reports.order_by("-year")]
    context = _layout(municipality, process, "kurzbericht") | {
        "rows": rows,
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "werkstatt/report_list.html", context, status=status)


def _report(process, year: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("process__municipality", "submitted_by"), process=process, year=year
    )


@login_required
def report_detail(request, slug: str, year: int):
    municipality, process = _process(request, slug)
    report = _report(process, year)
    user = request.user
    can_edit = (
        user.has_perm("werkstatt.edit_report", report) and report.status in report_services.EDITABLE_STATUSES
    )
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Sie dürfen diesen Kurzbericht nicht bearbeiten.")
        form = ReportTextForm(request.POST)
        if (
            attempt(
                form, lambda: report_services.report_update(actor=user, report=report, **form.cleaned_data)
            )
            is not FAILED
        ):
            messages.success(request, f"Kurzbericht {year} gespeichert.")
            return redirect("werkstatt_reports:report", slug=slug, year=year)
        status = 422
    else:
        form = ReportTextForm(
            initial={
                "summary": report.summary,
                "highlights": report.highlights,
                "challenges": report.challenges,
                "next_steps": report.next_steps,
            }
        )
    data = report_selectors.kurzbericht_data(report)
    doc = report_documents.kurzbericht_doc(data)
    state, overdue = report_office.report_state(report, timezone.localdate())
    context = _layout(municipality, process, "kurzbericht") | {
        "report": report,
        "state": state,
        "overdue": overdue,
        "form": form,
        "can_edit": can_edit,
        "can_submit": user.has_perm("werkstatt.submit_report", report)
        and report.status in report_services.EDITABLE_STATUSES,
        "can_review": user.has_perm("werkstatt.review_report", report)
        and report.status == Report.Status.SUBMITTED,
        "review_form": ReviewForm(),
        "required": [label for _, label in report_services.REQUIRED_FOR_SUBMIT],
        "doc": doc,
        "blocks": _doc_blocks(doc),
        "formats": FORMAT_LABELS,
    }
    return render(request, "werkstatt/report_detail.html", context, status=status)


@login_required
@require_POST
def report_submit(request, slug: str, year: int):
    _, process = _process(request, slug)
    report = _report(process, year)
    return button_action(
        request,
        call=lambda: report_services.report_submit(
            actor=request.user, report=report, base_url=_base_url(request)
        ),
        redirect_to=reverse("werkstatt_reports:report", kwargs={"slug": slug, "year": year}),
        success_message=f"Kurzbericht {year} an die Geschäftsstelle eingereicht.",
    )


@login_required
@require_POST
def report_review(request, slug: str, year: int):
    _, process = _process(request, slug)
    report = _report(process, year)
    form = ReviewForm(request.POST)
    back = reverse("werkstatt_reports:report", kwargs={"slug": slug, "year": year})
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie: annehmen oder zurückgeben.")
        return redirect(back)
    return button_action(
        request,
        call=lambda: report_services.report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "annehmen",
            comment=form.cleaned_data["comment"],
        ),
        redirect_to=back,
        success_message=f"Rückmeldung zum Kurzbericht {year} gespeichert.",
    )


@login_required
def report_download(request, slug: str, year: int, fmt: str):
    if fmt not in report_exports.FORMATS:
        raise Http404("Unbekanntes Format.")
    municipality, process = _process(request, slug)
    report = _report(process, year)
    doc = report_documents.kurzbericht_doc(report_selectors.kurzbericht_data(report))
    return _download(
        request, doc, fmt, f"kurzbericht-{year}-{municipality.slug}.{fmt}",
        kind="kurzbericht", key=f"{municipality.slug}-{year}",
    )  # fmt: skip


# ---------------------------------------------------------------------------- office overview
def _office(request) -> None:
    require(
        request.user,
        "werkstatt.view_office_overview",
        message="Diese Übersicht ist der Geschäftsstelle vorbehalten.",
    )


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jahr", ""))
    except ValueError:
        return report_office.default_report_year(today)
    return year if 2000 <= year <= 2100 else report_office.default_report_year(today)


@login_required
def office(request):
    _office(request)
    today = timezone.localdate()
    year = _year(request)
    status = 200
    schedule_form = ScheduleForm(initial={"year": year, "due": report_services.default_due(year)})
    if request.method == "POST":
        schedule_form = ScheduleForm(request.POST)
        result = attempt(
            schedule_form,
            lambda: report_services.reports_schedule(actor=request.user, **schedule_form.cleaned_data),
        )
        if result is not FAILED:
            y = schedule_form.cleaned_data["year"]
            messages.success(
                request,
                f"Frist für den Kurzbericht {y} gesetzt: {result['created']} Bericht(e) angelegt, "
                f"{result['changed']} Frist(en) geändert.",
            )
            return redirect(f"{request.path}?jahr={y}")
        status = 422
    rows = report_office.office_rows(year=year, today=today)
    years = sorted(set(report_office.report_years()) | {year}, reverse=True)
    context = {
        "rows": rows,
        "year": year,
        "years": years,
        "today": today,
        "schedule_form": schedule_form,
        "with_process": sum(1 for r in rows if r.process),
        "overdue_reports": sum(1 for r in rows if r.report_overdue),
        "submitted_reports": sum(
            1
            for r in rows
            if r.report and r.report.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
        ),
    }
    return render(request, "werkstatt/office_dashboard.html", context, status=status)


@login_required
def office_export(request, fmt: str):
    require(
        request.user,
        "werkstatt.export_evaluation",
        message="Die Auswertung ist der Geschäftsstelle vorbehalten.",
    )
    year = _year(request)
    today = timezone.localdate()
    rows = report_office.evaluation_rows(year=year, today=today)
    notes = report_office.evaluation_notes(year, today)
    filename = f"werkstatt-auswertung-{year}-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        content = report_exports.table_csv(report_office.EVALUATION_COLUMNS, rows, notes).encode("utf-8")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        content = report_exports.table_xlsx(
            report_office.EVALUATION_COLUMNS, rows, notes, title=f"Werkstatt-Auswertung {year}"
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------------- method kits
def kit_list(request):
    """The public list of all method kits (blank templates, no personal data)."""
    return render(
        request,
        "werkstatt/kit_list.html",
        {"kits": kits.KITS, "formats": FORMAT_LABELS},
    )


def _kit(key: str, fmt: str) -> kits.Kit:
    kit = kits.BY_KEY.get(key)
    if kit is None or fmt not in report_exports.FORMATS:
        raise Http404("Diese Vorlage gibt es nicht.")
    return kit


def kit_download(request, key: str, fmt: str):
    kit = _kit(key, fmt)
    doc = kit.build(kits.KitContext())
    return _download(request, doc, fmt, f"{kit.key}.{fmt}", kind="methodenkoffer", key=kit.key)


@login_required
def town_kit_download(request, slug: str, key: str, fmt: str):
    kit = _kit(key, fmt)
    municipality, process = _process(request, slug, "werkstatt.download_town_kit")
    workshop = measure = None
    selected = request.GET.get(kit.selects, "") if kit.selects else ""
    if selected:
        if not selected.isdecimal():
            raise Http404("Unbekannter Eintrag.")
        model = Workshop if kit.selects == "termin" else Measure
        obj = get_object_or_404(model, process=process, pk=int(selected))
        workshop, measure = (obj, None) if model is Workshop else (None, obj)
        if measure is not None:
            measure = Measure.objects.select_related("handlungsfeld", "goal", "responsible_user").get(
                pk=measure.pk
            )
    doc = kit.build(kits.kit_context(process, workshop=workshop, measure=measure))
    suffix = f"-{selected}" if selected else ""
    name = f"{kit.key}-{municipality.slug}{suffix}"
    return _download(request, doc, fmt, f"{name}.{fmt}", kind="methodenkoffer", key=name)
