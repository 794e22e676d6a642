"""Full-analysis speed of `lagebild analyze` on real German news, against bare spaCy tokenisation.

    python benchmarks/analyze_speed.py [--long] [--limit N] [--no-link] [--profile]
                                       [--data ../shared/data/quotes_wikinews] [--write-corpus PATH]

The corpus is German Wikinews: the 300 articles of samples/corpus/wikinews-de.jsonl and the train
split of the GermEval 2023 SpkAtt Wikinews corpus (../shared/data/quotes_wikinews/train_compact,
detokenised as `nlp/quotes/spkatt.py` reads it); the 150 dev articles there and 150 of the train ones are
the sample corpus's own articles, so each Wikinews id is read once: 850 articles, about 190 words
each. They are written to one JSONL file and run through `batch.analyze_to`, the `lagebild analyze`
path with cleaning, once without linking (`--no-link`) and once with it. `--long` joins consecutive
pairs of them (the second's text after a blank line, the first's title, date and id with the second's
id appended) into 425 texts of about 436 words, the length of a typical news article: the figures of
issue 12 are taken on these. `--write-corpus PATH` also keeps the input JSONL, to run
`lagebild analyze` on the same texts.

The machine is shared, so wall-clock figures are noisy; the robust figure is the ratio to the time a
blank German spaCy tokeniser (`spacy.blank("de")`, a fresh one each time, so its cache starts cold)
takes on the same texts in the same run, tokenised before and after the analysis (the mean counts).
CPU time (`time.process_time`, all threads of this process) is printed beside wall time. Each run
starts with an empty memo of the NER model's word vectors, as in a fresh process. Per-stage
shares time each stage of `pipeline.default_stages()` over the batch; linking is timed by wrapping
`lagebild.link.link` (and its `features` and `encode`) from here, without touching `link/`. Model
loading happens once before the timed runs and is printed separately.

`--profile` runs the analysis (with linking, unless `--no-link`) under pyinstrument and prints the top
of the profile.
Time in spaCy's and thinc's compiled code (the NER model) shows up at the root of the thread (`gemm`,
`maxout`, `seq2col`, `[self]`), not under `recognize_batch`. The profile of the state this benchmark
was last tuned to is kept in `benchmarks/analyze_profile.txt`.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lagebild.batch import analyze_to
from lagebild.nlp.quotes.spkatt import read_compact
from lagebild.pipeline import Stage, default_stages

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "wikinews-de.jsonl"
DATA = ROOT.parent / "shared" / "data" / "quotes_wikinews"
_NAME = re.compile(r"^(\d+) - (.*) \((\d{4}-\d{2}-\d{2})\)\.json$")


def long_texts(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive pairs of records joined into one article of news length (an odd last one is left out)."""
    return [
        {**a, "id": f"{a['id']}+{b['id'].removeprefix('dewikinews-')}", "text": f"{a['text']}\n\n{b['text']}"}
        for a, b in zip(records[::2], records[1::2], strict=False)
    ]


def corpus(data: Path) -> list[dict[str, Any]]:
    """The sample corpus's Wikinews records, then the SpkAtt train articles it does not hold, as records
    of the same shape (id, title, published, outlet, language, text)."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    seen = {r["id"] for r in records}
    for art in read_compact(data / "train_compact"):
        found = _NAME.match(art.name)
        if not found or f"dewikinews-{found.group(1)}" in seen:
            continue
        rid = f"dewikinews-{found.group(1)}"
        seen.add(rid)
        records.append(
            {
                "id": rid,
                "title": found.group(2),
                "published": found.group(3),
                "outlet": "Wikinews",
                "language": "de",
                "text": art.text,
            }
        )
    return records


class Clock:
    """Wall and CPU seconds per named part, summed over calls."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        w, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] += time.perf_counter() - w
            self.cpu[name] += time.process_time() - c

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.part(name):
                return fn(*args, **kwargs)

        return timed


class TimedStage:
    """A stage that adds the time it (or its batch form) takes to a clock."""

    def __init__(self, inner: Stage, clock: Clock) -> None:
        self.__name__ = inner.__name__
        self.requires = inner.requires
        self.provides = inner.provides
        self._call = clock.wrap(inner.__name__, inner)
        batch = getattr(inner, "batch", None)
        self.batch = clock.wrap(inner.__name__, batch) if batch is not None else None

    def __call__(self, article: Any) -> Any:
        return self._call(article)


@contextmanager
def timed_linking(clock: Clock) -> Iterator[None]:
    """Time `link` (as `link_all` calls it), the link features and the sentence encoder inside it."""
    import lagebild.link as link_pkg
    from lagebild.link import linker

    saved = (link_pkg.link, linker.features, linker.encode)
    link_pkg.link = clock.wrap("link (all)", link_pkg.link)  # type: ignore[assignment]
    linker.features = clock.wrap("link: features", linker.features)  # type: ignore[assignment]
    linker.encode = clock.wrap("link: encoder", linker.encode)  # type: ignore[assignment]
    try:
        yield
    finally:
        link_pkg.link, linker.features, linker.encode = saved


def tokenise(texts: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of a fresh blank German spaCy tokeniser over the texts, and the tokens."""
    import spacy

    nlp = spacy.blank("de")
    w, c = time.perf_counter(), time.process_time()
    n = sum(len(doc) for doc in nlp.pipe(texts))
    return time.perf_counter() - w, time.process_time() - c, n


def run(path: str, clock: Clock, link: bool) -> tuple[float, float, int, str]:
    """One `analyze` run; wall s, CPU s, records written, the output."""
    stages: list[Stage] = [TimedStage(s, clock) for s in default_stages()]  # type: ignore[misc]
    forget_vectors()
    out = io.StringIO()
    w, c = time.perf_counter(), time.process_time()
    with timed_linking(clock):
        written, failures = analyze_to(path, out, stages, link=link)
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    if failures:
        print(f"{len(failures)} failures, first: {failures[0]}", file=sys.stderr)
    return wall, cpu, written, out.getvalue()


def forget_vectors() -> None:
    """Empty the NER model's memo of word vectors (`nlp/entities/piece_vectors.py`), so that a run does not
    find the words of the run before it: each run starts as a fresh process would (spaCy's own vocabulary
    of words seen stays, as it did before there was a memo)."""
    from lagebild.nlp.entities import load_model

    load_model().vocab.vectors.forget()


def warm_up(path: str, link: bool) -> float:
    """Load the models (NER, quote speakers, encoder) on a few articles, so timed runs exclude it."""
    head = Path(path).read_text(encoding="utf-8").splitlines()[:3]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(head) + "\n")
    start = time.perf_counter()
    analyze_to(fh.name, io.StringIO(), default_stages(), link=link)
    Path(fh.name).unlink()
    return time.perf_counter() - start


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(
    title: str, clock: Clock, wall: float, cpu: float, n: int, words: int, tok: tuple[float, float]
) -> None:
    print(f"\n== {title}: {n} articles, {words:,} words")
    print(
        f"wall {wall:.1f} s = {n / wall:.1f} articles/s, {words / wall:,.0f} words/s; "
        f"CPU {cpu:.1f} s = {n / cpu:.1f} articles/CPU-s"
    )
    print(
        f"ratio to bare spaCy tokenisation (same texts, same run): wall {100 * tok[0] / wall:.2f} %, "
        f"CPU {100 * tok[1] / cpu:.2f} %"
    )
    print(f"{'part':<16} {'wall s':>8} {'share':>7} {'CPU s':>8} {'share':>7} {'CPU ms/article':>15}")
    for name in clock.wall:
        print(
            f"{name:<16} {clock.wall[name]:8.2f} {100 * clock.wall[name] / wall:6.1f}% "
            f"{clock.cpu[name]:8.2f} {100 * clock.cpu[name] / cpu:6.1f}% {1000 * clock.cpu[name] / n:15.2f}"
        )
    staged = [k for k in clock.wall if not k.startswith("link:")]
    rest = wall - sum(clock.wall[k] for k in staged)
    rest_cpu = cpu - sum(clock.cpu[k] for k in staged)
    print(
        f"{'rest':<16} {rest:8.2f} {100 * rest / wall:6.1f}% {rest_cpu:8.2f} {100 * rest_cpu / cpu:6.1f}% "
        f"{1000 * rest_cpu / n:15.2f}   (reading, records, JSON, spool)"
    )
    print(f"{'total':<16} {wall:8.2f} {'':7} {cpu:8.2f} {'':7} {1000 * cpu / n:15.2f}")


def profile(path: str, link: bool) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("--profile needs pyinstrument: pip install pyinstrument") from None
    profiler = Profiler(interval=0.002)
    profiler.start()
    analyze_to(path, io.StringIO(), default_stages(), link=link)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False)[:12000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--long", action="store_true", help="join pairs of articles into ~436-word texts")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--write-corpus", metavar="PATH", help="also write the input JSONL here")
    parser.add_argument("--no-link", action="store_true", help="skip the run with linking")
    parser.add_argument("--profile", action="store_true", help="print the top of a pyinstrument profile")
    args = parser.parse_args()
    records = corpus(Path(args.data))
    if args.long:
        records = long_texts(records)
    if args.limit:
        records = records[: args.limit]
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/corpus.jsonl"
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        Path(path).write_text(lines, encoding="utf-8")
        if args.write_corpus:
            Path(args.write_corpus).write_text(lines, encoding="utf-8")
        kind = "texts of two joined " if args.long else ""
        print(
            f"corpus: {len(records)} {kind}German Wikinews articles, {words:,} words "
            f"({words / len(records):.0f} each)"
        )
        print(f"start-up (models loaded on 3 articles): {warm_up(path, link=not args.no_link):.1f} s")
        print(f"peak RSS after start-up: {peak_mb():.0f} MB")
        if args.profile:
            profile(path, link=not args.no_link)
            return
        tok_before = tokenise(texts)
        runs = [False] if args.no_link else [False, True]
        results = []
        for link in runs:
            clock = Clock()
            wall, cpu, n, _ = run(path, clock, link)
            results.append((link, clock, wall, cpu, n, peak_mb()))
        tok_after = tokenise(texts)
        tok = ((tok_before[0] + tok_after[0]) / 2, (tok_before[1] + tok_after[1]) / 2)
        print(
            f"bare spaCy tokenisation (spacy.blank('de')): {tok_before[2]:,} tokens; "
            f"wall {tok_before[0]:.2f} s before, {tok_after[0]:.2f} s after = {words / tok[0]:,.0f} words/s; "
            f"CPU {tok[1]:.2f} s"
        )
        for link, clock, wall, cpu, n, peak in results:
            report("analyze" + ("" if link else " --no-link"), clock, wall, cpu, n, words, tok)
            print(f"peak RSS after this run: {peak:.0f} MB")
        if len(results) == 2:
            (_, _, w0, c0, *_), (_, _, w1, c1, *_) = results
            share = 100 * (w1 - w0) / w1
            print(f"\nlinking costs {w1 - w0:.1f} s wall ({share:.0f} % of analyze), {c1 - c0:.1f} s CPU")


if __name__ == "__main__":
    main()
