"""Participation phases as data: each phase declares what residents may do in it (adhocracy4's
phase registry, without the class hierarchy). The dates live on `models.Phase`; which phase is
running is decided on the server by `current_phase`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseType:
    key: str
    label: str
    plain: str  # one plain-language sentence for residents
    allows: frozenset[str]
    plain_du: str = ""  # the same sentence with "du", for the youth pages (Jugendbudget)


# actions: propose (idea/proposal), comment, rate, vote, results (results visible)
PHASES: tuple[PhaseType, ...] = (
    PhaseType(
        "information",
        "Information",
        "Hier erfahren Sie, worum es geht.",
        frozenset(),
        "Hier erfährst du, worum es geht.",
    ),
    PhaseType(
        "ideas",
        "Ideen sammeln",
        "Jetzt können Sie Ideen und Vorschläge einreichen.",
        frozenset({"propose", "comment"}),
        "Jetzt kannst du Ideen und Vorschläge einreichen.",
    ),
    PhaseType(
        "commenting",
        "Kommentieren und bewerten",
        "Jetzt können Sie Ideen kommentieren und bewerten.",
        frozenset({"comment", "rate"}),
        "Jetzt kannst du Ideen kommentieren und bewerten.",
    ),
    PhaseType(
        "voting",
        "Abstimmung",
        "Jetzt können Sie abstimmen.",
        frozenset({"vote"}),
        "Jetzt kannst du abstimmen.",
    ),
    PhaseType(
        "results", "Ergebnis", "Das Ergebnis steht fest.", frozenset({"results"}), "Das Ergebnis steht fest."
    ),
)
PHASE_BY_KEY = {phase.key: phase for phase in PHASES}
PHASE_CHOICES = [(phase.key, phase.label) for phase in PHASES]

ACTION_LABELS = {
    "propose": "Ideen einreichen",
    "comment": "kommentieren",
    "rate": "bewerten",
    "vote": "abstimmen",
    "results": "Ergebnisse ansehen",
}


def current_phase(phases, now):
    """The phase running at `now` (phases: iterable of models.Phase), or None."""
    for phase in phases:
        if phase.starts_at <= now < phase.ends_at:
            return phase
    return None


def allows(phase, action: str) -> bool:
    return phase is not None and action in PHASE_BY_KEY[phase.kind].allows
