"""Rebuild samples/corpus/wikinews-de.jsonl from the German Wikinews quotation corpus in ../shared/data.

Only the article texts are taken (German Wikinews, CC BY 2.5); the quotation annotations (CC BY-NC-SA)
are not. Dev articles keep their original paragraphs; train articles come as tokens and are detokenized.

    python samples/build_wikinews.py [--data ../shared/data/quotes_wikinews] [--train 150]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

NAME = re.compile(r"^(?P<id>\d+) - (?P<title>.*) \((?P<date>\d{4}-\d{2}-\d{2})\)(?:\.pretty)?(?:\.json)?$")
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "“", "…", "..."}
NO_SPACE_AFTER = {"(", "„"}


def detokenize(tokens: list[str]) -> str:
    """Join tokens the way German print sets them („…“ closes without a space, commas attach)."""
    out: list[str] = []
    glue = True
    for tok in tokens:
        if out and not glue and tok not in NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
        glue = tok in NO_SPACE_AFTER
    return "".join(out)


def record(doc_name: str, text: str) -> dict[str, str]:
    m = NAME.match(doc_name)
    if not m:
        raise ValueError(f"unexpected document name {doc_name!r}")
    return {
        "id": f"dewikinews-{m['id']}",
        "title": m["title"],
        "published": m["date"],
        "outlet": "Wikinews",
        "language": "de",
        "text": text.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).parents[2] / "shared/data/quotes_wikinews"))
    parser.add_argument("--train", type=int, default=150, help="how many train articles to add")
    parser.add_argument("-o", "--out", default=str(Path(__file__).parent / "corpus" / "wikinews-de.jsonl"))
    args = parser.parse_args()
    data = Path(args.data)
    records = []
    for path in sorted((data / "dev").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        records.append(record(doc["documentName"], doc["originalText"]))
    for path in sorted((data / "train_compact").glob("*.json"))[: args.train]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = " ".join(detokenize(s["Tokens"]) for s in doc["Sentences"])
        records.append(record(path.name, text))
    with open(args.out, "w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} articles to {args.out}")


if __name__ == "__main__":
    main()
