"""Temporal expressions resolved to TIMEX3 values against the publication date or the narrative.

Deictic expressions ("heute", "am Freitag", "nächste Woche", "vor zwei Tagen") are resolved against
the publication date. Anaphoric ones ("am folgenden Tag", "zwei Jahre später", "im Sommer", a day
and month without a year) are resolved against the reference time: the last date with a year the
text mentioned before, as a reader of a history would; without one, against the publication date.
A day or month without a year is placed by the tense of its sentence: in the past for past tense,
ahead for future tense. Durations ("90 Minuten" → PT90M) and sets ("jeden Montag" → XXXX-WXX-1) are
typed as such. When an article has no publication date, the latest full date in its text stands in,
and every value resolved against it says `"anchor": "inferred"`.

The package: `grammar.py` holds the words and patterns, `scan.py` finds their matches and decides which
are dates here and which of overlapping ones wins, `values.py` does the calendar arithmetic,
`resolve.py` turns each match into its value; the stage is `dates` below.
"""

from __future__ import annotations

from lagebild.model import Article
from lagebild.nlp.dates.resolve import find_dates, resolve
from lagebild.stages import stage

__all__ = ["dates", "find_dates"]


@stage(requires=("text", "published"), provides=("dates",))
def dates(article: Article) -> Article:
    """Fill `article.dates` (with raw offsets); without a publication date, say that one was inferred."""
    found, anchor = resolve(article.text, article.published, article.language)
    for d in found:
        d["raw_start"], d["raw_end"] = article.raw_span(d["start"], d["end"])
    if article.published is None and anchor.day is not None:  # the anchor was inferred from the text
        article.hints["published_inferred"] = anchor.day.isoformat()
    article.dates = found
    return article
