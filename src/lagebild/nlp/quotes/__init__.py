"""Who said what: direct, indirect, reported and free indirect speech with cue, speaker and addressee.

Rules, not a trained model, so the shipped behaviour carries no NonCommercial licence: the cue lexicon
comes from GePaDe (CC0, see `models/quotes/build_cues.py`) and the rules were written against German
news syntax. A quote is a dict of the analysis-record shape (DESIGN.md) with character offsets into
the text it was found in; quotes found in the title carry `"field": "title"`, the others `"text"`.

The package: `marks.py` pairs quotation marks, `cues.py` holds tokens, sentences, the cue lexicon and
word-level tests, `clauses.py` the document and clause helpers, `indirect.py`, `direct.py` and
`reported.py` the rules that find quotes, `rules.py` runs them (`find_quotes`), `ranker.py` the
speaker model that chooses among candidate speakers, `speakers.py` resolves pronouns and role nouns,
`links.py` ties speakers and addressees to entities, `spkatt.py` reads the SpkAtt corpora for
training and evaluation. The stages are `quotes`, and
`link_quotes` once entities are known, below.

The quote stage finds who speaks as a span of text: a name ("Lawrow"), or a pronoun or role noun
("er", "der stellvertretende Außenminister") that it resolves to a name elsewhere in the article.
`link_quotes` gives that span the `entity_id` and `canonical` name of the entity it stands for, so
`lagebild quotes --speaker Lavrov` finds the quotes of "Sergej Lawrow" in every spelling.
"""

from __future__ import annotations

from lagebild.model import Article
from lagebild.nlp.quotes.links import link
from lagebild.nlp.quotes.rules import find_quotes
from lagebild.nlp.quotes.speakers import is_role, resolve_role_in
from lagebild.stages import stage

__all__ = ["find_quotes", "link_quotes", "quotes"]


@stage(requires=("text",), provides=("quotes",))
def quotes(article: Article) -> Article:
    """Fill `article.quotes`; quotes in the title are found too and marked `"field": "title"`."""
    mentions = [(m.start, m.end, m.label) for m in article.entities if m.field == "text"]
    found = find_quotes(article.text, sorted(mentions))
    for q in found:
        q["field"] = "text"
        q["raw_start"], q["raw_end"] = article.raw_span(q["start"], q["end"])
    if article.title:
        for q in find_quotes(article.title):
            q["field"] = "title"
            speaker = q["speaker"]
            if speaker is not None and "resolved" not in speaker and is_role(speaker["text"].split()[-1]):
                name = resolve_role_in(article.text, speaker["text"].split())
                if name is not None:
                    speaker["resolved"] = {
                        "start": name[0],
                        "end": name[1],
                        "text": article.text[slice(*name)],
                    }
                    speaker["resolved"]["field"] = "text"
            found.insert(0, q)
    article.quotes = found
    return article


@stage(requires=("quotes", "entities"), provides=("quote_entities",))
def link_quotes(article: Article) -> Article:
    """Set `entity_id`/`canonical` on every quote's speaker and addressee that names someone."""
    folded: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for quote in article.quotes:
        in_title = quote.get("field") == "title"
        for role in ("speaker", "addressee"):
            party = quote.get(role)
            if not party:
                continue
            target = party.get("resolved") or party
            field = target.get("field") or ("title" if in_title else "text")
            link(party, target, [m for m in article.entities if m.field == field], folded)
    return article
