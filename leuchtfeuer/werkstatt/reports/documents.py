"""The Zwischenbilanz and the Kurzbericht as documents (`exports.Doc`, written as PDF, DOCX, ODT)."""

from __future__ import annotations

from leuchtfeuer.werkstatt.reports.exports import Bullets, Cell, Doc, Heading, Para, Table
from leuchtfeuer.werkstatt.reports.formatting import fmt_date, fmt_indicator_value, fmt_money, fmt_number
from leuchtfeuer.werkstatt.reports.models import Report
from leuchtfeuer.werkstatt.reports.selectors import IndicatorRow, MeasureRow


# ------------------------------------------------------------------------------- Doc builders
def _indicator_table(rows: list[IndicatorRow], caption: str = ""):

    return Table(
        caption=caption,
        widths=[22, 9, 13, 13, 12, 9, 9, 13],
        header=[
            "Indikator",
            "Art",
            "Ausgangswert",
            "aktueller Wert",
            "Ziel der Kommune",
            "Anteil des Wegs",
            "Zeit verstrichen",
            "Ampel",
        ],
        rows=[
            [
                r.label + (f" ({r.unit})" if r.unit else ""),
                r.kind_label,
                Cell(
                    fmt_indicator_value(r.baseline)
                    + (f" ({r.baseline_date:%m/%Y})" if r.baseline_date else ""),
                    numeric=True,
                ),
                Cell(
                    fmt_indicator_value(r.current) + (f" ({r.current_date:%m/%Y})" if r.current_date else ""),
                    numeric=True,
                ),
                Cell(
                    fmt_indicator_value(r.target) + (f" bis {r.target_year}" if r.target_year else ""),
                    numeric=True,
                ),
                Cell(r.share_percent, numeric=True),
                Cell(r.time_percent, numeric=True),
                Cell(r.light_label, light=r.light),
            ]
            for r in rows
        ],
    )


def _measure_table(measures: list[MeasureRow]):

    return Table(
        widths=[16, 24, 12, 18, 16, 14],
        header=["Handlungsfeld", "Maßnahme", "Status", "Zeitraum", "verantwortlich", "Kosten geplant"],
        rows=[
            [
                m.handlungsfeld,
                m.measure.title,
                m.status_label,
                f"{fmt_date(m.start)} – {fmt_date(m.end)}",
                m.responsible or "–",
                Cell(fmt_money(m.budget_total), numeric=True),
            ]
            for m in measures
        ],
    )


def _summary_tables(data: dict) -> list:

    return [
        Table(
            caption="Maßnahmen nach Status",
            header=["Status", "Anzahl"],
            rows=[[label, Cell(str(n), numeric=True)] for _, label, n in data["status_counts"]],
        ),
        Table(
            caption="Indikatoren nach Ampel",
            header=["Ampel", "Anzahl"],
            rows=[[Cell("", light=key), Cell(str(n), numeric=True)] for key, _, n in data["light_counts"]],
        ),
    ]


def _signed(value: float | None, decimals: int) -> str:
    if value is None:
        return "–"
    text = fmt_number(abs(value), decimals)
    if round(value, decimals) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text


def zwischenbilanz_doc(data: dict):

    municipality, region = data["municipality"], data["region"]
    review = data["review"]
    doc = Doc(
        title=f"Zwischenbilanz {municipality}",
        subtitle=(
            f"Werkstatt-Prozess „{data['process'].title}“ · Gemeindeschlüssel {region.key} · "
            f"Stand {fmt_date(data['today'])}"
            + (
                f"\nWerkstattplan Version {data['plan_version'].number}, beschlossen am "
                f"{fmt_date(data['plan_version'].adopted_on)}"
                if data["plan_version"]
                else ""
            )
            + (
                f"\nAusgangspunkt: Stand des Kommunalprofils, gesichert am {fmt_date(data['snapshot'].taken_at)}"
                if data["snapshot"]
                else ""
            )
        ),
        footer=f"Zwischenbilanz {municipality} – Leuchtfeuer",
    )
    doc.add(Heading("Auf einen Blick"), *_summary_tables(data))
    doc.add(Para(f"Geplante Kosten aller Maßnahmen: {fmt_money(data['budget_total'])}"))
    doc.add(Heading("Stand der Maßnahmen"))
    if not data["measures"]:
        doc.add(Para("Der Werkstattplan hat noch keine Maßnahmen."))
    for m in data["measures"]:
        doc.add(Heading(m.measure.title, level=3))
        doc.add(
            Para(
                f"Handlungsfeld: {m.handlungsfeld}"
                + (f" · Ziel: {m.goal}" if m.goal else "")
                + f"\nStatus: {m.status_label} · Zeitraum {fmt_date(m.start)} – {fmt_date(m.end)}"
                + f" · verantwortlich: {m.responsible or '–'} · Kosten geplant: {fmt_money(m.budget_total)}"
            )
        )
        doc.add(Para("Stand der Umsetzung: " + (m.progress_note or "noch nicht beschrieben")))
        if m.indicators:
            doc.add(_indicator_table(m.indicators))
    if data["plan_indicators"]:
        doc.add(Heading("Indikatoren des Plans"), _indicator_table(data["plan_indicators"]))
    if data["profile_rows"]:
        doc.add(
            Heading("Kommunalprofil: Ausgangslage und heute"),
            Para(
                f"Amtliche Kennzahlen, wie sie zu Beginn gesichert wurden (am {fmt_date(data['snapshot'].taken_at)}), "
                "und ihr heutiger Stand in den amtlichen Daten."
            ),
            Table(
                widths=[34, 16, 12, 16, 12, 10],
                header=["Kennzahl", "zu Beginn", "Stichtag", "heute", "Stichtag", "Veränderung"],
                rows=[
                    [
                        r.label + (f" ({r.unit})" if r.unit else ""),
                        Cell(fmt_number(r.start, r.decimals), numeric=True),
                        fmt_date(r.start_date),
                        Cell(fmt_number(r.current, r.decimals), numeric=True),
                        fmt_date(r.current_date),
                        Cell(_signed(r.change, r.decimals) if r.newer else "kein neuerer Wert", numeric=True),
                    ]
                    for r in data["profile_rows"]
                ],
            ),
        )
    doc.add(
        Heading("Bilanz in Worten"), Para((review.narrative if review else "") or "noch nicht geschrieben")
    )
    doc.add(
        Heading("Lehren und Erkenntnisse"),
        Para((review.lessons_learned if review else "") or "noch nicht geschrieben"),
    )
    doc.add(Heading("So lesen Sie die Ampel"), Bullets(list(data["light_rules"])))
    return doc


def kurzbericht_doc(data: dict):

    report: Report = data["report"]
    municipality, region = data["municipality"], data["region"]
    doc = Doc(
        title=f"Kurzbericht {report.year} – {municipality}",
        subtitle=(
            f"Zukunftswerkstatt Kommunen · Gemeindeschlüssel {region.key}"
            + (f" · {region.size_class}" if region.size_class else "")
            + f"\nBerichtsjahr {report.year} · fällig am {fmt_date(report.due)} · Status: {report.get_status_display()}"
            + (f" am {fmt_date(report.submitted_at)}" if report.submitted_at else "")
            + f"\nErstellt am {fmt_date(data['today'])} aus den Daten des Werkstatt-Prozesses"
        ),
        footer=f"Kurzbericht {report.year} {municipality} – Leuchtfeuer",
    )
    doc.add(
        Heading("1. Zusammenfassung"),
        Para(report.summary or "(noch nicht geschrieben)"),
        Heading("2. Stand des Prozesses"),
        Para(
            "Aktuelle Stufe: "
            + (data["current_stage"] or "alle fünf Stufen abgeschlossen")
            + f" · Beginn des Prozesses: {fmt_date(data['process'].started_on)}"
        ),
        Table(
            header=["Stufe", "Status", "begonnen", "abgeschlossen"],
            rows=[
                [f"{s.position}. {s.label}", s.status_label, fmt_date(s.opened_at), fmt_date(s.closed_at)]
                for s in data["stages"]
            ],
        ),
    )
    if data["versions"]:
        doc.add(
            Para(
                "Im Berichtsjahr beschlossen: "
                + "; ".join(
                    f"Werkstattplan Version {v.number} am {fmt_date(v.adopted_on)}"
                    + (f" ({v.decision})" if v.decision else "")
                    for v in data["versions"]
                )
            )
        )
    if data["workshops"]:
        doc.add(
            Table(
                caption=f"Zukunftswerkstätten {report.year}",
                header=["Datum", "Titel", "Ort", "stattgefunden", "Teilnehmende"],
                rows=[
                    [
                        fmt_date(w.date),
                        w.title,
                        w.place,
                        "ja" if w.held else "nein",
                        Cell("–" if w.participants is None else str(w.participants), numeric=True),
                    ]
                    for w in data["workshops"]
                ],
            )
        )
    doc.add(Heading("3. Maßnahmen"), *_summary_tables(data)[:1], _measure_table(data["measures"]))
    doc.add(Heading("4. Indikatoren"), _summary_tables(data)[1], _indicator_table(data["indicators"]))
    doc.add(Para("So lesen Sie die Ampel: " + " ".join(data["light_rules"]), small=True))
    doc.add(
        Heading("5. Kosten"),
        Table(
            caption=f"Kostenposten {report.year}",
            header=["Maßnahme", "Posten", "Finanzierung", "Betrag"],
            rows=[
                [b.measure.title, b.label, b.funding_source or "–", Cell(fmt_money(b.amount), numeric=True)]
                for b in data["budget_year_lines"]
            ]
            + [["Summe", "", "", Cell(fmt_money(data["budget_year_total"]), numeric=True)]],
        ),
        Para(
            f"Geplante Kosten aller Maßnahmen über die ganze Laufzeit: {fmt_money(data['budget_total'])}"
            + (
                f" (davon ohne Jahresangabe: {fmt_money(data['budget_undated_total'])})"
                if data["budget_undated_total"]
                else ""
            )
        ),
        Heading("6. Erledigte Aufgaben"),
        Table(
            header=["erledigt am", "Aufgabe", "Maßnahme", "zuständig"],
            rows=[
                [
                    fmt_date(t.done_at),
                    t.title,
                    t.measure.title if t.measure else "–",
                    str(t.assignee) if t.assignee else "–",
                ]
                for t in data["tasks_done"]
            ],
        ),
        Heading("7. Erreichtes"),
        Para(report.highlights or "(noch nicht geschrieben)"),
        Heading("8. Schwierigkeiten"),
        Para(report.challenges or "(noch nicht geschrieben)"),
        Heading("9. Nächste Schritte"),
        Para(report.next_steps or "(noch nicht geschrieben)"),
    )
    if report.office_comment:
        doc.add(Heading("Rückmeldung der Geschäftsstelle"), Para(report.office_comment))
    return doc
