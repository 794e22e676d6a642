"""lagebild: a sourced picture of events from a stream of news articles."""

from lagebild.model import Article, RawArticle

__all__ = ["Article", "RawArticle", "__version__"]
__version__ = "0.1.0"
