"""The Praxisbeispiele that the project's source documents describe — only what they state.

Every record cites its source document (and the passage) in `source`. Texts paraphrase the seeds closely;
no figure, date, cost or contact is added that the seeds do not give (unknown = left empty).
Places are official regions: a Gemeinde by AGS, a Kreis or Land by ARS, or none (bundesweit).
Public information, so `leuchtfeuer load-examples` may load them in production too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Sources as readers know them; they show on the example pages (never internal file names).
# Internally: S000 = seeds/000_b23d8ffcce1f7b06.txt, S002 = seeds/002_fb70a6f6ea439e89.txt,
# S004 = seeds/004_0a8dabf6f8912365.txt.
S000 = "Starke Orte Netzwerk: „Wie kleine Kommunen attraktiv bleiben und werden“"
S002 = "Bericht „Kleinstädte (re-)aktivieren und gemeinsam gestalten“, Veranstaltung vom 26. November 2025"
S004 = "Thünen-Institut für Regionalentwicklung: „Resiliente Kleinstädte“, 2025"


@dataclass(frozen=True)
class SeedExample:
    slug: str
    title: str
    region_key: str | None  # AGS (Gemeinde) or ARS (Kreis, Land); None = no place
    place_label: str
    summary: str
    description: str
    source: str
    phase: str = "laufend"
    success_factors: str = ""
    obstacles: str = ""
    funding: str = ""
    costs: str = ""
    cost_range: str = "unbekannt"
    period_start: int | None = None
    handlungsfelder: tuple[str, ...] = ()
    zielgruppen: tuple[str, ...] = ()
    herausforderungen: tuple[str, ...] = ()
    pfeiler: tuple[str, ...] = ()
    links: tuple[dict, ...] = field(default_factory=tuple)


SEED_EXAMPLES: tuple[SeedExample, ...] = (
    SeedExample(
        slug="heeme-fehlste-spremberg",
        title="„Heeme Fehlste“ – Rückkehrkampagne",
        region_key="12071372",
        place_label="Spremberg, Brandenburg",
        summary="Eine Rückkehrkampagne mit emotionalem Storytelling: Spremberg ist Heimat – und Rückkehrende "
        "werden bei Jobsuche, Wohnraum und Kinderbetreuung aktiv begleitet.",
        description=(
            "Eine Rückkehrkampagne mit emotionalem Storytelling und viel Herzblut. Persönliche Geschichten, "
            "Plakatkampagnen und Videoclips zeigen: Spremberg ist Heimat. Rückkehrende werden aktiv begleitet – "
            "bei Jobsuche, Wohnraum und Kinderbetreuung. Zum Service gehören auch eine Willkommensbox und "
            "diverse Angebote für Begegnung. Die Initiative konnte so gezielt Fachkräfte gewinnen, darunter "
            "auch fünf Ärzt:innen.\n\n"
            "Eine Rückkehrerin aus dem Projekt: „Zurückkommen ist kein Scheitern – es ist eine Entscheidung für "
            "das, was wirklich zählt.“"
        ),
        success_factors="Getragen von einem starken Netzwerk aus Verwaltung, Wirtschaft und Kultur; persönliche "
        "Geschichten statt reiner Imagewerbung; aktive Begleitung der Rückkehrenden.",
        funding="Gefördert über das Programm „STARK“.",
        source=S000 + ", Abschnitt Praxisbeispiele.",
        handlungsfelder=("rueckkehr", "identitaet", "willkommen", "arbeit", "wohnen", "kinderbetreuung"),
        zielgruppen=("fachkraft", "junge-familie"),
        herausforderungen=("demografie", "gesundheit"),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="einfach-ankommen-bad-berleburg",
        title="„Einfach Ankommen“ – Stabsstelle für Rückkehr und Zuzug",
        region_key="05970004",
        place_label="Bad Berleburg, Nordrhein-Westfalen",
        summary="Eine eigene Stabsstelle für Rückkehr und Zuzug als zentrale Anlaufstelle: individuelle "
        "Begleitung von der Wohnraumsuche über Kitaplätze bis zum beruflichen Anschluss.",
        description=(
            "Die Stadt Bad Berleburg betreibt über einen Jugendverein eine eigene Stabsstelle für Rückkehr und "
            "Zuzug. Diese fungiert als zentrale Anlaufstelle und bietet individuelle Begleitung – von der "
            "Wohnraumsuche über Kitaplätze bis zum beruflichen Anschluss. Die Stabsstelle fungiert als Lotsin in "
            "alle Lebensbereiche und arbeitet eng mit Unternehmen und Institutionen zusammen. Besonders "
            "hervorzuheben sind innovative Ansätze wie der Erhebungsbogen, Azubi-WGs und generationenübergreifendes "
            "Home-Sharing."
        ),
        success_factors="Eine Stelle als Lotsin in alle Lebensbereiche; enge Zusammenarbeit mit Unternehmen und "
        "Institutionen; Erhebungsbogen, Azubi-WGs, generationenübergreifendes Home-Sharing.",
        funding="Eingebettet in ein regionales LEADER-Projekt.",
        source=S000
        + ", Abschnitt Praxisbeispiele (im Seed „Jungendverein“, hier berichtigt zu „Jugendverein“).",
        handlungsfelder=("rueckkehr", "willkommen", "wohnen", "kinderbetreuung", "arbeit", "generationen"),
        zielgruppen=("junge-familie", "nach-ausbildung", "fachkraft"),
        herausforderungen=("demografie", "wohnen", "bildung"),
        pfeiler=("selbstgestaltung",),
    ),
    SeedExample(
        slug="stadt-der-zukunft-auf-probe-goerlitz",
        title="„Stadt der Zukunft auf Probe“ – Probewohnen in Görlitz",
        region_key="14626110",
        place_label="Görlitz, Sachsen",
        summary="Potenzielle Rückkehrer:innen und Neuzuziehende wohnen einen Monat lang kostenfrei zur Probe "
        "in Görlitz – begleitet von Stadtführungen, Arbeitgeberkontakten und Freizeitangeboten.",
        description=(
            "In Görlitz können potenzielle Rückkehrer:innen und Neuzuziehende einen Monat lang kostenfrei zur "
            "Probe wohnen und das Leben vor Ort kennenlernen (Probewohnen). Begleitend dazu gibt es "
            "Stadtführungen, Arbeitgeberkontakte und Freizeitangebote. Das Projekt schafft eine realistische "
            "Entscheidungsgrundlage – mit guter Erfolgsquote – und wird wissenschaftlich begleitet."
        ),
        success_factors="Eine realistische Entscheidungsgrundlage durch Erleben vor Ort; Begleitprogramm mit "
        "Stadtführungen, Arbeitgeberkontakten und Freizeitangeboten; wissenschaftliche Begleitung.",
        costs="Für die Teilnehmenden kostenfrei.",
        source=S000 + ", Abschnitt Praxisbeispiele (Bildunterschrift „Probewohnen in Görlitz“, Foto: IÖR).",
        handlungsfelder=("rueckkehr", "wohnen", "willkommen", "arbeit"),
        zielgruppen=("fachkraft", "digitale-nomaden", "junge-familie"),
        herausforderungen=("demografie", "wohnen"),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="dein-jahr-in-loitz",
        title="„Dein Jahr in Loitz“",
        region_key="13075082",
        place_label="Loitz, Mecklenburg-Vorpommern",
        summary="Junge Erwachsene wohnen ein Jahr lang in Loitz und engagieren sich in der Aktivierung eines "
        "leerstehenden Gebäudes – mit kostenlosem Wohnraum, kleinem Gehalt und Begleitung.",
        description=(
            "Das Modellprojekt lud junge Erwachsene ein, ein Jahr lang in Loitz zu wohnen und sich in der "
            "Aktivierung eines leerstehenden Gebäudes zu engagieren. Neben kostenlosem Wohnraum und einem kleinen "
            "Gehalt erhalten sie kreative Freiräume und individuelle Begleitung. Das Projekt hat sich verstetigt "
            "und stärkt die Sichtbarkeit der Region auch überregional."
        ),
        phase="etabliert",
        success_factors="Kostenloser Wohnraum, ein kleines Gehalt, kreative Freiräume und individuelle Begleitung; "
        "ein konkreter Ort (leerstehendes Gebäude) als gemeinsame Aufgabe.",
        source=S000 + ", Abschnitt Praxisbeispiele.",
        handlungsfelder=("wohnen", "jugend", "identitaet", "beteiligung"),
        zielgruppen=("jugend", "nach-ausbildung"),
        herausforderungen=("innenstadt", "demografie"),
        pfeiler=("selbstgestaltung", "innovation", "jugend"),
    ),
    SeedExample(
        slug="heimvorteil-hsk",
        title="„Heimvorteil HSK“ – Rückkehrportal",
        region_key="05958",
        place_label="Hochsauerlandkreis, Nordrhein-Westfalen",
        summary="Ein professionell gestaltetes Rückkehrportal mit persönlicher Beratung, Jobbörse und "
        "Rückkehrer-Geschichten, betrieben von der Kreisverwaltung mit der Wirtschaftsförderung.",
        description=(
            "Ein professionell gestaltetes Rückkehrportal mit persönlicher Beratung, Jobbörse und "
            "Rückkehrer-Geschichten (Karrierenetzwerk im Sauerland). Die Plattform verknüpft Informationen mit "
            "echten Gesichtern und wird durch die Kreisverwaltung in Kooperation mit der Wirtschaftsförderung "
            "betrieben.\n\n"
            "Aus dem Netzwerk „Heimvorteil HSK“: „Ländliche Orte brauchen keine Leuchtturmprojekte – sie brauchen "
            "Leuchtfeuer, die Orientierung geben.“"
        ),
        success_factors="Informationen mit echten Gesichtern verknüpft; persönliche Beratung zusätzlich zum "
        "Portal; Kooperation von Kreisverwaltung und Wirtschaftsförderung.",
        source=S000 + ", Abschnitt Praxisbeispiele und Zitat am Anfang.",
        handlungsfelder=("rueckkehr", "arbeit", "digital"),
        zielgruppen=("fachkraft", "nach-ausbildung"),
        herausforderungen=("demografie",),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="elblandwerker-prignitz",
        title="„Elblandwerker“ – Netzwerk, Coworking und Probewohnen",
        region_key="12070424",
        place_label="Wittenberge, Prignitz (Brandenburg)",
        summary="Ein Netzwerkprojekt für Rückkehrer:innen, Kommunen, Unternehmen und Bürger:innen in der "
        "Prignitz – mit Coworking Space, Probewohnen und dem Stadtsalon Safari.",
        description=(
            "Die Elblandwerker sind ein Netzwerkprojekt, das Rückkehrer:innen, Kommunen, regionale Unternehmen "
            "und engagierte Bürger:innen zusammenbringt. Es entstand als Folgeprojekt des „Summer of Pioneers“ "
            "in Wittenberge. Die Elblandwerker helfen Interessierten dabei, sich in der Prignitz niederzulassen, "
            "bieten Vernetzungsmöglichkeiten und betreiben einen Coworking Space. In Kooperation mit der "
            "Wohnungsbaugesellschaft der Stadt Wittenberge bieten sie Probewohnen an, bei dem Interessierte das "
            "Leben in der Prignitz für eine Woche oder mehrere Monate testen können. Sie organisieren kulturelle "
            "Veranstaltungen (z. B. PerleBÄm – Festival für Straßenkunst in Perleberg) und bieten mit dem "
            "Stadtsalon Safari einen Raum für Begegnungen und kulturellen Austausch."
        ),
        success_factors="Hervorgegangen aus dem Summer of Pioneers; Kooperation mit der städtischen "
        "Wohnungsbaugesellschaft; Coworking und Kultur als Orte der Begegnung.",
        source=S000 + ", Abschnitt Praxisbeispiele (Bildunterschrift: PerleBÄm, Foto: elblandwerker).",
        handlungsfelder=("rueckkehr", "wohnen", "arbeit", "willkommen", "identitaet"),
        zielgruppen=("digitale-nomaden", "fachkraft"),
        herausforderungen=("demografie", "wohnen", "innenstadt"),
        pfeiler=("innovation", "selbstgestaltung"),
    ),
    SeedExample(
        slug="freiraum-fuer-macherinnen-wunsiedel",
        title="„Freiraum für Macher:innen“ – Kampagne im Fichtelgebirge",
        region_key="09479",
        place_label="Landkreis Wunsiedel i. Fichtelgebirge, Bayern",
        summary="Der Landkreis Wunsiedel wirbt mit einer kreativen Kampagne und Imagefilmen gezielt um "
        "Macher:innen, Kreative und Sozialunternehmer:innen – mit einem breiten Unterstützungsangebot.",
        description=(
            "Der Landkreis Wunsiedel in Nordbayern, eine Transferregion des Starke Orte Netzwerks, wirbt mit einer "
            "sehr kreativen Kampagne und Imagefilmen ganz gezielt für engagierte Macher:innen, Kreative und "
            "innovative Sozialunternehmer:innen. Dahinter steht ein breites Unterstützungsangebot von Podcast "
            "und Gründungsberatung, Bauberatung und Immobilienbörse bis Marketing."
        ),
        success_factors="Gezielte Ansprache einer Zielgruppe (Macher:innen, Kreative, Sozialunternehmer:innen) "
        "und ein Unterstützungsangebot hinter der Kampagne.",
        source=S000 + ", Abschnitt Praxisbeispiele („Hier gibts Freiraum“).",
        handlungsfelder=("arbeit", "identitaet", "willkommen", "wohnen"),
        zielgruppen=("digitale-nomaden", "fachkraft"),
        herausforderungen=("demografie", "innenstadt"),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="summer-of-pioneers-herzberg-elster",
        title="Summer of Pioneers in Herzberg (Elster)",
        region_key="12062224",
        place_label="Herzberg (Elster), Brandenburg",
        summary="Der „Summer of Pioneers“ fand auch in Herzberg (Elster) statt – ein Format, das nach dem "
        "Starke Orte Netzwerk echte Begegnung und Sichtbarkeit schafft.",
        description=(
            "Das Starke Orte Netzwerk zeigt den „Summer of Pioneers in Herzberg (Elster)“ und zählt Projekte wie "
            "„PopUp Prignitz“, den „Summer of Pioneers“, Wohnen auf Probe oder temporäre Kulturorte zu denen, "
            "die echte Begegnung und Sichtbarkeit schaffen. Nähere Angaben (Zeitraum, Teilnehmende, Kosten) "
            "enthält die Quelle nicht."
        ),
        source=S000
        + ", Bildunterschrift „Summer of Pioneers in Herzberg(Elster)“ und „Zentrale Erkenntnisse“.",
        handlungsfelder=("wohnen", "arbeit", "willkommen"),
        zielgruppen=("digitale-nomaden",),
        herausforderungen=("demografie",),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="summer-of-pioneers-wittenberge",
        title="Summer of Pioneers in Wittenberge",
        region_key="12070424",
        place_label="Wittenberge, Brandenburg",
        summary="Aus dem „Summer of Pioneers“ in Wittenberge ging das Netzwerkprojekt „Elblandwerker“ hervor.",
        description=(
            "In Wittenberge fand ein „Summer of Pioneers“ statt; als Folgeprojekt entstanden die Elblandwerker, "
            "die Rückkehrer:innen, Kommunen, Unternehmen und Bürger:innen zusammenbringen, einen Coworking Space "
            "betreiben und Probewohnen anbieten. Nach dem Starke Orte Netzwerk schaffen Formate wie der "
            "„Summer of Pioneers“ echte Begegnung und Sichtbarkeit."
        ),
        phase="beendet",
        source=S000 + ", Abschnitt „Elblandwerker“ und „Zentrale Erkenntnisse“.",
        handlungsfelder=("wohnen", "arbeit", "willkommen"),
        zielgruppen=("digitale-nomaden",),
        herausforderungen=("demografie",),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="popup-prignitz",
        title="„PopUp Prignitz“",
        region_key="12070",
        place_label="Landkreis Prignitz, Brandenburg",
        summary="Ein Projekt, das nach dem Starke Orte Netzwerk echte Begegnung und Sichtbarkeit schafft.",
        description=(
            "Das Starke Orte Netzwerk nennt „PopUp Prignitz“ unter den Projekten, die – wie der „Summer of "
            "Pioneers“, Wohnen auf Probe oder temporäre Kulturorte – echte Begegnung und Sichtbarkeit schaffen. "
            "Weitere Angaben enthält die Quelle nicht."
        ),
        source=S000 + ", „Zentrale Erkenntnisse“.",
        handlungsfelder=("identitaet", "willkommen"),
        herausforderungen=("innenstadt",),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="westbahnhof-herzberg-elster",
        title="Westbahnhof Herzberg (Elster)",
        region_key="12062224",
        place_label="Herzberg (Elster), Brandenburg",
        summary="Durch lokales Engagement, Mut, Pragmatismus und Kooperationen bekommt der Westbahnhof neues "
        "Leben – mit der Stadtverwaltung als aktiver Partnerin und Mitgestalterin.",
        description=(
            "Die Stadt Herzberg (Elster) setzt niedrigschwellige Formate und Projekte um, um insbesondere Menschen "
            "zu erreichen, die sich sonst nicht einbringen würden: Gemeinwohl beginnt mit kleinen Schritten und "
            "den Menschen vor Ort. Das Beispiel des Westbahnhofs zeigt, wie durch lokales Engagement, Mut, "
            "Pragmatismus und Kooperationen Räume in Kleinstädten mit negativen Prognosen neues Leben erhalten und "
            "zu Keimzellen des Gemeinwohls werden – mit der Stadtverwaltung als aktiver Partnerin und "
            "Mitgestalterin. Vorgestellt von der Fachbereichsleiterin und Stellvertreterin des Bürgermeisters."
        ),
        success_factors="Lokales Engagement, Mut, Pragmatismus und Kooperationen; die Stadtverwaltung als aktive "
        "Partnerin; niedrigschwellige Formate.",
        source=S002 + ", Vortrag aus Herzberg (Elster).",
        handlungsfelder=("beteiligung", "identitaet", "teilhabe"),
        herausforderungen=("innenstadt", "polarisierung"),
        pfeiler=("selbstgestaltung",),
    ),
    SeedExample(
        slug="zwanzigtausend-stadt-als-campus",
        title="„Zwanzigtausend“ und „Stadt als Campus“",
        region_key="15",
        place_label="Sachsen-Anhalt (Landesinitiative)",
        summary="Die Landesinitiative „Zwanzigtausend“ macht Stadtmachen-Initiativen sichtbar und vernetzt junge "
        "und erfahrene Stadtakteure – im Sinne einer „Stadt als Campus“.",
        description=(
            "Die Initiativen „Stadt als Campus“ und die Landesinitiative „Zwanzigtausend“ betonen die Potenziale "
            "junger Menschen und Bildungseinrichtungen als aktive Mitgestalter:innen der Kleinstadtentwicklung. "
            "„Zwanzigtausend“ verfolgt das Ziel, Stadtmachen-Initiativen sichtbar zu machen, junge und erfahrene "
            "Stadtakteure miteinander zu vernetzen und Projekte im Sinne einer „Stadt als Campus“ "
            "weiterzuentwickeln. Die Initiative führt den Austausch zur Aktivierung der jungen Generation weiter. "
            "Beispiele, wie Hochschulen Impulse geben: das COI in Bernburg und das Café Lumaz in Wernigerode."
        ),
        success_factors="Hochschulen und junge Menschen als Mitgestalter:innen; Sichtbarkeit und Vernetzung von "
        "Stadtmachen-Initiativen.",
        source=S002 + ", Beitrag von „Stadt als Campus“ / „Zwanzigtausend“ und Ausblick.",
        handlungsfelder=("jugend", "beteiligung", "generationen"),
        zielgruppen=("jugend", "nach-ausbildung"),
        herausforderungen=("innenstadt", "demografie"),
        pfeiler=("jugend", "innovation"),
    ),
    SeedExample(
        slug="coi-bernburg",
        title="COI – Coworking- und Eventspace der Hochschule Anhalt",
        region_key="15089030",
        place_label="Bernburg (Saale), Sachsen-Anhalt",
        summary="Hochschule, ehrenamtliche Initiative und städtische Wohnungsbaugesellschaft beleben einen "
        "Leerstand in der Innenstadt als Coworking- und Eventspace.",
        description=(
            "In Bernburg entstand mit dem COI ein Coworking- und Eventspace der Hochschule Anhalt. Die "
            "Partnerschaft zwischen Hochschule, der ehrenamtlichen Initiative COI und der städtischen "
            "Wohnungsbaugesellschaft machte es möglich, einen Leerstand in der Innenstadt zu beleben und so die "
            "räumliche Distanz zwischen Campus und Stadtzentrum zu überbrücken."
        ),
        success_factors="Partnerschaft von Hochschule, Ehrenamt und städtischer Wohnungsbaugesellschaft.",
        source=S002 + ", Beitrag „Stadt als Campus“ / „Zwanzigtausend“.",
        handlungsfelder=("arbeit", "jugend", "wohnen"),
        zielgruppen=("jugend", "nach-ausbildung", "digitale-nomaden"),
        herausforderungen=("innenstadt",),
        pfeiler=("innovation", "selbstgestaltung"),
    ),
    SeedExample(
        slug="cafe-lumaz-wernigerode",
        title="Café Lumaz",
        region_key="15085370",
        place_label="Wernigerode, Sachsen-Anhalt",
        summary="Von Absolvent:innen der Hochschule Harz gegründet: Gastronomie mit Subkultur und kostenfreien "
        "Angeboten; ein weiterer Dritter Ort ist in Arbeit.",
        description=(
            "In Wernigerode im Harz verbindet das Café Lumaz, gegründet von Absolvent:innen der Hochschule Harz, "
            "Gastronomie mit Subkultur und kostenfreien Angeboten. In Zusammenarbeit mit der Hochschule, örtlichen "
            "Unternehmen und der städtischen Wirtschaftsförderung wird daran gearbeitet, einen weiteren, neuen "
            "Dritten Ort in Wernigerode zu schaffen."
        ),
        success_factors="Gründung durch Absolvent:innen; Zusammenarbeit mit Hochschule, Unternehmen und "
        "Wirtschaftsförderung.",
        source=S002 + ", Beitrag „Stadt als Campus“ / „Zwanzigtausend“.",
        handlungsfelder=("jugend", "identitaet", "arbeit"),
        zielgruppen=("nach-ausbildung", "jugend"),
        herausforderungen=("innenstadt",),
        pfeiler=("jugend", "innovation"),
    ),
    SeedExample(
        slug="mikrofoerderung-stiftung-baukultur-thueringen",
        title="Mikroförderung der Stiftung Baukultur Thüringen",
        region_key="16",
        place_label="Thüringen",
        summary="Unkomplizierte Impulsfinanzierung für lokale Baukultur: 2025 gingen 39 Anträge ein, zehn "
        "Projekte wurden mit insgesamt 10.000 Euro gefördert.",
        description=(
            "Mit der erstmals 2025 ausgelobten Mikroförderung setzt die Stiftung Baukultur Thüringen auf "
            "unkomplizierte Unterstützung lokaler und regionaler Baukultur-Aktivitäten. Das Programm stieß auf "
            "großes Interesse: 39 Anträge wurden eingereicht, zehn Projekte ausgewählt und mit insgesamt "
            "10.000 Euro gefördert. Dabei geht es nicht um große Summen, sondern um Impulsfinanzierung als Form der "
            "Wertschätzung, die lokales Engagement sichtbar macht und stärkt und zugleich Anstoß für größere "
            "Transformationsprozesse geben kann. Gefördert wurden u. a. eine Bauwerkstatt, Workshops, Erzählcafés "
            "sowie eine Ausstellung zum Lebens- und Arbeitsalltag in einer Gasmaschinenzentrale in Unterwellenborn."
        ),
        period_start=2025,
        costs="Insgesamt 10.000 Euro für zehn geförderte Projekte (2025).",
        cost_range="bis-10000",
        funding="Stiftung Baukultur Thüringen (Mikroförderung).",
        success_factors="Kleine Summen, einfaches Verfahren, Wertschätzung lokalen Engagements.",
        source=S002 + ", Beitrag der Stiftung Baukultur Thüringen.",
        handlungsfelder=("beteiligung", "identitaet"),
        herausforderungen=("verwaltung", "finanzen", "innenstadt"),
        pfeiler=("selbstgestaltung", "verwaltung"),
    ),
    SeedExample(
        slug="initialkapital-montag-stiftung",
        title="„Initialkapital“ der Montag Stiftung Urbane Räume",
        region_key=None,
        place_label="bundesweit (Montag Stiftung Urbane Räume)",
        summary="Brachliegende Immobilien in benachteiligten Stadtteilen sanieren und über Erbbaurecht und "
        "gemeinnützige Projektgesellschaften zu tragfähigen Orten machen; Überschüsse fließen in Gemeinwesenarbeit.",
        description=(
            "Mit der Initiative „Initialkapital“ verfolgt die Montag Stiftung Urbane Räume das Ziel, in "
            "benachteiligten Stadtteilen brachliegende Immobilien zu sanieren und durch langfristige "
            "Erbbaurechtsverträge sowie die Gründung gemeinnütziger Projektgesellschaften wirtschaftlich tragfähige "
            "Orte zu schaffen. Die erwirtschafteten Überschüsse fließen dauerhaft in lokale Gemeinwesenarbeit und "
            "fördern Teilhabe vor Ort. Dazu wurde die Plattform „Gemeinwohl bauen praktisch“ entwickelt, die "
            "kostenfrei erprobte Werkzeuge, Mustervorlagen und Methodenwissen aus der Projektarbeit nach dem "
            "Initialkapital-Prinzip zur Verfügung stellt."
        ),
        success_factors="Aktivierung regionaler Kompetenzen, vielfältige Kooperationen, professionelles "
        "Community-Management und langfristige Projekte (so die Praxiskoordinatorin der Stiftung).",
        source=S002 + ", Beitrag der Montag Stiftung Urbane Räume.",
        handlungsfelder=("wohnen", "teilhabe"),
        herausforderungen=("innenstadt", "wohnen", "finanzen"),
        pfeiler=("finanzen", "selbstgestaltung"),
    ),
    SeedExample(
        slug="jugendparlament-schmalkalden",
        title="JugendParlament Schmalkalden",
        region_key="16066063",
        place_label="Schmalkalden, Thüringen",
        summary="Ein Jugendparlament als Ort politischer Teilhabe – eine Jugendliche sagt: „Seit es das "
        "JugendParlament gibt, will ich nicht mehr weg aus Schmalkalden.“",
        description=(
            "In Schmalkalden gibt es ein JugendParlament. Eine Jugendliche, aktiv im JugendParlament und in der "
            "Lokalpresse, sagt: „Seit es das JugendParlament gibt, will ich nicht mehr weg aus Schmalkalden.“ "
            "Die Studie „Resiliente Kleinstädte“ folgert: Jugendliche brauchen Räume, in denen sie ihr politisches "
            "Interesse entwickeln und Selbstwirksamkeit erfahren können; Jugendparlamente, Jugendbudgets oder "
            "Jugendclubs brauchen feste Anbindung an kommunale Gremien, professionelle Begleitung und "
            "Langfristigkeit."
        ),
        success_factors="Laut Studie: feste Anbindung an kommunale Gremien, professionelle Begleitung, "
        "Langfristigkeit.",
        source=S004 + ", Pfeiler „Jugend als Zukunftsressource anerkennen“.",
        handlungsfelder=("jugend", "beteiligung"),
        zielgruppen=("jugend",),
        herausforderungen=("demografie", "polarisierung"),
        pfeiler=("jugend", "selbstgestaltung"),
    ),
    SeedExample(
        slug="sparkasse-wird-kulturzentrum-malchin",
        title="Kauf und Umbau der Sparkasse für Bibliothek, Touristinformation und Museum",
        region_key="13071092",
        place_label="Malchin, Mecklenburg-Vorpommern",
        summary="Malchin kauft und baut die Sparkasse um: Stadtbibliothek, Touristinformation und Museum sollen "
        "dort einziehen – ein Anziehungspunkt im Stadtzentrum.",
        description=(
            "Der Bürgermeister von Malchin beschreibt Infrastruktur nicht nur als Straßen, Wege, Plätze oder den "
            "Stadtpark, sondern auch als Projekte wie den Kauf und Umbau der Sparkasse, in die die Stadtbibliothek, "
            "die Touristinformation und das Museum einziehen sollen. Ziel ist ein attraktiver Anziehungspunkt im "
            "Stadtzentrum, damit die Leute in die Stadt kommen und dann vielleicht auch in den verbliebenen Läden "
            "einkaufen oder sich ins Café setzen."
        ),
        phase="laufend",
        obstacles="Bevölkerungsrückgang: je weniger Einwohner:innen, desto weniger Geld für Infrastruktur.",
        source=S004 + ", Zitat des Bürgermeisters von Malchin (Abschnitt Ausgangslage).",
        handlungsfelder=("identitaet", "teilhabe"),
        herausforderungen=("innenstadt", "finanzen", "demografie"),
        pfeiler=("finanzen",),
    ),
    SeedExample(
        slug="maerkische-allgemeine-prignitz-digital",
        title="Digitale Transformation des Lokaljournalismus (Märkische Allgemeine, Prignitz)",
        region_key="12070",
        place_label="Landkreis Prignitz, Brandenburg",
        summary="Die Märkische Allgemeine Zeitung in der Prignitz zeigt, dass Lokaljournalismus digital werden "
        "und seine demokratiestärkende Rolle erfüllen kann.",
        description=(
            "Die Studie „Resiliente Kleinstädte“ empfiehlt Transformationsbudgets für Lokalzeitungen, damit "
            "Redaktionen erhalten bleiben und über digitale Formate berichten (z. B. E-Paper, digitale Abos, "
            "On-Demand-Dienste, Social Media). Die Märkische Allgemeine Zeitung in der Prignitz zeigt, dass eine "
            "digitale Transformation möglich ist und Lokaljournalismus so seine demokratiestärkende Rolle "
            "erfüllen kann."
        ),
        source=S004
        + ", Pfeiler „Regionale Innovationskraft stärken“, Transformationsbudgets für Lokalzeitungen.",
        handlungsfelder=("digital", "identitaet"),
        herausforderungen=("polarisierung",),
        pfeiler=("innovation",),
    ),
    SeedExample(
        slug="frau-macht-demokratie",
        title="Mentoringprogramm „Frau.Macht.Demokratie.“",
        region_key=None,
        place_label="bundesweit",
        summary="Ein Mentoringprogramm, das die Studie als sinnvolles Werkzeug nennt, um das kommunalpolitische "
        "Ehrenamt attraktiver zu machen und Einzelakteur:innen zu stärken.",
        description=(
            "Kommunalpolitisches Engagement verdient Anerkennung. Die Studie „Resiliente Kleinstädte“ nennt "
            "Maßnahmen wie Rentenpunkte, Kinderbetreuung, Fortbildungen oder Mentoringprogramme wie "
            "„Frau.Macht.Demokratie.“ als sinnvolle Werkzeuge, um das kommunalpolitische Ehrenamt attraktiver zu "
            "machen und Einzelakteur:innen zu stärken."
        ),
        source=S004 + ", Pfeiler „Selbstgestaltungskräfte aktivieren“.",
        handlungsfelder=("beteiligung", "teilhabe"),
        herausforderungen=("polarisierung", "verwaltung"),
        pfeiler=("selbstgestaltung",),
    ),
)
