"""The ballot messages of the services in the "du" form of the youth vote page."""

from __future__ import annotations

import pytest

from leuchtfeuer.participation.tests.test_views import YOU_FORMAL
from leuchtfeuer.participation.voice import informal


@pytest.mark.parametrize(
    ("formal", "youth"),
    [
        ("Bitte wählen Sie mindestens einen Vorschlag aus.", "Bitte wähle mindestens einen Vorschlag aus."),
        ("Bitte geben Sie den Code aus Ihrem Brief ein.", "Bitte gib den Code aus deinem Brief ein."),
        (
            "Diesen Code kennen wir nicht. Bitte prüfen Sie die Schreibweise (Groß/klein egal).",
            "Diesen Code kennen wir nicht. Bitte prüfe die Schreibweise (Groß/klein egal).",
        ),
        (
            "Bei dieser Abstimmung kreuzen Sie Vorschläge an; Punkte gibt es nicht.",
            "Bei dieser Abstimmung kreuzt du Vorschläge an; Punkte gibt es nicht.",
        ),
        (
            "Ihre Auswahl kostet zusammen 7.000 €, das Budget ist aber nur 6.000 €. Bitte wählen Sie weniger aus.",
            "Deine Auswahl kostet zusammen 7.000 €, das Budget ist aber nur 6.000 €. Bitte wähle weniger aus.",
        ),
        (
            "Sie haben 4 Vorschläge angekreuzt; erlaubt sind höchstens 3.",
            "Du hast 4 Vorschläge angekreuzt; erlaubt sind höchstens 3.",
        ),
        (
            "Sie haben 12 Punkte verteilt; Sie haben aber nur 10.",
            "Du hast 12 Punkte verteilt; du hast aber nur 10.",
        ),
        (
            "Sie haben schon abgestimmt. Jede Person stimmt einmal ab.",
            "Du hast schon abgestimmt. Jede Person stimmt einmal ab.",
        ),
        (
            "Ihr Konto ist für diese Abstimmung noch nicht freigeschaltet. ",
            "Dein Konto ist für diese Abstimmung noch nicht freigeschaltet. ",
        ),
    ],
)
def test_ballot_messages_in_the_youth_voice(formal, youth):
    assert informal(formal) == youth
    assert not YOU_FORMAL.search(informal(formal))
