"""The shipped NER model loads offline and gives mentions with exact offsets."""

from __future__ import annotations

from lagebild.model import Article
from lagebild.nlp.entities import entities, model_path, recognize_batch

SENTENCES = [
    "Bundeskanzler Olaf Scholz traf am Montag in Paris den französischen Präsidenten Emmanuel Macron.",
    "Die Europäische Kommission in Brüssel kündigte neue Sanktionen gegen Russland an.",
]


def test_entities_model_ships_in_repo_and_is_small() -> None:
    size = sum(p.stat().st_size for p in model_path().rglob("*") if p.is_file())
    assert 0 < size < 50_000_000


def test_entities_offsets_point_into_the_text() -> None:
    for text, mentions in zip(SENTENCES, recognize_batch(SENTENCES), strict=True):
        assert mentions
        for m in mentions:
            assert text[m.start : m.end] == m.text
            assert m.label in {"PER", "ORG", "LOC", "OTH"}


def test_entities_stage_finds_people_and_places() -> None:
    article = Article(id="x", path="x", raw=SENTENCES[0], text=SENTENCES[0])
    found = {(m.text, m.label) for m in entities(article).entities}
    assert ("Olaf Scholz", "PER") in found
    assert ("Paris", "LOC") in found


def test_long_texts_are_read_in_pieces_with_offsets_kept() -> None:
    from lagebild.nlp.entities.ner import pieces

    paragraph = "Bundeskanzler Olaf Scholz traf in Paris den Präsidenten Emmanuel Macron. " * 40
    text = "\n\n".join([paragraph] * 30)  # about 90,000 characters
    starts = pieces(text, size=20_000)
    assert starts[0] == 0 and all(
        b - a <= 20_000 for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
    )
    assert all(text[s - 2 : s] == "\n\n" for s in starts[1:])
    (mentions,) = recognize_batch([text])
    assert len([m for m in mentions if m.text == "Paris"]) >= 1100
    for m in mentions:
        assert text[m.start : m.end] == m.text
