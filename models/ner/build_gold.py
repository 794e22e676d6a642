"""Convert external German NER gold corpora to the compact PER/LOC/ORG/OTH format of `corpora.py`.

    python models/ner/build_gold.py [--mirror /work/.mirror] [--out models/ner/data]

The sources are snapshots of public GitHub repositories (bare git directories, as the `fetch` tool
leaves them under --mirror/<owner>+<name>/repo), read at the pinned commits below. MISC has other
bounds in these corpora than GermEval's OTH (CoNLL puts nationality adjectives there, GermEval calls
them LOCderiv), so its tokens become `?` (unknown), not O. Only train/dev splits are taken.

Only `uner_pud.tsv.gz` is licensed for redistribution and committed. The Europarl and WikiANN files
carry no licence of their own (see data/README.md); they are written next to it for local training and
kept out of git by data/.gitignore.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import GERMEVAL_DEV, TYPES, UNKNOWN, Sentence, bio_errors, repair_bio, stats, write_tagged

UNER = ("UniversalNER/UNER_German-PUD", "47eb039b6d80079b280ba70efe4136413fb7af9c")
SUPERGLEBER = ("LSX-UniWue/SuperGLEBer", "5d3c59a91ab3b5011a45a28cfafe813cf657111d")
WIKINEURAL = ("Babelscape/wikineural", "d2e28c770cba2b285e742529ae18ed849e336c65")

# (output file, (repo, commit), path in the repository, reader name, committed)
FILES = [
    ("uner_pud.tsv.gz", UNER, "de_pud-ud-test.iob2", "uner", True),
    ("europarl_train.tsv.gz", SUPERGLEBER, "data/NER/EuroParl/train.tsv", "europarl", False),
    ("europarl_dev.tsv.gz", SUPERGLEBER, "data/NER/EuroParl/dev.tsv", "europarl", False),
    ("wikiann_train.tsv.gz", WIKINEURAL, "data/wikiann/de/train.conllu", "wikiann", False),
    ("wikiann_dev.tsv.gz", WIKINEURAL, "data/wikiann/de/val.conllu", "wikiann", False),
]


def git_text(mirror: Path, repo: str, commit: str, path: str) -> str:
    git_dir = mirror / repo.replace("/", "+") / "repo"
    if not git_dir.is_dir():
        raise SystemExit(f"{git_dir} is missing: fetch github:{repo} first")
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def blocks(text: str) -> Iterator[list[list[str]]]:
    """Blank-line separated sentences of tab-separated rows; `#` comment lines skipped."""
    cur: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                yield cur
                cur = []
            continue
        cur.append(line.split("\t"))
    if cur:
        yield cur


def map_tag(tag: str, mapping: dict[str, str]) -> str:
    """A source BIO tag → ours: mapped types keep their prefix, MISC becomes `?`, anything else O."""
    if tag[:2] not in ("B-", "I-"):
        return "O"
    kind = mapping.get(tag[2:], "O")
    return kind if kind in ("O", UNKNOWN) else tag[:2] + kind


def to_sentence(tokens: list[str], tags: list[str], mapping: dict[str, str]) -> Sentence:
    # IOB1 sources (Europarl) start spans with I-; `?` tokens do not enter the repair
    labels = [map_tag(t, mapping) for t in tags]
    ent = [i for i, label in enumerate(labels) if label != UNKNOWN]
    for i, label in zip(ent, repair_bio([labels[i] for i in ent]), strict=True):
        labels[i] = label
    return list(zip(tokens, labels, strict=True))


SAME = {t: t for t in ("PER", "LOC", "ORG")}


def uner(text: str) -> list[Sentence]:
    # id, token, tag, (unused), annotator; multiword-token ranges would not be plain integers
    return [
        to_sentence([r[1] for r in rows], [r[2] for r in rows], SAME)
        for rows in blocks(text)
        if all(r[0].isdigit() for r in rows)
    ]


def europarl(text: str) -> list[Sentence]:
    # token, lemma, POS, chunk, NER in IOB1
    return [
        to_sentence([r[0] for r in rows], [r[4] for r in rows], {**SAME, "MISC": UNKNOWN})
        for rows in blocks(text)
    ]


def wikiann(text: str) -> list[Sentence]:
    # index, token, tag
    return [to_sentence([r[1] for r in rows], [r[2] for r in rows], SAME) for rows in blocks(text)]


READERS = {"uner": uner, "europarl": europarl, "wikiann": wikiann}


def germeval_keys() -> set[str]:
    if not GERMEVAL_DEV.exists():
        return set()
    from corpora import read_germeval

    return {"".join(t for t, _ in s) for s in read_germeval(GERMEVAL_DEV)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default="/work/.mirror", help="folder of fetched bare repositories")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "data"))
    args = parser.parse_args()
    mirror, out = Path(args.mirror), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    dev_keys = germeval_keys()
    print(f"| file | sentences | tokens | {' | '.join(TYPES)} | `?` tokens | in GermEval dev | committed |")
    print("|---" * (len(TYPES) + 6) + "|")
    for name, (repo, commit), path, reader, committed in FILES:
        sents = READERS[reader](git_text(mirror, repo, commit, path))
        bad = [e for s in sents for e in bio_errors(s)]
        if bad:
            raise SystemExit(f"{name}: {len(bad)} BIO errors after conversion, e.g. {bad[:3]}")
        write_tagged(out / name, sents)
        overlap = sum("".join(t for t, _ in s) in dev_keys for s in sents)
        c = stats(sents)
        cells = " | ".join(f"{c[k]:,}" for k in ("sentences", "tokens", *TYPES, UNKNOWN))
        print(f"| `{name}` | {cells} | {overlap} | {'yes' if committed else 'no'} |")


if __name__ == "__main__":
    main()
