"""Who said what; the stages are `quotes` and `link_quotes`."""

from __future__ import annotations

from lagebild.nlp.quotes.links import link_quotes
from lagebild.nlp.quotes.rules import find_quotes, quotes

__all__ = ["find_quotes", "link_quotes", "quotes"]
