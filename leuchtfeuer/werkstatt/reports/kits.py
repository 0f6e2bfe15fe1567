"""Method kits (Methodenkoffer): templates each stage offers as DOCX, ODT and PDF.

Kits are data like the stages: a registry of `Kit`s, each bound to a stage and building a `Doc`
(reports/exports.py writes it). A kit is blank when downloaded from the public kit page and filled
with the town's own data (name, chosen Handlungsfelder, goals and expectations, a workshop or a
measure) when downloaded from the town's process pages.

Content sources: the programme call of the Zukunftswerkstatt Kommunen (seed 001: five-stage
method, Handlungsfelder a–e, target groups, prerequisites, eligible costs), the
Bleiben/Zurückkommen/Ankommen fields and life phases (seed 000) and the pillars and challenge
fields of the small-town resilience study (seed 004), all through core.taxonomy. The three phases
of a Zukunftswerkstatt (Kritik, Fantasie, Verwirklichung) follow the classic method. The kits
state no facts about any town; times, names and numbers are left for the town to fill in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leuchtfeuer.core import taxonomy
from leuchtfeuer.werkstatt import stages as stage_registry
from leuchtfeuer.werkstatt.reports.exports import Bullets, Doc, FillIn, Heading, Para, Table

SOURCE_NOTE = (
    "Grundlage: Bekanntmachung des Modellprojekts „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“ "
    "(fünfstufige Projektsystematik: Kick-Off, Kommunalprofil, Zukunftswerkstatt, Werkstattplan, "
    "Zwischenbilanz). Vorlage aus dem Methodenkoffer von Leuchtfeuer – frei anpassbar."
)
BLANK = "…………………………"


@dataclass
class KitContext:
    """What a town-specific kit may fill in; everything optional (blank kit)."""

    municipality: Any = None
    process: Any = None
    handlungsfelder: list = field(default_factory=list)
    workshop: Any = None
    measure: Any = None
    indicators: list = field(default_factory=list)
    budget_lines: list = field(default_factory=list)

    @property
    def town(self) -> str:
        return str(self.municipality) if self.municipality else ""


@dataclass(frozen=True)
class Kit:
    key: str
    stage: str
    title: str
    description: str
    build: Callable[[KitContext], Doc] = field(repr=False)
    # Query parameter that selects the object to fill in (town version), e.g. "massnahme".
    selects: str = ""

    @property
    def stage_label(self) -> str:
        return stage_registry.BY_KEY[self.stage].label


def _value(value: Any) -> str:
    if value in (None, ""):
        return BLANK
    return str(value)


def _doc(ctx: KitContext, title: str) -> Doc:
    return Doc(
        title=title + (f" – {ctx.town}" if ctx.town else ""),
        subtitle="Vorlage aus dem Methodenkoffer" + (f" für {ctx.town}" if ctx.town else ""),
        footer=f"{title} – Methodenkoffer Leuchtfeuer",
    )


# --------------------------------------------------------------------------------- Kick-Off
def _kickoff_agenda(ctx: KitContext) -> Doc:
    doc = _doc(ctx, "Tagesordnung Kick-Off")
    process = ctx.process
    doc.add(
        Table(
            header=["Angabe", "Eintrag"],
            rows=[
                ["Datum und Uhrzeit", BLANK],
                ["Ort", BLANK],
                ["Einladende Stelle (Demografiebeauftragte:r oder Stabsstelle)", BLANK],
                ["Moderation (z. B. externe Beratung)", BLANK],
                ["Protokoll", BLANK],
            ],
        ),
        Heading("Ziel des Treffens"),
        Para(
            "Das Kick-Off eröffnet die fünfstufige Projektsystematik. Am Ende sind Ziele und Erwartungen "
            "geklärt, das Kernteam und die Partner benannt, die Themen (Handlungsfelder) gewählt, der "
            "Resilienz-Check verabredet und die nächsten Aufgaben mit Zuständigkeit und Frist verteilt."
        ),
        Heading("Ablauf"),
        Table(
            header=["Nr.", "Tagesordnungspunkt", "Inhalt und Leitfragen", "Zeit", "verantwortlich"],
            rows=[
                [
                    "1",
                    "Begrüßung und Anlass",
                    "Warum nimmt die Kommune teil? Den demografischen Wandel vor Ort gestalten; Halte- und "
                    "Anziehungsfaktoren entwickeln; kommunale Identität stärken; Integration.",
                    "",
                    "",
                ],
                [
                    "2",
                    "Der Weg: fünf Stufen",
                    "Kick-Off → Kommunalprofil → Zukunftswerkstatt → Werkstattplan → Zwischenbilanz; "
                    "externe Beratung, Mentoring, jährlicher Kurzbericht, wissenschaftliche Evaluierung.",
                    "",
                    "",
                ],
                [
                    "3",
                    "Ziele und Erwartungen",
                    "Was wollen wir in vier Jahren erreicht haben? Was erwarten wir von Beratung, "
                    "Geschäftsstelle und Partnern?",
                    "",
                    "",
                ],
                [
                    "4",
                    "Kernteam und Partner",
                    "Wer gehört zum Kernteam? Welche Partner aus Verwaltung, Politik, Vereinen, Wirtschaft "
                    "und Jugend machen mit?",
                    "",
                    "",
                ],
                [
                    "5",
                    "Themen wählen",
                    "Welche Handlungsfelder bearbeiten wir? (Themenfreiheit im Rahmen der Projektziele – "
                    "Auswahl siehe unten)",
                    "",
                    "",
                ],
                [
                    "6",
                    "Resilienz-Check verabreden",
                    "Selbsteinschätzung zu fünf Säulen und zehn Herausforderungsfeldern: wer füllt ihn "
                    "bis wann aus?",
                    "",
                    "",
                ],
                [
                    "7",
                    "Beschluss und Rückhalt",
                    "Liegt ein Beschluss politischer Gremien oder ein Unterstützungsschreiben der "
                    "Verwaltungsleitung vor? Wer lädt ihn in Leuchtfeuer hoch?",
                    "",
                    "",
                ],
                [
                    "8",
                    "Nächste Schritte",
                    "Aufgaben mit Zuständigkeit und Frist; Termin für die Stufe Kommunalprofil.",
                    "",
                    "",
                ],
            ],
        ),
    )
    if process is not None and (process.objectives or process.expectations):
        doc.add(
            Heading("Bisher festgehalten"),
            Para("Ziele: " + (process.objectives or BLANK)),
            Para("Erwartungen: " + (process.expectations or BLANK)),
        )
    doc.add(Heading("Themen zur Auswahl (Handlungsfelder)"))
    chosen = {f.key for f in ctx.handlungsfelder}
    doc.add(
        Table(
            header=["gewählt", "Handlungsfeld", "Beschreibung"],
            rows=[
                ["☒" if term.key in chosen else "☐", term.label, term.description or ""]
                for term in taxonomy.HANDLUNGSFELDER
            ]
            + [
                ["☒", f.label, f.description or "eigenes Handlungsfeld der Kommune"]
                for f in ctx.handlungsfelder
                if not f.from_taxonomy
            ],
        ),
        FillIn("Eigene Themen der Kommune", lines=2),
        Heading("Kernteam und Partner"),
        Table(
            header=["Name", "Funktion", "Organisation", "Bereich"],
            rows=[
                ["", "", "", sector]
                for sector in ("Verwaltung", "Politik", "Vereine", "Wirtschaft", "Jugend")
            ],
        ),
        Heading("Vereinbarte Aufgaben"),
        Table(header=["Aufgabe", "zuständig", "bis"], rows=[["", "", ""] for _ in range(5)]),
        Para(SOURCE_NOTE, small=True),
    )
    return doc


# ------------------------------------------------------------------------------ Kommunalprofil
def _findings_sheet(ctx: KitContext) -> Doc:
    doc = _doc(ctx, "Arbeitsblatt Befunde zum Kommunalprofil")
    doc.add(
        Para(
            "Das Kommunalprofil zeigt die amtlichen Daten zu vergangener, gegenwärtiger und "
            "zukünftig zu erwartender Bevölkerungsentwicklung. Dieses Blatt hält fest, was das Team "
            "daraus liest – und was die Daten nicht zeigen."
        ),
        Heading("Leitfragen"),
        Bullets(
            [
                "Welche Entwicklung der Bevölkerung und der Altersgruppen überrascht uns, welche bestätigt "
                "unseren Eindruck?",
                "Wie unterscheiden sich Kernort und Ortsteile (Quartiere)?",
                "Wie stehen wir im Vergleich mit Kreis, Land und ähnlichen Kommunen da?",
                "Was hält Menschen bei uns (Haltefaktoren), was zieht Menschen an (Anziehungsfaktoren)?",
                "Welche Gruppen haben wir im Blick – Jugendliche, junge Familien, Rückkehrende, "
                "Neuzugewanderte, Seniorinnen und Senioren?",
            ]
        ),
        FillIn("Stärken", 4),
        FillIn("Schwächen", 4),
        FillIn("Haltefaktoren (was Menschen bleiben lässt)", 4),
        FillIn("Anziehungsfaktoren (was Menschen zuziehen oder zurückkommen lässt)", 4),
        FillIn(
            "Offene Fragen an die Daten und eigene Datenquellen (z. B. Melderegister, Kita-Anmeldungen)", 3
        ),
        Para(
            "Tragen Sie die Befunde danach in Leuchtfeuer in der Stufe Kommunalprofil ein; der gesicherte "
            "Stand des Profils ist der Ausgangspunkt der Zwischenbilanz.",
        ),
        Para(SOURCE_NOTE, small=True),
    )
    return doc


# --------------------------------------------------------------------------- Zukunftswerkstatt
PHASES = (
    (
        "Kritikphase",
        "plan_kritik",
        "Was stört uns? Was fehlt? Alle Beschwerden und Kritikpunkte zum Thema werden gesammelt – "
        "ohne Diskussion und ohne Rechtfertigung.",
        [
            "Einstieg: Thema und Regeln vorstellen (jede Stimme zählt, Kritik an Zuständen, nicht an Personen).",
            "Kritik sammeln, z. B. auf Moderationskarten (eine Aussage je Karte) oder im Gespräch in Kleingruppen.",
            "Karten an der Pinnwand zu Themen bündeln und den Themen Überschriften geben.",
            "Gewichten: Welche Kritikpunkte sind den Teilnehmenden am wichtigsten (z. B. mit Klebepunkten)?",
        ],
    ),
    (
        "Fantasiephase",
        "plan_fantasie",
        "Wie sähe unser Ort aus, wenn alles möglich wäre? Die wichtigsten Kritikpunkte werden ins Positive "
        "gewendet; Wünsche und Utopien sind ausdrücklich erlaubt.",
        [
            "Kritik ins Positive wenden: Aus „Es gibt keinen Treffpunkt für Jugendliche“ wird "
            "„Jugendliche haben einen eigenen Ort“.",
            "Ideen frei entwickeln (z. B. Brainstorming, Zukunftsbilder malen oder bauen, Zeitungsartikel aus der Zukunft).",
            "Noch keine Bewertung der Machbarkeit – Geld, Zuständigkeit und Vorschriften spielen hier keine Rolle.",
            "Ideen vorstellen und die für die Teilnehmenden wichtigsten auswählen.",
        ],
    ),
    (
        "Verwirklichungsphase",
        "plan_verwirklichung",
        "Was davon können wir umsetzen, und wie? Die ausgewählten Ideen werden auf Umsetzbarkeit geprüft und "
        "zu ersten Vorhaben mit Verantwortlichen und nächsten Schritten.",
        [
            "Ideen den Handlungsfeldern zuordnen.",
            "Prüfen: Was brauchen wir (Partner, Räume, Geld, Beschlüsse)? Was gibt es schon, woran wir anknüpfen?",
            "Erste Schritte festlegen: Wer macht was bis wann? Wer macht mit?",
            "Ergebnisse sichern und Rückmeldung an die Teilnehmenden verabreden.",
        ],
    ),
)


def _moderation_plan(ctx: KitContext) -> Doc:
    doc = _doc(ctx, "Moderationsplan Zukunftswerkstatt")
    w = ctx.workshop
    doc.add(
        Table(
            header=["Angabe", "Eintrag"],
            rows=[
                ["Titel", _value(w.title if w else "")],
                ["Datum", _value(f"{w.date:%d.%m.%Y}" if w else "")],
                ["Ort", _value(w.place if w else "")],
                ["Moderation", _value(w.moderation if w else "")],
                ["Thema / Leitfrage", BLANK],
                ["Erwartete Teilnehmende", _value(w.participants if w and w.participants else "")],
            ],
        ),
        Heading("Wen einladen?"),
        Para(
            "Die Zukunftswerkstatt soll Bedürfnisse spezieller Gruppen erfassen und zugleich die "
            "Mehrheitsgesellschaft mitnehmen: neben Seniorinnen und Senioren und Jugendlichen auch Menschen "
            "mit geringen finanziellen Mitteln oder körperlichen Einschränkungen und ausdrücklich "
            "Neuzugewanderte. Partner aus Verwaltung, Politik, Vereinen und Wirtschaft bringen Wissen für die "
            "Verwirklichungsphase mit."
        ),
        Bullets(
            [
                "Barrierefreier Ort, Zeit auch für Berufstätige und Familien (ggf. Kinderbetreuung).",
                "Einladung in einfacher Sprache, bei Bedarf mehrsprachig.",
                "Material: Moderationskarten, Stifte, Pinnwände, Klebepunkte, Kamera für die Ergebnisse.",
            ]
        ),
        Heading("Ablauf"),
        Table(
            header=["Zeit", "Schritt", "Methode", "verantwortlich"],
            rows=[
                ["", "Ankommen und Begrüßung", "Ziel, Ablauf und Regeln vorstellen", ""],
                *[["", name, "siehe unten", ""] for name, _, _, _ in PHASES],
                ["", "Abschluss", "Ergebnisse zusammenfassen, nächste Schritte, Dank", ""],
            ],
        ),
    )
    for name, attribute, purpose, steps in PHASES:
        doc.add(Heading(name, level=3), Para(purpose), Bullets(steps))
        own = getattr(w, attribute, "") if w else ""
        if own:
            doc.add(Para("Geplanter Ablauf der Kommune: " + own))
        doc.add(FillIn(f"Ergebnisse der {name}", 4))
    doc.add(
        Heading("Nach der Werkstatt"),
        Bullets(
            [
                "Ergebnisse (Ideen) in Leuchtfeuer eintragen und je einem Handlungsfeld zuordnen.",
                "Die Zukunftswerkstatt als „hat stattgefunden“ markieren und die Zahl der Teilnehmenden eintragen.",
                "Den Teilnehmenden berichten, was aus ihren Ideen wird.",
            ]
        ),
        Para(SOURCE_NOTE, small=True),
    )
    return doc


# ------------------------------------------------------------------------------- Werkstattplan
def _measure_sheet(ctx: KitContext) -> Doc:
    m = ctx.measure
    doc = _doc(ctx, "Maßnahmenblatt")
    groups = set(m.target_groups) if m else set()
    doc.add(
        Table(
            header=["Angabe", "Eintrag"],
            rows=[
                ["Titel der Maßnahme", _value(m.title if m else "")],
                ["Handlungsfeld", _value(m.handlungsfeld.label if m else "")],
                ["Ziel", _value(m.goal.title if m and m.goal else "")],
                ["verantwortlich", _value((m.responsible or str(m.responsible_user or "")) if m else "")],
                ["Partner", _value(m.partners if m else "")],
                ["Beginn", _value(f"{m.start:%d.%m.%Y}" if m and m.start else "")],
                ["Ende", _value(f"{m.end:%d.%m.%Y}" if m and m.end else "")],
                ["Status", _value(m.get_status_display() if m else "")],
            ],
        ),
        Heading("Beschreibung"),
    )
    if m and m.description:
        doc.add(Para(m.description))
    else:
        doc.add(FillIn("Was genau wird getan, und welches Problem löst es?", 4))
    doc.add(
        Heading("Zielgruppen"),
        Table(
            header=["", "Zielgruppe"],
            rows=[["☒" if t.key in groups else "☐", t.label] for t in taxonomy.LIFE_PHASES],
        ),
        Heading("Kosten"),
        Table(
            header=["Posten", "Jahr", "Betrag in Euro", "Finanzierung"],
            rows=[
                [b.label, str(b.year or ""), f"{b.amount:.2f}".replace(".", ","), b.funding_source]
                for b in ctx.budget_lines
            ]
            or [["", "", "", ""] for _ in range(4)],
        ),
        Para(
            "Hinweis zur Förderung in der Zukunftswerkstatt Kommunen: je Kommune und Jahr bis zu 30.000 Euro "
            "für externe Beratung und bis zu 10.000 Euro Sachmittel (z. B. Öffentlichkeitsarbeit, "
            "Veranstaltungen, Sachkosten von Zukunftswerkstätten). Bau- und Investitionsvorhaben sind nicht "
            "förderfähig; Personalkosten, die bereits aus dem öffentlichen Haushalt gedeckt sind, werden nicht "
            "übernommen.",
            small=True,
        ),
        Heading("Indikatoren"),
        Para(
            "Woran erkennen wir den Erfolg? Ein Indikator ist entweder eine amtliche Kennzahl aus dem "
            "Kommunalprofil oder eine eigene Zahl der Kommune; der Zielwert ist immer ein Ziel der Kommune."
        ),
        Table(
            header=["Indikator", "Art", "Ausgangswert (Stand)", "Zielwert", "Zieljahr"],
            rows=[
                [
                    i.label + (f" ({i.unit})" if i.unit else ""),
                    "amtlich" if i.kind == "amtlich" else "eigene Zahl",
                    _value(i.baseline_value) + (f" ({i.baseline_date:%m/%Y})" if i.baseline_date else ""),
                    _value(i.target_value),
                    _value(i.target_year),
                ]
                for i in ctx.indicators
            ]
            or [["", "", "", "", ""] for _ in range(3)],
        ),
        Heading("Nächste Schritte"),
        Table(header=["Schritt", "zuständig", "bis"], rows=[["", "", ""] for _ in range(4)]),
        Para(SOURCE_NOTE, small=True),
    )
    return doc


# ------------------------------------------------------------------------------ Zwischenbilanz
def _review_questions(ctx: KitContext) -> Doc:
    doc = _doc(ctx, "Leitfragen zur Zwischenbilanz")
    doc.add(
        Para(
            "Die Zwischenbilanz prüft jede Maßnahme und jeden Indikator gegen Ausgangs- und Zielwert und "
            "hält fest, was das Team gelernt hat. Leuchtfeuer berechnet die Ampel aus den Zahlen; dieses "
            "Blatt hilft beim Gespräch darüber."
        ),
        Heading("Maßnahmen"),
        Table(
            header=["Maßnahme", "Status", "Was ist erreicht?", "Was hat geholfen, was gebremst?"],
            rows=[["", "", "", ""] for _ in range(6)],
        ),
        Heading("Indikatoren"),
        Table(
            header=["Indikator", "Ausgangswert", "aktueller Wert", "Zielwert", "Anteil des Wegs"],
            rows=[["", "", "", "", ""] for _ in range(5)],
        ),
        Para("Anteil des Wegs = (aktueller Wert − Ausgangswert) ÷ (Zielwert − Ausgangswert).", small=True),
        Heading("Leitfragen für die Bilanz"),
        Bullets(
            [
                "Welche Ziele des Werkstattplans sind näher gerückt, welche nicht – und warum?",
                "Welche Gruppen haben wir erreicht, welche noch nicht?",
                "Was hat die Zusammenarbeit mit Partnern, Beratung und Mentoring gebracht?",
                "Welche Maßnahmen setzen wir fort, ändern wir oder stellen wir zurück?",
                "Was würden wir einer anderen Kommune raten (Lehren und Erkenntnisse)?",
            ]
        ),
        FillIn("Bilanz in Worten", 5),
        FillIn("Lehren und Erkenntnisse", 5),
        Para(SOURCE_NOTE, small=True),
    )
    return doc


KITS: tuple[Kit, ...] = (
    Kit(
        "kick-off-tagesordnung",
        "kickoff",
        "Tagesordnung Kick-Off",
        "Ablauf des ersten Treffens: Ziele, Team und Partner, Themenwahl, Resilienz-Check, nächste Schritte.",
        _kickoff_agenda,
    ),
    Kit(
        "befunde-arbeitsblatt",
        "kommunalprofil",
        "Arbeitsblatt Befunde zum Kommunalprofil",
        "Stärken, Schwächen, Halte- und Anziehungsfaktoren aus dem Kommunalprofil festhalten.",
        _findings_sheet,
    ),
    Kit(
        "moderationsplan-zukunftswerkstatt",
        "zukunftswerkstatt",
        "Moderationsplan Zukunftswerkstatt",
        "Die drei Phasen Kritik, Fantasie und Verwirklichung mit Leitfragen, Methoden und Ergebnisfeldern.",
        _moderation_plan,
        selects="termin",
    ),
    Kit(
        "massnahmenblatt",
        "werkstattplan",
        "Maßnahmenblatt",
        "Eine Maßnahme auf einer Seite: Ziel, Zielgruppen, Verantwortliche, Zeitraum, Kosten, Indikatoren.",
        _measure_sheet,
        selects="massnahme",
    ),
    Kit(
        "zwischenbilanz-leitfragen",
        "zwischenbilanz",
        "Leitfragen zur Zwischenbilanz",
        "Maßnahmen und Indikatoren gegen Ausgangs- und Zielwert prüfen, Bilanz und Lehren formulieren.",
        _review_questions,
    ),
)
BY_KEY: dict[str, Kit] = {kit.key: kit for kit in KITS}


def kits_for(stage_kind: str) -> list[Kit]:
    return [kit for kit in KITS if kit.stage == stage_kind]


def kit_context(process=None, *, workshop=None, measure=None) -> KitContext:
    """The data a town-specific kit fills in (a few queries)."""
    if process is None:
        return KitContext()
    ctx = KitContext(
        municipality=process.municipality,
        process=process,
        handlungsfelder=list(process.handlungsfelder.order_by("position", "label")),
        workshop=workshop,
        measure=measure,
    )
    if measure is not None:
        ctx.indicators = list(measure.indicators.order_by("id"))
        ctx.budget_lines = list(measure.budget_lines.order_by("year", "id"))
    return ctx
