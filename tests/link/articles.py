"""Small German and English articles of our own, written for the link tests.

Each names its role in the tests: an original report, a repost of it with other debris, another
headline and a cut ending, its English translation under another headline, an independent report
of the same event, a later meeting of the same people, and two wire stories sharing a lead.
"""

from __future__ import annotations

PARIS_LEAD = (
    "Bundeskanzler Olaf Scholz und der französische Präsident Emmanuel Macron haben sich am Montag in "
    "Paris getroffen, um über die gemeinsame Verteidigungspolitik der Europäischen Union zu beraten."
)
PARIS_BODY = [
    "Das Gespräch im Élysée-Palast dauerte nach Angaben beider Regierungen rund drei Stunden. Im "
    "Mittelpunkt standen die Finanzierung von Munition für die Ukraine und ein gemeinsames "
    "Luftverteidigungssystem, an dem sich bisher 17 Staaten beteiligen wollen.",
    "„Wir sind uns einig, dass Europa mehr für seine eigene Sicherheit tun muss“, sagte Scholz nach dem "
    "Treffen. Macron sprach von einem „sehr offenen und freundschaftlichen Austausch“ und kündigte an, "
    "die Rüstungsausgaben Frankreichs bis 2030 auf 413 Milliarden Euro zu erhöhen.",
    "Beide Politiker vereinbarten, sich im Sommer erneut zu treffen. Zuvor hatte es zwischen Berlin und "
    "Paris Streit über die Lieferung von Marschflugkörpern gegeben, der nun beigelegt sein soll.",
    "Die Opposition in Berlin kritisierte, der Kanzler habe keine konkreten Zusagen mitgebracht. Der "
    "CDU-Politiker Johann Wadephul sagte, die Bundesregierung bleibe hinter ihren Versprechen zurück.",
]

ORIGINAL = {
    "id": "paris-original",
    "title": "Scholz und Macron beraten in Paris über Verteidigung",
    "published": "2024-03-04",
    "outlet": "Tagesschau",
    "language": "de",
    "text": "\n\n".join([PARIS_LEAD, *PARIS_BODY]),
}

# The same article on another site: its own headline, a promo line, and the last paragraph cut.
REPOST = {
    "id": "paris-repost",
    "title": "Treffen im Élysée: Kanzler bei Macron",
    "published": "2024-03-05",
    "outlet": "Nachrichtenportal Süd",
    "language": "de",
    "text": "\n\n".join(
        [PARIS_LEAD, PARIS_BODY[0], "Lesen Sie auch: Die besten Rezepte für den Frühling", *PARIS_BODY[1:3]]
    ),
}

# The English translation, under a headline of its own.
TRANSLATION = {
    "id": "paris-english",
    "title": "European defence tops the agenda as German chancellor visits Élysée",
    "published": "2024-03-04",
    "outlet": "repost",
    "language": "en",
    "text": "\n\n".join(
        [
            "German Chancellor Olaf Scholz and French President Emmanuel Macron met in Paris on Monday to "
            "discuss the common defence policy of the European Union.",
            "According to both governments, the talks at the Élysée Palace lasted around three hours. The "
            "focus was on financing ammunition for Ukraine and a joint air defence system in which 17 "
            "countries have so far wanted to take part.",
            '"We agree that Europe must do more for its own security," Scholz said after the meeting. '
            'Macron spoke of a "very open and friendly exchange" and announced that France would raise '
            "its defence spending to 413 billion euros by 2030.",
            "The two politicians agreed to meet again in the summer. Previously, there had been a dispute "
            "between Berlin and Paris over the delivery of cruise missiles, which is now said to have been "
            "resolved.",
            "The opposition in Berlin criticised that the chancellor had not brought back any concrete "
            "commitments. CDU politician Johann Wadephul said the federal government was falling short of "
            "its promises.",
        ]
    ),
}

# The same event told by another outlet in its own words.
OTHER_REPORT = {
    "id": "paris-other-report",
    "title": "Kanzler in Paris: Einigkeit bei Munition, Streit um Taurus beigelegt",
    "published": "2024-03-05",
    "outlet": "Rheinische Zeitung",
    "language": "de",
    "text": "\n\n".join(
        [
            "Olaf Scholz ist am Montag zu Gesprächen mit Emmanuel Macron nach Paris gereist. Im "
            "Élysée-Palast ging es vor allem um die europäische Verteidigung und die Unterstützung der "
            "Ukraine mit Munition.",
            "Der Kanzler sagte im Anschluss, Europa müsse mehr für seine eigene Sicherheit tun. Frankreichs "
            "Präsident lobte den freundschaftlichen Ton des Treffens. Über die Lieferung von "
            "Marschflugkörpern hatten beide Regierungen zuvor wochenlang gestritten.",
            "Deutschland und Frankreich wollen außerdem ein gemeinsames System zur Luftverteidigung "
            "voranbringen. Scholz und Macron wollen im Sommer erneut zusammenkommen.",
        ]
    ),
}

# The same people, another event: their next meeting, in Berlin, weeks later.
LATER_MEETING = {
    "id": "berlin-meeting",
    "title": "Macron in Berlin: Scholz und Macron verständigen sich auf Agrarreform",
    "published": "2024-06-18",
    "outlet": "Tagesschau",
    "language": "de",
    "text": "\n\n".join(
        [
            "Der französische Präsident Emmanuel Macron ist am Dienstag zu einem Besuch in Berlin "
            "eingetroffen. Mit Bundeskanzler Olaf Scholz sprach er im Kanzleramt über die Reform der "
            "europäischen Agrarpolitik und über Subventionen für Landwirte.",
            "„Unsere Bauern brauchen Planungssicherheit“, sagte Macron nach dem Treffen. Scholz kündigte "
            "an, Deutschland werde einen gemeinsamen Vorschlag für den nächsten EU-Gipfel vorlegen.",
            "Bauernverbände in beiden Ländern hatten in den vergangenen Monaten gegen die Kürzung von "
            "Dieselsubventionen protestiert. Der Deutsche Bauernverband begrüßte das Treffen vorsichtig.",
        ]
    ),
}

STRIKE_LEAD = (
    "Berlin (dpa) – Die Lokführergewerkschaft GDL hat für Mittwoch einen bundesweiten Streik im "
    "Personenverkehr der Deutschen Bahn angekündigt. Der Ausstand soll um 2 Uhr beginnen und 24 Stunden "
    "dauern, teilte die Gewerkschaft am Dienstagabend mit."
)
# Two wire stories of one agency that share their lead and nothing else.
STRIKE_TRAVEL = {
    "id": "strike-travel",
    "title": "Bahnstreik am Mittwoch: Was Reisende jetzt wissen müssen",
    "published": "2024-03-05",
    "outlet": "Stadtanzeiger",
    "language": "de",
    "text": "\n\n".join(
        [
            STRIKE_LEAD,
            "Fahrgäste, die ihre Reise wegen des Streiks verschieben wollen, können ihr Ticket nach Angaben "
            "der Bahn flexibel nutzen. Die Zugbindung ist aufgehoben, Sitzplatzreservierungen können "
            "kostenfrei storniert werden.",
            "Im Fernverkehr will die Bahn einen Notfahrplan anbieten, der etwa ein Fünftel der üblichen "
            "Verbindungen abdeckt. Reisende sollten sich vor der Fahrt in der App informieren und mehr Zeit "
            "einplanen, hieß es.",
        ]
    ),
}
STRIKE_TALKS = {
    "id": "strike-talks",
    "title": "GDL und Bahn: Tarifverhandlungen gescheitert",
    "published": "2024-03-05",
    "outlet": "Morgenpost Nord",
    "language": "de",
    "text": "\n\n".join(
        [
            STRIKE_LEAD,
            "Zuvor waren die Tarifverhandlungen zwischen der GDL und dem Konzern erneut ohne Ergebnis "
            "abgebrochen worden. Die Gewerkschaft fordert eine Absenkung der Wochenarbeitszeit auf 35 "
            "Stunden bei vollem Lohnausgleich.",
            "Bahn-Personalvorstand Martin Seiler nannte den Streik unverhältnismäßig. Das Unternehmen habe "
            "ein Angebot vorgelegt, das deutlich über dem Abschluss anderer Gewerkschaften liege.",
        ]
    ),
}

ALL = [ORIGINAL, REPOST, TRANSLATION, OTHER_REPORT, LATER_MEETING, STRIKE_TRAVEL, STRIKE_TALKS]
