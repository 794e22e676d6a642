"""Quotes: each hard case of the issue pinned with a sentence of our own, plus the seed articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lagebild.ingest.text import read_text
from lagebild.model import Article, RawArticle
from lagebild.nlp.quotes import find_quotes, quotes
from lagebild.nlp.quotes.marks import quote_pairs
from lagebild.pipeline import analyze, default_stages


def who(q: dict[str, Any]) -> str | None:
    """The name a quote is attributed to: the resolved antecedent, else the speaker span."""
    sp = q["speaker"]
    if sp is None:
        return None
    return sp["resolved"]["text"] if "resolved" in sp else sp["text"]


def only(text: str, kind: str | None = None) -> dict[str, Any]:
    found = [q for q in find_quotes(text) if kind is None or q["type"] == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("„", "“"), ('"', '"'), ("»", "«"), ("«", "»"), ("“", "”"), ("„", "”"), ("“", "“")],
)
def test_find_quotes_direct_in_every_mark(opening: str, closing: str) -> None:
    text = f"{opening}Wir bleiben bei unserem Plan für den Hafen{closing}, sagte Bürgermeisterin Anna Weber."
    q = only(text)
    assert q["type"] == "direct"
    assert q["text"] == f"{opening}Wir bleiben bei unserem Plan für den Hafen{closing}"
    assert q["cue"]["text"] == "sagte"
    assert "Anna Weber" in q["speaker"]["text"]


def test_find_quotes_colon_frame_quote_over_two_paragraphs() -> None:
    text = (
        "Nach dem Spiel sagte Trainer Paul Kramer:\n\n„Wir haben heute gut verteidigt.\n\n"
        "„Am Samstag wollen wir in Bremen gewinnen.“"
    )
    q = only(text)
    assert q["text"].startswith("„Wir haben") and q["text"].endswith("gewinnen.“")
    assert "Paul Kramer" in (who(q) or "")


def test_find_quotes_interrupted_by_cue_gives_both_parts_the_speaker() -> None:
    text = (
        "Finanzminister Jonas Berg äußerte sich am Montag in Kiel. „Das Projekt ist wichtig“, sagte er, "
        "„aber es kostet zu viel Geld.“"
    )
    direct = [q for q in find_quotes(text) if q["type"] == "direct"]
    assert [q["text"] for q in direct] == ["„Das Projekt ist wichtig“", "„aber es kostet zu viel Geld.“"]
    assert all(q["speaker"]["text"] == "er" and who(q) == "Jonas Berg" for q in direct)


def test_find_quotes_partial_quote_inside_a_sentence() -> None:
    q = only("Die Ministerin Clara Hof nannte die Verhandlungen „zäh, aber fair“.")
    assert q["type"] == "direct" and q["text"] == "„zäh, aber fair“"
    assert q["cue"]["text"] == "nannte"
    assert "Clara Hof" in q["speaker"]["text"]


def test_find_quotes_skips_scare_quotes_and_titles() -> None:
    assert find_quotes("Die Zeitung „Nordkurier“ erschien gestern mit einem „frischen“ Layout.") == []


def test_find_quotes_indirect_dass_clause() -> None:
    q = only("Der Sprecher Tim Roth betonte, dass es derzeit keine Einigung über den Etat gebe.")
    assert q["type"] == "indirect"
    assert q["text"] == "dass es derzeit keine Einigung über den Etat gebe"
    assert q["cue"]["text"] == "betonte" and "Tim Roth" in q["speaker"]["text"]


def test_find_quotes_indirect_verb_second_konjunktiv() -> None:
    q = only("Die Forscherin Eva Lind sagte am Dienstag, sie hoffe auf weitere Mittel vom Land.")
    assert q["type"] == "indirect" and q["text"] == "sie hoffe auf weitere Mittel vom Land"
    assert "Eva Lind" in q["speaker"]["text"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Laut der Feuerwehr Köln brach das Feuer am frühen Morgen im Keller aus.", "der Feuerwehr Köln"),
        ("Dem Bericht zufolge stiegen die Mieten im Vorjahr um zwei Prozent.", "Dem Bericht"),
        ("Nach Angaben der Polizei wurden bei dem Unfall drei Menschen verletzt.", "der Polizei"),
    ],
)
def test_find_quotes_attribution_frames(text: str, speaker: str) -> None:
    q = only(text)
    assert q["type"] == "indirect" and q["speaker"]["text"] == speaker
    assert "verletzt" in q["text"] or "Feuer" in q["text"] or "Mieten" in q["text"]


def test_find_quotes_reported_speech() -> None:
    q = only("Der Mieterverband warnte vor steigenden Nebenkosten im Winter.")
    assert q["type"] == "reported" and q["speaker"]["text"] == "Der Mieterverband"
    assert q["cue"]["text"] == "warnte"


def test_find_quotes_headline_attribution() -> None:
    q = only("Bundeskanzler: Die Reform der Rente kommt im Frühjahr")
    assert q["type"] == "direct" and q["speaker"]["text"] == "Bundeskanzler" and q["cue"]["text"] == ":"
    assert q["text"] == "Die Reform der Rente kommt im Frühjahr"


def test_find_quotes_role_noun_resolves_to_the_named_holder() -> None:
    text = (
        "Der stellvertretende Innenminister Paul Brandt besuchte Kiel, Innenministerin Lea Sommer blieb in "
        "Berlin. Der stellvertretende Innenminister erklärte, die Lage an der Küste sei ruhig."
    )
    q = only(text)
    assert q["speaker"]["text"] == "Der stellvertretende Innenminister"
    assert q["speaker"]["resolved"]["text"] == "Paul Brandt"


def test_find_quotes_konjunktiv_continues_the_reported_speech() -> None:
    text = "Polizeisprecherin Maria Vogt sagte, der Täter sei zu Fuß geflohen. Er habe eine Maske getragen."
    indirect, free = find_quotes(text)
    assert indirect["type"] == "indirect" and free["type"] == "free_indirect"
    assert free["text"] == "Er habe eine Maske getragen." and "Maria Vogt" in free["speaker"]["text"]


def test_find_quotes_offsets_slice_the_text() -> None:
    text = "Die Ministerin Clara Hof nannte die Verhandlungen „zäh, aber fair“. Sie sagte, man sei nah dran."
    for q in find_quotes(text):
        for part in (q, q["cue"], q["speaker"]):
            assert text[part["start"] : part["end"]] == part["text"]


def test_quote_pairs_machine_translation_mismatch() -> None:
    text = "„Ich kann es nicht sagen”, sagte sie. “Wir werden sehen.“"
    assert [text[s:e] for s, e in quote_pairs(text)] == ["„Ich kann es nicht sagen”", "“Wir werden sehen.“"]


def test_quotes_stage_marks_title_quotes_and_raw_offsets() -> None:
    raw = RawArticle(path="x.txt", raw_text="Der Umweltminister Jan Ort sagte, der Plan sei fertig.")
    article = Article.from_raw(raw)
    article.text, article.title = article.raw, "Umweltminister: Der Plan ist fertig"
    quotes(article)
    title, body = article.quotes
    assert title["field"] == "title" and title["speaker"]["resolved"]["text"] == "Jan Ort"
    assert body["field"] == "text" and (body["raw_start"], body["raw_end"]) == (body["start"], body["end"])


SEED_QUOTES = {
    "000_34bf19c766bfde79.txt": [
        ("Gespräche zwischen Putin und Biden finden", "Blinken"),
        ("dass er am Rande des Ministertreffens", "Blinken"),
        ('"Außenminister Lawrow und ich hatten', "Blinken"),
        ("dass der Termin für das Treffen", "Rjabkow"),
        ('"Man hofft, dass der Kontakt', "Rjabkow"),
        ("Gleichzeitig wies er auf die Bedeutung", "Rjabkow"),
        ("dass es derzeit keine Bewegung", "Rjabkow"),
        ("dass das Treffen zwischen Putin und Biden ein Anstoß", "Rjabkow"),
    ],
    "002_9550750bbf3bf36d.txt": [
        ("„offen und substanziell“", "Blinken"),
        ("das Treffen habe sich als", "Lawrow"),
        ("„eine nützliche, ehrliche Diskussion“", "Lawrow"),
        ("„Ich kann nicht sagen, ob wir", "Lawrow"),
        ("“Wir werden das verstehen", "Lawrow"),
        ("„Wenn wir zu dem Schluss kommen", "Blinken"),
        ("er hoffe zu beweisen", "Blinken"),
        ("„Wir haben uns verpflichtet", "Blinken"),
    ],
}


@pytest.mark.parametrize("name", sorted(SEED_QUOTES))
def test_quotes_stage_finds_every_seed_quotation_with_its_speaker(seeds_dir: Path, name: str) -> None:
    path = seeds_dir / name
    raw = next(read_text(path.read_text(encoding="utf-8"), str(path)))
    assert isinstance(raw, RawArticle)
    article = quotes(analyze(raw, default_stages()))
    for start, speaker in SEED_QUOTES[name]:
        hits = [q for q in article.quotes if q["text"].startswith(start)]
        assert hits, f"no quote starting {start!r}"
        assert speaker in (who(hits[0]) or ""), (start, hits[0]["speaker"])


def test_find_quotes_prefers_given_person_spans_for_pronouns() -> None:
    text = "Gestern traf Ole Nissen die Presse in Kiel. Er sagte, die Fähre fahre wieder."
    start = text.index("Ole Nissen")
    q = only(text, "indirect")
    q_given = next(q for q in find_quotes(text, [(start, start + 10, "PER")]) if q["type"] == "indirect")
    assert q["speaker"]["text"] == "Er"
    assert q_given["speaker"]["resolved"] == {"start": start, "end": start + 10, "text": "Ole Nissen"}


def test_a_long_object_between_cue_and_dass_clause() -> None:
    from lagebild.nlp.quotes import find_quotes

    text = (
        "Die Behörde betonte am Montag nach einer langen Sitzung des Krisenstabs in der Hauptstadt erneut, "
        "dass die Brücke bis zum Sommer gesperrt bleibe."
    )
    (q,) = find_quotes(text)
    assert q["text"] == "dass die Brücke bis zum Sommer gesperrt bleibe"
    assert q["speaker"]["text"] == "Die Behörde"


def test_a_sentence_in_konjunktiv_i_reports_speech_without_a_cue() -> None:
    from lagebild.nlp.quotes import find_quotes

    text = (
        "Die Feuerwehr war am Abend mit vierzig Kräften vor Ort. Die Straße blieb bis Mitternacht gesperrt. "
        "Auch der Bahnverkehr ruhte. Die Lage sei inzwischen unter Kontrolle.\n\n"
        "Ohne den Regen hätte das Feuer weiter um sich gegriffen."
    )
    found = {q["text"]: q for q in find_quotes(text)}
    assert found["Die Lage sei inzwischen unter Kontrolle."]["type"] == "free_indirect"
    assert not any(t.startswith("Ohne den Regen") for t in found)  # Konjunktiv II alone is no report


def test_sprach_von_reports_speech_but_sprach_mit_does_not() -> None:
    from lagebild.nlp.quotes import find_quotes

    (q,) = find_quotes("Die Polizei sprach von einer weitgehend friedlichen Demonstration.")
    assert (q["type"], q["speaker"]["text"], q["cue"]["text"]) == ("reported", "Die Polizei", "sprach")
    assert find_quotes("Die Ministerin sprach am Montag mit Vertretern der Gewerkschaften.") == []


def test_speakers_from_context_a_quoted_name_and_a_pronoun_before_a_colon() -> None:
    from lagebild.nlp.quotes import find_quotes

    def speakers(text: str) -> list[str | None]:
        return [q["speaker"]["text"] if q["speaker"] else None for q in find_quotes(text)]

    assert speakers("„Er war ein großer Erneuerer“, schrieb „Die Zeit“ in einem Nachruf.") == ["„Die Zeit“"]
    assert speakers(
        "Die Lage ist ernst. Dabei griff sie auch den Präsidenten an: „So kann es nicht weitergehen.“"
    ) == ["sie"]
    assert speakers(
        "Die Kriminalpolizei sucht einen Mann aus der Nachbarschaft. "
        "Er sei etwa 30 Jahre alt und trage eine Brille."
    ) == ["Die Kriminalpolizei"]


def test_a_partial_quote_belongs_to_the_subject_of_its_own_sentence() -> None:
    from lagebild.nlp.quotes import find_quotes

    text = (
        "Er sprach über Musik. Die Kanzlerin Karin Schwarzkopf würdigte den Komponisten als "
        "„großen Erneuerer der Musik unserer Zeit“."
    )
    (q,) = find_quotes(text)
    assert q["speaker"]["text"] == "Die Kanzlerin Karin Schwarzkopf"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Der Hafen bleibt bis Freitag gesperrt. Dies bestätigte die Stadtverwaltung am Morgen.",
            "Der Hafen bleibt bis Freitag gesperrt.",
            "die Stadtverwaltung",
        ),
        (
            "Im Sommer wurden 300 Brände gezählt. Das geht aus einem Bericht der Feuerwehr hervor.",
            "Im Sommer wurden 300 Brände gezählt.",
            "einem Bericht der Feuerwehr",
        ),
    ],
)
def test_a_demonstrative_frame_attributes_the_sentence_before(text: str, quote: str, speaker: str) -> None:
    (q,) = find_quotes(text, rank=False)  # the rule's speaker; the speaker model may still overrule it
    assert (q["type"], q["text"], q["speaker"]["text"]) == ("indirect", quote, speaker)


def test_a_compound_frame_noun_and_a_frame_inside_the_sentence() -> None:
    q = only("Nach Polizeiangaben wollte der Fahrer noch vor Mitternacht in Kiel sein.")
    assert q["text"] == "wollte der Fahrer noch vor Mitternacht in Kiel sein"
    assert who(q) == "Polizeiangaben"
    q = only("Der Fahrer hatte laut Polizei rund 1,1 Promille Alkohol im Blut.")
    assert q["text"] == "Der Fahrer hatte laut Polizei rund 1,1 Promille Alkohol im Blut"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("Laut „Kurier“ soll der Vertrag bis 2030 laufen.", "soll der Vertrag bis 2030 laufen", "„Kurier“"),
        ("Laut wetter.de fällt am Montag der erste Schnee.", "fällt am Montag der erste Schnee", "wetter.de"),
        ("Demnach fehlen dem Land rund 300 Lehrer.", "fehlen dem Land rund 300 Lehrer", "Demnach"),
        (
            "Laut Bürgermeisterin Anna Roth beginnt der Umbau im März.",
            "beginnt der Umbau im März",
            "Bürgermeisterin Anna Roth",
        ),
    ],
)
def test_frames_with_a_quoted_source_a_web_address_or_demnach(text: str, quote: str, speaker: str) -> None:
    (q,) = find_quotes(text, rank=False)
    assert (q["text"], q["speaker"]["text"]) == (quote, speaker)


def test_made_known_opens_a_dass_clause_only() -> None:
    (q,) = find_quotes("Im Mai wurde bekannt, dass die Fähre verkauft wird.", rank=False)
    assert q["text"] == "dass die Fähre verkauft wird" and q["speaker"] is None
    assert find_quotes("Der Wirt ist als Sänger bekannt, der oft auftritt.") == []


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Die Gewerkschaft erneuerte ihre Forderung, die Arbeitszeit auf 35 Stunden zu senken.",
            "die Arbeitszeit auf 35 Stunden zu senken",
            "Die Gewerkschaft",
        ),
        (
            "Die Fähre fuhr trotz der Warnung des Wetterdienstes, dass der Sturm die Küste erreiche.",
            "dass der Sturm die Küste erreiche",
            "des Wetterdienstes",
        ),
    ],
)
def test_a_noun_of_saying_frames_the_clause_after_it(text: str, quote: str, speaker: str) -> None:
    (q,) = find_quotes(text, rank=False)
    assert (q["type"], q["text"], q["speaker"]["text"]) == ("indirect", quote, speaker)


def test_a_noun_of_saying_needs_a_content_clause() -> None:
    assert find_quotes("Die Forderung, die seit Jahren besteht, blieb ohne Antwort.") == []


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Am Montag wurde vom Ministerium deutlich gemacht, dass keine Hilfe möglich sei.",
            "dass keine Hilfe möglich sei",
            None,
        ),
        (
            "Die Bürgermeisterin hat im Interview angeregt, das Land solle die Kosten tragen.",
            "das Land solle die Kosten tragen",
            "Die Bürgermeisterin",
        ),
    ],
)
def test_konjunktiv_only_after_the_comma_makes_the_clause_the_quote(
    text: str, quote: str, speaker: str | None
) -> None:
    (q,) = find_quotes(text, rank=False)
    assert q["type"] == "indirect" and q["text"] == quote
    assert (q["speaker"] and q["speaker"]["text"]) == speaker


def test_clause_ends_at_a_semicolon_but_not_in_a_time_or_a_correlative() -> None:
    (q,) = find_quotes("Der Zeuge sagte, dass der Wagen rot war; die Polizei prüft das.", rank=False)
    assert q["text"] == "dass der Wagen rot war"
    (q,) = find_quotes("Sie sagte, der Zug sei um 15:00 Uhr abgefahren.", rank=False)
    assert q["text"] == "der Zug sei um 15:00 Uhr abgefahren"
    (q,) = find_quotes("Er sagte, dass nicht nur sie, sondern auch er gelogen habe.", rank=False)
    assert q["text"] == "dass nicht nur sie, sondern auch er gelogen habe"


def test_reported_speech_after_a_name_with_an_apposition() -> None:
    text = "Anna Roth, Sprecherin der Stadtwerke, warnte vor weiteren Preiserhöhungen im Winter."
    (q,) = find_quotes(text, rank=False)
    assert q["type"] == "reported" and q["speaker"]["text"] == "Anna Roth"


def test_a_title_in_quotation_marks_is_no_quote() -> None:
    assert find_quotes("Die Ausstellung „Der Hafen von Kiel und seine Geschichte“ öffnet am Montag.") == []
    (q,) = find_quotes("„Wir Bürger fordern Gerechtigkeit“, sagte der Sprecher.", rank=False)
    assert q["speaker"]["text"] == "der Sprecher"


def test_a_quoted_phrase_does_not_break_a_run_of_konjunktiv_sentences() -> None:
    text = (
        "Der Richter sagte, das Urteil sei gerecht. Der Vorwurf gehe ins Leere. "
        "Weiterhin bleibe „ein schaler Nachgeschmack“ im Saal."
    )
    runs = [q for q in find_quotes(text, rank=False) if q["type"] == "free_indirect"]
    assert [q["text"] for q in runs] == [
        "Der Vorwurf gehe ins Leere. Weiterhin bleibe „ein schaler Nachgeschmack“ im Saal."
    ]


def test_a_zu_infinitive_after_the_cue_needs_no_comma() -> None:
    (q,) = find_quotes("Die Bäckerei hat angekündigt die Preise im Herbst zu erhöhen.", rank=False)
    assert (q["text"], q["speaker"]["text"]) == ("die Preise im Herbst zu erhöhen", "Die Bäckerei")
    assert find_quotes("Er sagte nichts zu den Plänen der Stadt.") == []


def test_an_english_direct_quote_with_its_speaker() -> None:
    (q,) = find_quotes("“We are ready to talk,” Blinken said on Friday.", rank=False)
    assert (q["type"], q["cue"]["text"], q["speaker"]["text"]) == ("direct", "said", "Blinken")
