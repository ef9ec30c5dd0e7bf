#!/usr/bin/env bash
# The shipped entity model is what tools/train-ner.sh makes from the current
# code and data files: the labeller's word-list features read data/, so an edit
# there (or to the features) without a retrain would leave a model nobody can
# reproduce. Skipped (77) without the shared training data.
# usage: model_reproducible.sh BUILD_DIR WORK_DIR
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:?build folder}
work=${2:?work folder}
data=${NEWS_NER_DATA:-$repo/../shared/data/ner}
if [[ ! -f $data/train.conll ]]; then
  echo "skipped: no NER training data at $data (set NEWS_NER_DATA)"
  exit 77
fi
mkdir -p "$work"
NEWS_DATA_DIR=$repo/data "$repo/tools/train-ner.sh" --data "$data" --build "$build" --out "$work/ner-model.bin" >"$work/train.log"
if ! cmp -s "$work/ner-model.bin" "$repo/data/ner-model.bin"; then
  echo "data/ner-model.bin is not what tools/train-ner.sh trains from this tree (retrain and commit it): $(cmp "$work/ner-model.bin" "$repo/data/ner-model.bin" || true)" >&2
  exit 1
fi
echo "data/ner-model.bin reproduced byte for byte ($(tail -1 "$work/train.log"))"
