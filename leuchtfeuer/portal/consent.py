"""Consent texts (DSGVO Art. 6 (1) a, Art. 7): purpose, retention and the exact wording, versioned.

Every personal record points to a `Consent` row that stores the version AND a snapshot of the
text the person saw, so the controller can prove what was agreed to (Art. 7 (1)). A new wording
gets a new version key; old rows keep the text they were given with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    retention_months: int
    text: StrOrPromise  # lazy: German original (stored); the form shows its translation


INQUIRY = ConsentText(
    purpose="inquiry",
    version="2026-11-v1",
    retention_months=24,
    text=_(
        "Ich willige ein, dass die Kommune meine Angaben aus diesem Erhebungsbogen speichert, um mich "
        "beim Zurückkommen oder Ankommen persönlich zu begleiten (Zweck: Beratung durch die Lotsin "
        "oder den Lotsen, passende Angebote, Kontakt per E-Mail). Die Angaben sehen nur die Lotsin "
        "oder der Lotse und die Koordination der Kommune. Sie werden 24 Monate nach dem letzten "
        "Kontakt gelöscht; anonyme Zählungen ohne Namen und Kontaktdaten bleiben für die Statistik. "
        "Ich kann die Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen und meine Daten "
        "unter „Meine Daten“ einsehen, herunterladen und löschen (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO)."
    ),
)
TRIAL = ConsentText(
    purpose="trial",
    version="2026-11-v1",
    retention_months=12,
    text=_(
        "Ich willige ein, dass die Kommune meine Bewerbung zum Probewohnen (Name, E-Mail, Zeitraum, "
        "Motivation) speichert, um über die Vergabe zu entscheiden und mich zu kontaktieren. Die "
        "Angaben werden 12 Monate nach dem Ende des Zeitraums gelöscht. Widerruf, Auskunft und "
        "Löschung jederzeit unter „Meine Daten“ (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO)."
    ),
)
EVENT = ConsentText(
    purpose="event",
    version="2026-11-v1",
    retention_months=3,
    text=_(
        "Ich willige ein, dass die Kommune meinen Namen und meine E-Mail-Adresse für die Anmeldung "
        "zu dieser Veranstaltung speichert. Die Angaben werden 3 Monate nach der Veranstaltung "
        "gelöscht. Widerruf, Auskunft und Löschung jederzeit unter „Meine Daten“ (Art. 6 Abs. 1 "
        "lit. a, Art. 7 DSGVO)."
    ),
)
WELCOME_BOX = ConsentText(
    purpose="welcome_box",
    version="2026-11-v1",
    retention_months=6,
    text=_(
        "Ich willige ein, dass die Kommune Name, E-Mail und Anschrift speichert, um mir eine "
        "Willkommensbox zu bringen oder zu schicken. Die Angaben werden 6 Monate nach der Anfrage "
        "gelöscht. Widerruf, Auskunft und Löschung jederzeit unter „Meine Daten“ (Art. 6 Abs. 1 "
        "lit. a, Art. 7 DSGVO)."
    ),
)
EVENT_CONTACT = ConsentText(
    purpose="event_contact",
    version="2026-12-v1",
    retention_months=12,
    text=_(
        "Ich willige ein, dass die Lotsin oder der Lotse mich vor oder nach der Veranstaltung "
        "anspricht. Dafür legt die Kommune einen Fall für mich an und speichert Name, E-Mail, "
        "Lebensphase, Zeitpunkt, Herkunftsregion, ob ich früher hier gelebt habe, und über welche "
        "Veranstaltung ich gekommen bin. Die Angaben sehen nur die Lotsin oder der Lotse und die "
        "Koordination der Kommune. Sie werden 12 Monate nach dem letzten Kontakt gelöscht; anonyme "
        "Zählungen ohne Namen und Kontaktdaten bleiben für die Statistik. Ich kann die Einwilligung "
        "jederzeit mit Wirkung für die Zukunft widerrufen und meine Daten unter „Meine Daten“ "
        "einsehen, herunterladen und löschen (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO)."
    ),
)
STORY = ConsentText(
    purpose="story",
    version="2026-11-v1",
    retention_months=0,  # until withdrawn
    text=_(
        "Die porträtierte Person hat eingewilligt, dass ihr Porträt mit Namen, Text und Bild auf dem "
        "Portal veröffentlicht wird, bis sie die Einwilligung widerruft."
    ),
)

BUDDY = ConsentText(
    purpose="buddy",
    version="2026-12-v1",
    retention_months=24,
    text=_(
        "Ich willige ein, dass die Kommune meine Anmeldung als Willkommenspatin oder Willkommenspate "
        "speichert (Name, E-Mail, Telefon, Sprachen, Lebensphase, Ortsteil, Interessen, wie viele neue "
        "Menschen ich begleiten möchte, „Über mich“), um mich mit neu Zugezogenen oder Rückkehrenden "
        "bekannt zu machen. Die Angaben sehen nur die Lotsin oder der Lotse und die Koordination der "
        "Kommune. Schlägt die Lotsin oder der Lotse mich einer Person vor, sieht diese Person meinen "
        "Vornamen, Sprachen, Lebensphase, Ortsteil, Interessen und „Über mich“ – meine E-Mail-Adresse und "
        "Telefonnummer erhält sie erst, wenn wir beide zugestimmt haben. Die Angaben werden 24 Monate "
        "nach dem Ende meiner letzten Patenschaft gelöscht oder, wenn keine zustande kommt, 24 Monate "
        "nach der Anmeldung; anonyme Zählungen ohne Namen und Kontaktdaten bleiben für die Statistik. "
        "Ich kann die Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen und meine Daten "
        "unter „Meine Daten“ einsehen, herunterladen und löschen (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO)."
    ),
)

TEXTS = {c.purpose: c for c in (INQUIRY, TRIAL, EVENT, EVENT_CONTACT, WELCOME_BOX, STORY, BUDDY)}

# What each purpose code means, in words (shown to the person under "Meine Daten").
PURPOSE_LABELS = {
    "inquiry": _("Erhebungsbogen: Begleitung durch die Lotsin oder den Lotsen"),
    "trial": _("Bewerbung zum Probewohnen"),
    "event": _("Anmeldung zu einer Veranstaltung"),
    "event_contact": _("Ansprache durch die Lotsin oder den Lotsen nach einer Veranstaltung"),
    "welcome_box": _("Willkommensbox"),
    "story": _("Veröffentlichung eines Porträts"),
    "buddy": _("Anmeldung als Willkommenspat:in"),
}


def german_text(consent: ConsentText) -> str:
    """The German original of a consent text (what is stored, whatever language was shown)."""
    with translation.override("de"):
        return str(consent.text)
