"""Youth pages speak with "du" (Jugendbudget, youth parliament); the services speak with "Sie".

The ballot messages of `services.ballot_validate` / `ballot_cast` are few and fixed, so the youth
vote page turns them into the informal form with this explicit list instead of a second set of
services. `tests/test_views.py::test_vote_page_speaks_one_voice` checks that none is left over.
"""

from __future__ import annotations

import re

_INFORMAL = [
    (r"\bBitte wählen Sie\b", "Bitte wähle"),
    (r"\bBitte geben Sie den Code aus Ihrem Brief ein\b", "Bitte gib den Code aus deinem Brief ein"),
    (r"\bBitte prüfen Sie\b", "Bitte prüfe"),
    (r"\bBei dieser Abstimmung kreuzen Sie\b", "Bei dieser Abstimmung kreuzt du"),
    (r"\bIhre Auswahl\b", "Deine Auswahl"),
    (r"\bIhr Konto\b", "Dein Konto"),
    (r"\bSie haben aber nur\b", "du hast aber nur"),
    (r"\bSie haben\b", "Du hast"),
]


def informal(message: str) -> str:
    """`message` of a ballot service in the "du" form of the youth pages."""
    for pattern, replacement in _INFORMAL:
        message = re.sub(pattern, replacement, message)
    return message
