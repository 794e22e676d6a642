#!/usr/bin/env bash
# Reproduces models/ner-de from ../shared/data: text → floret vectors, corpora, spaCy efficiency NER (CPU).
#   bash models/ner/train.sh                       # the shipped model (GermEval dev minus the tuning ninth)
#   LAGEBILD_NER_HOLDOUT=1 bash models/ner/train.sh  # the evaluation model: every third sentence kept unseen
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${LAGEBILD_NER_WORK:-/tmp/lagebild-ner}
steps=${LAGEBILD_NER_STEPS:-8000}
holdout=()
[[ -n "${LAGEBILD_NER_HOLDOUT:-}" ]] || holdout=(--no-holdout)
mkdir -p "$work"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
[[ -s "$work/text.txt" ]] || python "$here/build_text.py" --out "$work/text.txt"
[[ -d "$work/vectors" ]] || python "$here/train_vectors.py" --text "$work/text.txt" --out "$work/vectors" --threads 1
python "$here/build_corpus.py" --out "$work" "${holdout[@]}"
python -m spacy train "$here/config.cfg" --output "$work/out" \
  --paths.train "$work/train.spacy" --paths.dev "$work/tuning.spacy" --paths.vectors "$work/vectors" \
  --training.max_steps "$steps" --training.patience 2400 --training.seed 0 --system.seed 0 --nlp.batch_size 256
python "$here/mark_model.py" "$work/out/model-best" "${holdout[@]}"
rm -rf "$here/../ner-de"
cp -r "$work/out/model-best" "$here/../ner-de"
