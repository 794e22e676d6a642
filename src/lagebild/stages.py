"""What a pipeline stage is: a plain function of an `Article` that declares what it needs and adds.

Stage modules (clean, meta, the nlp stages) import this module, never `pipeline.py`, so the pipeline
can import the stages without the two importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from lagebild.model import Article


class Stage(Protocol):
    __name__: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


def stage(
    *,
    requires: Iterable[str] = (),
    provides: Iterable[str] = (),
    batch: Callable[[list[Article]], list[Article]] | None = None,
) -> Callable[[Callable], Stage]:
    """Mark a function as a pipeline stage with what it needs and what it adds, and its batch form."""

    def mark(fn: Callable) -> Stage:
        fn.requires = tuple(requires)  # type: ignore[attr-defined]
        fn.provides = tuple(provides)  # type: ignore[attr-defined]
        fn.batch = batch  # type: ignore[attr-defined]
        return fn  # type: ignore[return-value]

    return mark
