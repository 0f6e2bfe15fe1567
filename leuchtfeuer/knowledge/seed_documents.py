"""Umsetzungshilfen written for Leuchtfeuer as templates from what the seeds list — generated as
real DOCX/XLSX files when loaded (no binary files in git).

They contain no facts about any town: they are blank templates (checklists, questionnaires, text
modules, a matrix without weights) whose items come from the seeds, each with its source.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document as DocxDocument
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from leuchtfeuer.knowledge.seed_examples import S000, S004

NOTE = (
    "Vorlage aus Leuchtfeuer (freie Software, AGPL-3.0-or-later). Inhalt abgeleitet aus den genannten "
    "Quellen; vor der Verwendung an die eigene Kommune anpassen."
)


@dataclass(frozen=True)
class SeedDocument:
    slug: str
    title: str
    kind: str
    handlungsfeld: str
    description: str
    source: str
    file_name: str
    build: object  # () -> bytes


def _docx(
    title: str, intro: str, sections: list[tuple[str, list[str]]], *, boxes: bool, source: str
) -> bytes:
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.core_properties.title = title
    doc.core_properties.language = "de-DE"
    doc.add_heading(title, level=1)
    doc.add_paragraph(intro)
    for heading, items in sections:
        doc.add_heading(heading, level=2)
        for item in items:
            doc.add_paragraph(("☐ " if boxes else "") + item, style=None if boxes else "List Bullet")
    doc.add_heading("Quelle", level=2)
    doc.add_paragraph(source)
    doc.add_paragraph(NOTE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_welcome_checklist() -> bytes:
    return _docx(
        "Checkliste Begrüßungspaket und Willkommen",
        "Was gehört zu einem Willkommen für Rückkehrende und Neuzugezogene? Die Punkte stammen aus den "
        "Handlungsfeldern und Praxisbeispielen des Starke Orte Netzwerks. Haken Sie ab, was Ihre Kommune "
        "schon hat, und notieren Sie, wer zuständig ist.",
        [
            (
                "Begrüßen",
                [
                    "Begrüßungspaket / Willkommensbox (wie bei „Heeme Fehlste“, Spremberg) – Inhalt festgelegt?",
                    "Willkommensveranstaltungen geplant (Termin, Einladung)?",
                    "Rückkehrertage (z. B. zu Feiertagen, wenn viele zu Besuch sind)?",
                    "Angebote für Begegnung (Vereine, Ehrenamt, kulturelle Orte) im Paket vorgestellt?",
                ],
            ),
            (
                "Persönlich begleiten",
                [
                    "Persönliche Ansprechperson oder Stabsstelle für Zuzug benannt (wie „Einfach Ankommen“, Bad Berleburg)?",
                    "Unterstützung bei der Wohnungssuche: Kontakt zu Wohnungsunternehmen?",
                    "Jobvermittlung: Kontakte zu lokalen Betrieben?",
                    "Kita-Plätze: Ansprechperson beim Träger / Kita-Anmeldung erklärt?",
                    "Erhebungsbogen, um Wünsche und Bedarfe zu erfassen (siehe Vorlage „Erhebungsbogen“)?",
                ],
            ),
            (
                "Sichtbar sein",
                [
                    "Moderne, authentische Webseite und Social Media mit aktuellen Angeboten?",
                    "Erfahrungsberichte von Rückkehrer:innen (mit Einwilligung) veröffentlicht?",
                    "Angebote zum Probewohnen oder Kennenlernen vor Ort (wie in Görlitz oder Wittenberge)?",
                ],
            ),
        ],
        boxes=True,
        source=S000
        + ": Handlungsfelder „Begrüßungspakete, Willkommensveranstaltungen, Rückkehrertage“ u. a.",
    )


def build_returnee_survey() -> bytes:
    return _docx(
        "Erhebungsbogen für Rückkehrende und Zuziehende",
        "Mit diesem Bogen erfasst die Ansprechperson der Kommune, was eine Person für ihren Umzug braucht. "
        "Die Fragen folgen den Themen, die das Starke Orte Netzwerk nennt (Wohnung, Arbeit, Kita-Platz, "
        "Begegnung). Die Angaben werden nur mit Einwilligung und nur für die Begleitung genutzt.",
        [
            (
                "Zu Ihrer Person (freiwillig)",
                [
                    "Name und Kontakt (E-Mail oder Telefon): ____________________",
                    "Sind Sie früher hier aufgewachsen oder haben Sie hier gelebt? ☐ ja ☐ nein",
                    "In welcher Lebensphase ziehen Sie um? ☐ junge Familie ☐ nach Ausbildung/Studium ☐ Fachkraft "
                    "☐ mobiles Arbeiten / digitale:r Nomad:in ☐ Ruhestand ☐ andere: ________",
                    "Wann möchten Sie ungefähr umziehen? ____________________",
                ],
            ),
            (
                "Wohnen",
                [
                    "Was suchen Sie? ☐ Miete ☐ Kauf ☐ Zimmer/WG ☐ erst einmal Probewohnen",
                    "Wie viele Personen ziehen mit? ____  Besondere Wünsche: ____________________",
                ],
            ),
            (
                "Arbeit",
                [
                    "Ihr Beruf / Ihre Ausbildung: ____________________",
                    "Suchen Sie eine Stelle vor Ort? ☐ ja ☐ nein – Arbeiten Sie mobil (Coworking gewünscht?) ☐",
                    "Dürfen wir Ihr Profil an lokale Betriebe weitergeben? ☐ ja ☐ nein",
                ],
            ),
            (
                "Kinder und Familie",
                [
                    "Brauchen Sie einen Kita-Platz oder einen Schulplatz? ☐ Kita ☐ Schule – ab wann: ________",
                ],
            ),
            (
                "Ankommen und Mitmachen",
                [
                    "Wofür interessieren Sie sich? ☐ Vereine ☐ Ehrenamt ☐ Kultur ☐ Sport ☐ anderes: ________",
                    "Möchten Sie zu Willkommensveranstaltungen oder Rückkehrertagen eingeladen werden? ☐ ja ☐ nein",
                ],
            ),
            (
                "Einwilligung",
                [
                    "Ich willige ein, dass die Kommune meine Angaben zur Begleitung meines Umzugs speichert und mich "
                    "dazu kontaktiert. Ich kann die Einwilligung jederzeit widerrufen. ☐",
                    "Datum, Unterschrift: ____________________",
                ],
            ),
        ],
        boxes=False,
        source=S000 + ": „Einfach Ankommen“ (Erhebungsbogen), Handlungsfelder „Unterstützung bei "
        "Wohnungssuche, Jobvermittlung, Kita-Plätzen“ und „Aufbau von Datenwissen über potenzielle Rückkehrer*innen“.",
    )


def build_tender_text_modules() -> bytes:
    return _docx(
        "Textbausteine: Kinder- und Jugendbeteiligung in Vergabeverfahren",
        "Die Studie „Resiliente Kleinstädte“ empfiehlt standardisierte Textbausteine und Bewertungsmatrizen, "
        "damit Kommunen die Beteiligung von Kindern und Jugendlichen verbindlich in Vergaben (z. B. "
        "Planungsleistungen) aufnehmen. Die folgenden Bausteine sind Formulierungsvorschläge; prüfen Sie sie "
        "vor der Verwendung vergaberechtlich.",
        [
            (
                "Leistungsbeschreibung",
                [
                    "„Die Planung bezieht Kinder und Jugendliche als künftige Nutzer:innen ein. Der Auftragnehmer "
                    "konzipiert und führt mindestens [Anzahl] Beteiligungsformate für die Altersgruppen [von–bis] "
                    "durch und dokumentiert, wie die Ergebnisse in die Planung eingeflossen sind.“",
                    "„Die Beteiligungsformate sind in Abstimmung mit [Jugendparlament / Jugendarbeit / Schulen] "
                    "niedrigschwellig und altersgerecht zu gestalten.“",
                ],
            ),
            (
                "Eignung",
                [
                    "„Der Bieter benennt Referenzen, in denen Kinder und Jugendliche an Planungsprozessen beteiligt "
                    "wurden, und beschreibt die dabei eingesetzten Methoden.“",
                ],
            ),
            (
                "Zuschlagskriterium",
                [
                    "„Das Konzept zur Beteiligung von Kindern und Jugendlichen wird mit [Gewichtung] % bewertet "
                    "(siehe Bewertungsmatrix).“",
                ],
            ),
            (
                "Ergebnis und Rückmeldung",
                [
                    "„Der Auftragnehmer gibt den beteiligten Kindern und Jugendlichen in verständlicher Form "
                    "Rückmeldung, welche ihrer Vorschläge umgesetzt werden und warum andere nicht.“",
                ],
            ),
        ],
        boxes=False,
        source=S004
        + ": „Textbausteine für Vergabeverfahren zur Integration verbindlicher Jugendbeteiligung in "
        "Planungsprozessen“ (Pfeiler „Jugend als Zukunftsressource anerkennen“).",
    )


def build_matrix() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bewertungsmatrix"
    ws["A1"] = "Bewertungsmatrix: Beteiligung von Kindern und Jugendlichen als Zuschlagskriterium"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        "Gewichtung und Punkte legt die Kommune selbst fest (leere Felder). Quelle: " + S004 + ", Empfehlung "
        "„Textbausteine … und Bewertungsmatrizen“."
    )
    ws["A2"].alignment = Alignment(wrap_text=True)
    header = ["Kriterium", "Worauf achten", "Gewichtung (%)", "Punkte (0–5)", "gewichtete Punkte"]
    ws.append([])
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    rows = [
        ("Beteiligungskonzept", "Formate für die Altersgruppen, niedrigschwellig, altersgerecht"),
        ("Erfahrung / Referenzen", "Frühere Beteiligung von Kindern und Jugendlichen in Planungen"),
        ("Einbindung vor Ort", "Jugendparlament, Jugendarbeit, Schulen, Vereine"),
        ("Wirkung auf die Planung", "Wie fließen Ergebnisse nachvollziehbar in die Planung ein?"),
        ("Rückmeldung", "Rückmeldung an die Beteiligten, was umgesetzt wird und warum"),
    ]
    for i, (criterion, hint) in enumerate(rows, start=5):
        ws.append([criterion, hint, None, None, f"=C{i}*D{i}/100"])
    total_row = 5 + len(rows)
    ws.append(["Summe", "", f"=SUM(C5:C{total_row - 1})", "", f"=SUM(E5:E{total_row - 1})"])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    for col in "CDE":
        ws.column_dimensions[col].width = 18
    ws.append([])
    ws.append([NOTE])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SEED_DOCUMENTS: tuple[SeedDocument, ...] = (
    SeedDocument(
        "checkliste-begruessungspaket",
        "Checkliste Begrüßungspaket und Willkommen",
        "begruessung",
        "willkommen",
        "Was zu einem Willkommen für Rückkehrende und Neuzugezogene gehört – vom Begrüßungspaket über "
        "Rückkehrertage bis zur persönlichen Ansprechperson. Zum Abhaken und Zuständigkeiten-Notieren.",
        S000,
        "Checkliste-Begruessungspaket.docx",
        build_welcome_checklist,
    ),
    SeedDocument(
        "erhebungsbogen-rueckkehrende",
        "Erhebungsbogen für Rückkehrende und Zuziehende",
        "erhebungsbogen",
        "rueckkehr",
        "Fragebogen für die Ansprechperson der Kommune: Wohnen, Arbeit, Kita-Platz, Mitmachen – mit "
        "Einwilligungserklärung. Angelehnt an den Erhebungsbogen von „Einfach Ankommen“.",
        S000,
        "Erhebungsbogen-Rueckkehrende.docx",
        build_returnee_survey,
    ),
    SeedDocument(
        "textbausteine-jugendbeteiligung-vergabe",
        "Textbausteine: Kinder- und Jugendbeteiligung in Vergabeverfahren",
        "textbaustein",
        "jugend",
        "Formulierungsvorschläge für Leistungsbeschreibung, Eignung, Zuschlag und Rückmeldung, um die "
        "Beteiligung von Kindern und Jugendlichen verbindlich in Vergaben aufzunehmen.",
        S004,
        "Textbausteine-Jugendbeteiligung-Vergabe.docx",
        build_tender_text_modules,
    ),
    SeedDocument(
        "bewertungsmatrix-jugendbeteiligung",
        "Bewertungsmatrix: Jugendbeteiligung als Zuschlagskriterium",
        "bewertungsmatrix",
        "jugend",
        "Tabelle mit Kriterien, Hinweisen und Formeln; Gewichtung und Punkte trägt die Kommune selbst ein.",
        S004,
        "Bewertungsmatrix-Jugendbeteiligung.xlsx",
        build_matrix,
    ),
)
