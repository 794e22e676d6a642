"""The rule tables of in-text debris: every pattern in one place, next to the kind it removes.

Web pages and wire copy carry pieces that are not part of the report: photo captions and credits,
links to other articles, app and newsletter promos, comment forms, CMS residue, cookie and paywall
notices, agency credits. `lagebild.clean` applies these tables; each pattern has a test sentence in
tests/test_clean.py. Patterns are matched case-insensitively against one stripped line (LINE_RULES)
or against the end of a paragraph (tails), never against running text, so a sentence of the
report that merely mentions "Foto" or "Newsletter" stays.
"""

from __future__ import annotations

import re

# A line longer than this is prose, whatever it starts with: debris lines are short.
MAX_DEBRIS_WORDS = 40
# A paragraph ending in a photo credit is a caption only up to this length (captions are 1-3 sentences).
MAX_CAPTION_WORDS = 80

_I = re.IGNORECASE

# Names of news agencies, normalised; the regex finds a name inside a credit.
AGENCIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, _I))
    for name, pattern in (
        ("AP", r"\bAP\b|\bAssociated Press\b"),
        ("dpa", r"\bdpa\b|\bDeutschen? Presse-Agentur\b"),
        ("Reuters", r"\bReuters\b"),
        ("AFP", r"\bAFP\b|\bAgence France-Presse\b"),
        ("APA", r"\bAPA\b|\bAustria Presse Agentur\b"),
        ("KNA", r"\bKNA\b|\bKatholischen? Nachrichten-Agentur\b"),
        ("epd", r"\bepd\b|\bEvangelischen? Pressedienst(?:es)?\b"),
        ("SID", r"\bSID\b|\bSport-Informations-Dienst(?:es)?\b"),
        ("SDA", r"\bSDA\b|\bSchweizerischen? Depeschenagentur\b"),
    )
)
_AGENCY = r"(?:dpa|afp|ap|reuters|apa|kna|epd|sid|sda|keystone-sda|associated press)"
# "(dpa)", "(dpa/AFP)", "(red/dpa)", "(mit Material von dpa)": a parenthesis that names only agencies
# and editor initials.
_AGENCY_PAREN = (
    rf"\((?:mit (?:material (?:von |der |des )?)?)?(?:[\w.]{{1,8}}\s*[/,;]\s*)*{_AGENCY}"
    rf"(?:\s*(?:[/,;]|und|and)\s*[\w.]{{1,8}})*\)"
)

# "dpa", "dpa und AFP", "der Nachrichtenagenturen dpa, AFP und Reuters".
_AGENCY_LIST = rf"(?:(?:nachrichten)?agentur(?:en)? )?(?:{_AGENCY}\b[\s,/;]*(?:und |and )?)+\.?"

# Photo credits in parentheses: "(AP Foto/Alex Brandon, Pool)", "(Foto: dpa)", "(AP Photo/Evan Vucci)",
# "(Pressestelle des ukrainischen Präsidenten via AP)", "(Getty Images)".
_CREDIT_PAREN = (
    r"\((?:[^()]{0,60}\b(?:fotos?|photos?|bild(?:er)?|images?|grafik)\b\s*[:/][^()]{0,80}"
    r"|[^()]{0,100}\bvia (?:ap|afp|reuters|dpa|getty images|imago|keystone|epa)\b[^()]{0,20}"
    r"|(?:getty images|picture[ -]alliance|imago|keystone|epa)\b[^()]{0,60})\)"
)
# A credit that stands on its own line: the parenthesised forms, "Foto: dpa",
# "Foto: picture alliance/dpa", "Bild: Keystone", "© dpa", "Getty Images".
_CREDIT_LINE = (
    _CREDIT_PAREN
    + r"|(?:fotos?|photos?|bild(?:er)?|images?|grafik|quelle foto)\s*:\s*[^.!?]{1,80}"
    + r"|(?:©|\(c\)|copyright\b)\s*[^!?]{1,80}"
    + r"|(?:getty images|picture[ -]alliance|imago(?: images)?|keystone|epa)(?:\s*[/|,]\s*[^.!?]{1,60})?"
)
CREDIT_LINE = re.compile(_CREDIT_LINE, _I)
# A credit closing a paragraph, after its last sentence: what makes a paragraph a caption.
CREDIT_TAIL = re.compile(
    r"(?:(?<=\S)\s*" + _CREDIT_PAREN + r"|(?<=[.!?\"“”»«])\s+(?:fotos?|photos?|bild)\s*:\s*[^.!?]{1,80})\s*$",
    _I,
)
# An agency credit closing a paragraph: "… sagte er. (dpa/AFP)".
AGENCY_TAIL = re.compile(r"(?<=\S)\s*" + _AGENCY_PAREN + r"\s*$", _I)

# A photo caption states when and where the picture was taken: "am Freitag, 21. Januar 2022, in Genf",
# "on Friday, Jan. 21, 2022". Used only to tell a repeated caption from a repeated body paragraph.
CAPTION_DATE = re.compile(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday),? (?:den )?(?:\d{1,2}\. ?\w+\.?|\w+\.? \d{1,2},) \d{4}\b",
    _I,
)

_RULES: tuple[tuple[str, str], ...] = (
    # Agency credits first: "Quelle: dpa" is a credit, not CMS residue.
    ("agency-credit", _AGENCY_PAREN),
    ("agency-credit", rf"(?:[\w.]{{1,8}}\s*/\s*)*{_AGENCY}(?:\s*/\s*[\w.]{{1,8}})*"),
    ("agency-credit", rf"(?:©|\(c\)|copyright\b)\s*:?\s*{_AGENCY}\b.{{0,80}}"),
    (
        "agency-credit",
        r".{0,100}\b(?:hat|haben) (?:zu )?diese[mn] (?:bericht|artikel|beitrag) beigetragen\.?",
    ),
    ("agency-credit", r".{0,100}\bcontributed (?:to )?(?:this |the )?(?:report|reporting|story|article)\.?"),
    ("agency-credit", rf"mit (?:material|informationen|agenturmaterial) (?:von |der |des )?{_AGENCY_LIST}"),
    ("agency-credit", rf"(?:quellen?|source|text|mitarbeit)\s*:\s*{_AGENCY_LIST}"),
    ("credit", _CREDIT_LINE),
    (
        "related-link",
        r"(?:mehr zum thema|lesen sie (?:auch|mehr|hier|dazu)|auch interessant|"
        r"das könnte sie (?:auch )?interessieren|weitere artikel|mehr dazu|zum thema|read more|read also|"
        r"also read|related|see also|more on this(?: story)?|you may also like|weiterführende links)"
        # a separator and the linked headline, or a lead-in ending in a colon
        r"(?:(?:\s*[:|»>]|\s+[-–—])\s*.*|\s+[^.!?]{0,80}:)?",
    ),
    ("promo", r"(?:klicken sie hier|click here|tap here)\b.*"),
    ("promo", r"(?:folgen sie|folge|folgst du(?: schon)?) (?:uns|\S+(?: \S+)?) (?:auf|bei|via) .*"),
    ("promo", r"follow (?:us|\S+(?: \S+)?) on .*"),
    ("promo", r"(?:abonnieren sie|abonniere) .{0,40}(?:newsletter|kanal|podcast|channel)\b.*"),
    (
        "promo",
        r"jetzt\b.{0,60}\b(?:app|newsletter)\b.{0,40}"
        r"(?:herunterladen|downloaden|laden|installieren|abonnieren|anmelden|sichern)\b.{0,20}",
    ),
    ("promo", r"(?:sign up|subscribe) (?:for|to) .*"),
    ("promo", r"hier können sie .{0,80}\babonnieren\b.*"),
    ("promo", r"melden sie sich .{0,60}\bnewsletter\b.*"),
    ("promo", r"(?:download|get) (?:the|our) .{0,40}\bapp\b.*"),
    ("promo", r"(?:anzeige|advertisement|werbung|sponsored)"),
    ("comment-form", r"leave a (?:reply|comment)\b.*"),
    ("comment-form", r"kommentar (?:verfassen|schreiben|abgeben)\b.*"),
    ("comment-form", r"schreiben sie einen kommentar\b.*"),
    ("comment-form", r"your email address will not be published\b.*"),
    ("comment-form", r"ihre e-mail-adresse wird nicht veröffentlicht\b.*"),
    ("comment-form", r"(?:antworten|antwort) abbrechen|cancel reply|post a comment"),
    ("comment-form", r"(?:required fields are marked|erforderliche felder sind mit) \*.*"),
    ("comment-form", r"\d+ (?:kommentare?|comments?)|(?:kommentare?|comments?) \(\d+\)"),
    ("cms", r"source site|source link|source|quelle(?:\s*:\s*[^!?]{1,60})?"),
    ("cms", r"(?:zum )?hauptinhalt|link zum .{1,30}-inhalt|externer inhalt"),
    ("cms", r"fehler gefunden\?\s*jetzt melden\.?"),
    ("cms", r"(?:\d{1,2}:\d{2}(?::\d{2})? min\.*\s*)?verfügbar bis \d{1,2}\.\d{1,2}\.\d{2,4}\.?"),
    ("cms", r"share this:?|teilen:?|artikel teilen|share(?: on \w+)?|teilen (?:auf|via|per) .{1,30}"),
    ("cms", r"like this:?|gefällt mir:?|drucken|print|tweet|e-?mail|zur startseite|nach oben"),
    (
        "cookie",
        r"(?:wir verwenden|wir nutzen|diese (?:web)?seite verwendet|diese website nutzt|we use|"
        r"this (?:web)?site uses) cookies\b.*",
    ),
    ("paywall", r"dieser artikel ist nur für abonnenten\b.*|jetzt weiterlesen mit\b.*"),
    ("paywall", r"sie haben bereits ein abo(?:nnement)?\b.*|(?:bereits|schon) abonnent\b.*"),
    ("paywall", r"already a subscriber\b.*|(?:subscribe|sign in|log in) to (?:continue )?read(?:ing)?\b.*"),
    ("paywall", r"zum weiterlesen .{0,60}\b(?:abo|abonnement|anmelden|registrieren)\b.*"),
)
# (kind, pattern) pairs; a pattern must match the whole stripped line.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(p, _I)) for kind, p in _RULES)


# A list item that is another article's headline: "- Baufinanzierung: Diese Zinsbindung bietet jetzt
# sehr stabile Zinsen" (kicker, colon, headline, no full stop). Three in a row are a link list.
HEADLINE_ITEM = re.compile(r"[-•·]\s+[^:.!?]{2,40}:\s+\S.{12,}(?<![.;,])")
MIN_HEADLINE_RUN = 3


def line_kind(line: str) -> str | None:
    """The debris kind of one stripped line, or None when the line is (or may be) prose."""
    if not line or len(line.split()) > MAX_DEBRIS_WORDS:
        return None
    for kind, pattern in LINE_RULES:
        if pattern.fullmatch(line):
            return kind
    if is_teaser(line):
        return "teaser"
    return None


_LOWERCASE = re.compile(r"[a-zäöüß]")


def is_teaser(line: str) -> bool:
    """An ALL-CAPS line of several words: the headline of another article, not an acronym in a sentence."""
    # Cleaning asks this of every line of every article. More than a fifth of lower-case letters
    # settles it without the loops over characters below (those letters are cased and not upper
    # case, and there are at most as many cased letters as characters).
    if len(_LOWERCASE.findall(line)) * 5 > len(line):
        return False
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    cased = [c for c in line if c.isalpha() and c.lower() != c.upper()]
    if len(words) < 3 or len(cased) < 15:
        return False
    return sum(c.isupper() for c in cased) >= 0.8 * len(cased)


def agencies_in(text: str) -> list[str]:
    """Normalised names of the agencies a credit names, in table order."""
    return [name for name, pattern in AGENCIES if pattern.search(text)]
