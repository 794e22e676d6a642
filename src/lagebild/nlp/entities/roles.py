"""Titles and functions attached to person mentions: "US-Außenminister Antony Blinken".

News German puts the role straight before the name ("der stellvertretende russische Außenminister
Sergei Rjabkow", "Kremlchef Putin", "Russlands Präsident Wladimir Putin") or after it as an apposition
("Antony Blinken, der US-Außenminister,"); English puts it before ("Secretary of State Antony
Blinken"). The role is kept with its span, so a later "der Minister" can be resolved to the person
who held that role in the article. The NER model sometimes swallows the role into the PER span;
`split_role` cuts it off again.
"""

from __future__ import annotations

import re

from lagebild.model import Mention, Span
from lagebild.nlp import words

# Heads of role nouns; a capitalised word ending in one of them is a role ("Außenminister", "Kremlchef",
# "UN-Generalsekretär", "Regierungssprecherin"). The quote stage uses the same list for speakers.
ROLE_HEADS = (
    "minister", "ministerin", "präsident", "präsidentin", "kanzler", "kanzlerin", "sprecher", "sprecherin",
    "chef", "chefin", "sekretär", "sekretärin", "botschafter", "botschafterin", "vorsitzende",
    "vorsitzender", "könig", "königin", "premier", "senator", "senatorin", "abgeordnete", "abgeordneter",
    "general", "kommissar", "kommissarin", "direktor", "direktorin", "leiter", "leiterin", "bürgermeister",
    "bürgermeisterin", "gouverneur", "gouverneurin", "diplomat", "diplomatin", "berater", "beraterin",
    "papst", "prinz", "prinzessin", "kaiser", "richter", "richterin", "anwalt", "anwältin", "unterhändler",
    "verhandlungsführer", "führer", "führerin", "gesandte", "gesandter", "beauftragte", "beauftragter",
    "vertreter", "vertreterin", "staatssekretär", "oberhaupt", "regent", "monarch", "feldherr", "admiral",
    "oberst", "kommandeur", "trainer", "trainerin", "autor", "autorin", "ökonom", "ökonomin", "experte",
    "expertin", "analyst", "analystin", "ministerpräsident", "staatschef", "parteichef", "aktivist",
    "aktivistin", "journalist", "journalistin", "korrespondent", "korrespondentin", "bischof", "kardinal",
    "manager", "politiker", "politikerin", "beamte", "beamter", "stellvertreter", "gründer", "vize",
    "kandidat", "kandidatin", "regierungschef", "staatsoberhaupt",
)  # fmt: skip
_EN_ROLES = (
    "President", "Vice President", "Secretary of State", "Foreign Minister", "Deputy Foreign Minister",
    "Prime Minister", "Chancellor", "Defense Secretary", "Secretary", "Minister", "Senator", "Ambassador",
    "Spokesman", "Spokeswoman", "Spokesperson", "General", "Governor", "Mayor", "King", "Queen", "Pope",
)  # fmt: skip

_HEAD = "|".join(sorted(ROLE_HEADS, key=len, reverse=True))
_HEAD_ALONE = "|".join(sorted((h.capitalize() for h in ROLE_HEADS), key=len, reverse=True))
# A compound with a role head ("Außenminister", "US-Außenminister") or the head alone ("Minister").
_ROLE_NOUN = rf"(?:[A-ZÄÖÜ][\w.]*-)?(?:[A-ZÄÖÜ][a-zäöüß]*(?:{_HEAD})|(?:{_HEAD_ALONE}))"
_ARTICLE = r"(?:der|die|das|des|dem|den|ein|eine|einen|einem|einer|eines|und|oder|sagte|sagten)"
_ADJ = rf"(?:(?!{_ARTICLE}\s)[a-zäöüß]+(?:e|en|er|es)\s+)"
_COUNTRY_GEN = r"(?:[A-ZÄÖÜ][a-zäöüß]+s\s+)"  # "Russlands Präsident"
_EN = "|".join(sorted(_EN_ROLES, key=len, reverse=True))

BEFORE = re.compile(
    rf"(?:(?<=\s)|^)(?P<role>(?:{_COUNTRY_GEN})?{_ADJ}{{0,3}}{_ROLE_NOUN}|(?:(?:[A-Z][\w.]*|U\.S\.)\s+)?(?:{_EN}))"
    r"(?:\s+(?:a\.\s?D\.|of\s+[A-Z]\w+))?\s+$"
)
AFTER = re.compile(rf"^,\s+(?:der|die|des|dem|the)\s+(?P<role>{_ADJ}{{0,3}}{_ROLE_NOUN})\s*(?:,|\.|$)")
ROLE_WORD = re.compile(rf"^{_ROLE_NOUN}$")


# Relations the model also takes into a name ("Sohn Murchad"); cut off and kept like a role.
KIN = words(
    "Sohn Tochter Vater Mutter Bruder Schwester Onkel Tante Neffe Nichte Enkel Enkelin Witwe Witwer "
    "Ehefrau Ehemann Frau Herr Herrn Gattin Gatte"
)


def split_role(text: str, mention: Mention) -> Mention:
    """Cut a role the NER model tagged as part of the name: "Bundeskanzler Olaf Scholz"."""
    words = list(re.finditer(r"\S+", mention.text))
    cut = 0
    while cut < len(words) - 1 and (ROLE_WORD.match(words[cut].group()) or words[cut].group() in KIN):
        cut += 1
    if cut == 0:
        return mention
    start = mention.start + words[cut].start()
    role = Span(mention.start, mention.start + words[cut - 1].end(), mention.text[: words[cut - 1].end()])
    return Mention(start, mention.end, text[start : mention.end], mention.label, role=role)


def attach_roles(text: str, mentions: list[Mention]) -> None:
    """Set `role` on person mentions that have a title or function right before or after them."""
    for m in mentions:
        if m.label != "PER" or m.role is not None:
            continue
        line_start = max(text.rfind("\n", 0, m.start) + 1, m.start - 120)
        before = BEFORE.search(text, line_start, m.start)
        if before:
            m.role = Span(before.start("role"), before.end("role"), before.group("role"))
            continue
        after = AFTER.match(text[m.end : m.end + 120])
        if after:
            start = m.end + after.start("role")
            m.role = Span(start, start + len(after.group("role")), after.group("role"))
