#!/usr/bin/env bash
# Reproduces models/ner-de from ../shared/data: text → floret vectors, corpora, spaCy efficiency NER (CPU).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${LAGEBILD_NER_WORK:-/tmp/lagebild-ner}
steps=${LAGEBILD_NER_STEPS:-30000}
mkdir -p "$work"
python "$here/build_text.py" --out "$work/text.txt"
python "$here/train_vectors.py" --text "$work/text.txt" --out "$work/vectors"
python "$here/build_corpus.py" --out "$work"
python -m spacy train "$here/config.cfg" --output "$work/out" \
  --paths.train "$work/train.spacy" --paths.dev "$work/tuning.spacy" --paths.vectors "$work/vectors" \
  --training.max_steps "$steps" --training.seed 0 --system.seed 0 --nlp.batch_size 256
rm -rf "$here/../ner-de"
cp -r "$work/out/model-best" "$here/../ner-de"
