"""Train lagebild's floret word vectors (subword hashing: German compounds and inflections get vectors).

    python models/ner/train_vectors.py [--text /tmp/lagebild-ner/text.txt] [--out /tmp/lagebild-ner/vectors]

floret (MIT, Explosion's fastText fork) stores vectors in a fixed table of hashed subword rows, so
the table is small (50,000 rows × 100 dims = 20 MB) and every word, seen or not, gets a vector.
The result is a spaCy vectors folder that `config.cfg` reads as `paths.vectors`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import floret


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", default="/tmp/lagebild-ner/text.txt")
    parser.add_argument("--out", default="/tmp/lagebild-ner/vectors")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=50000)
    parser.add_argument("--epoch", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    model = floret.train_unsupervised(
        args.text, model="cbow", mode="floret", hashCount=2, bucket=args.bucket,
        minn=4, maxn=5, dim=args.dim, epoch=args.epoch, minCount=3, thread=args.threads,
    )  # fmt: skip
    floret_file = Path(args.out).with_suffix(".floret")
    model.save_floret_vectors(str(floret_file))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "init",
            "vectors",
            "de",
            str(floret_file),
            args.out,
            "--mode",
            "floret",
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
