"""Vocabularies of the portal (keys stored in the database; labels German, translatable).

Life phases come from the shared taxonomy (core/taxonomy.py LIFE_PHASES); the rest is specific
to offers and inquiries. Labels use gettext_lazy so the public pages can show them in English.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leuchtfeuer.core.taxonomy import LIFE_PHASES


class OfferKind(models.TextChoices):
    JOB = "job", _("Stelle")
    APPRENTICESHIP = "ausbildung", _("Ausbildungsplatz")
    FLAT = "wohnung", _("Wohnung")
    HOUSE = "haus", _("Haus")
    PLOT = "bauplatz", _("Bauplatz")
    KITA = "kita", _("Kita")
    SCHOOL = "schule", _("Schule")
    COWORKING = "coworking", _("Coworking")
    TRIAL = "probewohnen", _("Probewohnen")
    ENGAGEMENT = "engagement", _("Mitmachen und Ehrenamt")
    AZUBI_WG = "azubi-wg", _("Zimmer in einer Azubi-WG")
    HOMESHARING = "homesharing", _("Wohnen für Hilfe")


JOB_KINDS = frozenset({OfferKind.JOB, OfferKind.APPRENTICESHIP})
HOUSING_KINDS = frozenset({OfferKind.FLAT, OfferKind.HOUSE, OfferKind.PLOT})
# Shared living (seed 000, Bad Berleburg): a room in an apprentices' flat-share, or a room in
# exchange for agreed hours of help at home (generationenübergreifendes Home-sharing).
SHARED_LIVING_KINDS = frozenset({OfferKind.AZUBI_WG, OfferKind.HOMESHARING})


class JobField(models.TextChoices):
    HEALTH = "gesundheit", _("Gesundheit und Pflege")
    CRAFT = "handwerk", _("Handwerk und Technik")
    INDUSTRY = "industrie", _("Industrie und Produktion")
    OFFICE = "verwaltung", _("Verwaltung und Büro")
    EDUCATION = "bildung", _("Bildung und Soziales")
    IT = "it", _("IT und Digitales")
    TRADE = "handel", _("Handel und Logistik")
    GREEN = "landwirtschaft", _("Land-, Forstwirtschaft und Umwelt")
    TOURISM = "tourismus", _("Gastronomie und Tourismus")
    OTHER = "sonstiges", _("Sonstiges")


class HousingType(models.TextChoices):
    FLAT = "wohnung", _("Mietwohnung")
    HOUSE = "haus", _("Haus (Miete oder Kauf)")
    PLOT = "bauplatz", _("Bauplatz")
    AZUBI_WG = "azubi-wg", _("Zimmer in einer Azubi-WG")
    HOMESHARING = "homesharing", _("Wohnen für Hilfe (Zimmer gegen Mithilfe)")


HOUSING_TO_KIND = {
    HousingType.FLAT: OfferKind.FLAT,
    HousingType.HOUSE: OfferKind.HOUSE,
    HousingType.PLOT: OfferKind.PLOT,
    HousingType.AZUBI_WG: OfferKind.AZUBI_WG,
    HousingType.HOMESHARING: OfferKind.HOMESHARING,
}


class EngagementArea(models.TextChoices):
    """Who offers an engagement (seed 000: "Vereine, Ehrenamt, kulturelle Orte aktiv einbeziehen")."""

    CLUB = "verein", _("Verein")
    VOLUNTEERING = "ehrenamt", _("Ehrenamt und Nachbarschaftshilfe")
    FIRE_BRIGADE = "feuerwehr", _("Freiwillige Feuerwehr und Rettungsdienst")
    CULTURE = "kultur", _("Kultur")
    THIRD_PLACE = "dritter-ort", _("Dritter Ort und Treffpunkt")


class Interest(models.TextChoices):
    """What a person likes to do in her free time: asked (optionally) in the Erhebungsbogen and
    named by engagement offers and welcome buddies; the shared key of their matching."""

    SPORT = "sport", _("Sport und Bewegung")
    MUSIC = "musik", _("Musik und Gesang")
    CULTURE = "kultur", _("Kultur, Theater und Kunst")
    NATURE = "natur", _("Natur, Garten und Umwelt")
    SOCIAL = "soziales", _("Soziales und Nachbarschaftshilfe")
    CHILDREN = "kinder", _("Kinder und Jugend")
    SENIORS = "senioren", _("Ältere Menschen begleiten")
    RESCUE = "feuerwehr", _("Feuerwehr und Rettungsdienst")
    CRAFT = "handwerk", _("Handwerk und Reparieren")
    DIGITAL = "digital", _("Digitales und Technik")
    HISTORY = "heimat", _("Heimat und Geschichte")
    FAITH = "kirche", _("Kirchengemeinde und Glaube")
    POLITICS = "politik", _("Kommunalpolitik und Beteiligung")
    LANGUAGE = "sprache", _("Sprache und Integration")
    COOKING = "kochen", _("Kochen und Feste")


class Timeframe(models.TextChoices):
    """When the person plans to come; `months` is the earliest month offset used for matching."""

    NOW = "0-3", _("in den nächsten 3 Monaten")
    SOON = "3-6", _("in 3 bis 6 Monaten")
    YEAR = "6-12", _("in 6 bis 12 Monaten")
    LATER = "12+", _("in mehr als einem Jahr")
    OPEN = "offen", _("noch offen")


TIMEFRAME_MONTHS = {"0-3": 0, "3-6": 3, "6-12": 6, "12+": 12, "offen": 0}


class Origin(models.TextChoices):
    """Where the person lives now (Land or abroad): the origin region of the statistics."""

    BW = "08", "Baden-Württemberg"
    BY = "09", "Bayern"
    BE = "11", "Berlin"
    BB = "12", "Brandenburg"
    HB = "04", "Bremen"
    HH = "02", "Hamburg"
    HE = "06", "Hessen"
    MV = "13", "Mecklenburg-Vorpommern"
    NI = "03", "Niedersachsen"
    NW = "05", "Nordrhein-Westfalen"
    RP = "07", "Rheinland-Pfalz"
    SL = "10", "Saarland"
    SN = "14", "Sachsen"
    ST = "15", "Sachsen-Anhalt"
    SH = "01", "Schleswig-Holstein"
    TH = "16", "Thüringen"
    ABROAD = "ausland", pgettext_lazy("origin", "Ausland")


# The shared life phases (core/taxonomy.py) with literal labels so gettext can extract them;
# a test checks that keys and German labels equal the taxonomy's.
_PHASE_LABELS = {
    "junge-familie": _("Junge Familien"),
    "nach-ausbildung": _("Nach Ausbildung oder Studium"),
    "fachkraft": _("Fachkräfte"),
    "digitale-nomaden": _("Remote-Arbeitende und digitale Nomad:innen"),
    "ruhestand": _("Menschen im Ruhestand"),
    "jugend": _("Jugendliche"),
    "zuwanderung": _("Neu Zugewanderte"),
}
LIFE_PHASE_CHOICES = [(term.key, _PHASE_LABELS.get(term.key, term.label)) for term in LIFE_PHASES]


def life_phase_label(key: str) -> str:
    return str(dict(LIFE_PHASE_CHOICES).get(key, key))


# What each life phase gets first on its path through the portal (offer kinds, in order).
PHASE_PATHS: dict[str, tuple[str, ...]] = {
    "junge-familie": (
        OfferKind.KITA,
        OfferKind.SCHOOL,
        OfferKind.HOUSE,
        OfferKind.FLAT,
        OfferKind.PLOT,
        OfferKind.JOB,
    ),
    "nach-ausbildung": (OfferKind.JOB, OfferKind.APPRENTICESHIP, OfferKind.FLAT, OfferKind.COWORKING),
    "fachkraft": (OfferKind.JOB, OfferKind.FLAT, OfferKind.HOUSE, OfferKind.KITA),
    "digitale-nomaden": (OfferKind.COWORKING, OfferKind.TRIAL, OfferKind.FLAT),
    "ruhestand": (OfferKind.FLAT, OfferKind.HOUSE, OfferKind.TRIAL),
    "jugend": (OfferKind.APPRENTICESHIP, OfferKind.JOB, OfferKind.FLAT),
    "zuwanderung": (OfferKind.JOB, OfferKind.FLAT, OfferKind.KITA, OfferKind.SCHOOL),
}
