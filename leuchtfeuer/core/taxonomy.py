"""Shared vocabularies of the programme, as data (every part uses the same keys).

Sources: Handlungsfelder a–e from the call of the Zukunftswerkstatt Kommunen (seed 001); the
Bleiben/Zurückkommen/Ankommen fields and life phases from seed 000; the five pillars of resilience
and the challenge fields from the small-town resilience study (seed 004). Towns have
"Themenfreiheit": a Werkstattplan may add its own fields; these are the common starting set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    description: str = ""
    source: str = ""


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    return [(term.key, term.label) for term in terms]


def label(terms: tuple[Term, ...], key: str) -> str:
    return next((term.label for term in terms if term.key == key), key)


SEED_001 = "seeds/001_3eedc98b6c9e3ca5.txt"
SEED_000 = "seeds/000_b23d8ffcce1f7b06.txt"
SEED_004 = "seeds/004_0a8dabf6f8912365.txt"

HANDLUNGSFELDER: tuple[Term, ...] = (
    Term(
        "generationen", "Intergenerationelle Kooperation", "niedrigschwellige Möglichkeiten stärken", SEED_001
    ),
    Term("teilhabe", "Teilhabe aller Altersgruppen", "in einer alternden Gesellschaft", SEED_001),
    Term("beteiligung", "Bürgerbeteiligung vor Ort", "Beteiligung der Bürgerinnen und Bürger", SEED_001),
    Term("identitaet", "Identität in der Kommune", "", SEED_001),
    Term("digital", "Digitale Konzepte", "lessons learned aus der Corona-Pandemie", SEED_001),
    Term("rueckkehr", "Rückkehr", "Rückkehrende gewinnen und begleiten", SEED_000),
    Term("wohnen", "Wohnen", "Wohnraum, Probewohnen, Leerstand", SEED_000),
    Term("arbeit", "Arbeit", "Arbeitsplätze, Ausbildung, Coworking", SEED_000),
    Term("kinderbetreuung", "Kinderbetreuung und Schule", "Kita-Plätze, Schulen", SEED_000),
    Term("willkommen", "Willkommenskultur", "Ankommen, Begrüßung, Lotsen", SEED_000),
    Term("jugend", "Jugend", "Teilhabe, Verantwortung und Bleibeperspektiven", SEED_004),
)

# Target groups by life phase (seed 000: who comes back or moves in, and why).
LIFE_PHASES: tuple[Term, ...] = (
    Term("junge-familie", "Junge Familien", "", SEED_000),
    Term("nach-ausbildung", "Nach Ausbildung oder Studium", "Rückkehrende nach der Ausbildung", SEED_000),
    Term("fachkraft", "Fachkräfte", "", SEED_000),
    Term("digitale-nomaden", "Remote-Arbeitende und digitale Nomad:innen", "", SEED_000),
    Term("ruhestand", "Menschen im Ruhestand", "Seniorinnen und Senioren", SEED_000),
    Term("jugend", "Jugendliche", "", SEED_004),
    Term("zuwanderung", "Neu Zugewanderte", "Zuziehende mit Migrationsgeschichte", SEED_000),
)

# The five pillars of resilience of small towns (seed 004, p. 2).
RESILIENCE_PILLARS: tuple[Term, ...] = (
    Term(
        "selbstgestaltung",
        "Selbstgestaltungskräfte aktivieren",
        "kooperative und demokratische Kleinstadtentwicklung",
        SEED_004,
    ),
    Term("innovation", "Regionale Innovationskraft stärken", "durch Sichtbarkeit und Kooperation", SEED_004),
    Term(
        "finanzen", "Finanzausstattung reformieren", "kommunale Handlungsfähigkeit wiederherstellen", SEED_004
    ),
    Term(
        "verwaltung",
        "Vereinfachung administrativer Verfahren",
        "Flexibilität und Vertrauen statt Regulierung",
        SEED_004,
    ),
    Term(
        "jugend",
        "Jugend als Zukunftsressource anerkennen",
        "Teilhabe, Verantwortung und (Bleibe-)Perspektiven",
        SEED_004,
    ),
)

# Ten challenge fields of the Resilienz-Check (seed 004).
CHALLENGE_FIELDS: tuple[Term, ...] = (
    Term("finanzen", "Kommunale Finanzen", "", SEED_004),
    Term("demografie", "Demografischer Wandel", "", SEED_004),
    Term("polarisierung", "Gesellschaftliche Polarisierung", "", SEED_004),
    Term("innenstadt", "Innenstadt und Ortskern", "", SEED_004),
    Term("wohnen", "Wohnen", "", SEED_004),
    Term("mobilitaet", "Mobilität", "", SEED_004),
    Term("bildung", "Bildung und Kinderbetreuung", "", SEED_004),
    Term("gesundheit", "Gesundheitsversorgung", "", SEED_004),
    Term("klima", "Klimaanpassung", "", SEED_004),
    Term("verwaltung", "Verwaltung und Fördermittel", "", SEED_004),
)
