#!/usr/bin/env bash
# Retrains the shipped entity model, data/ner-model.bin, from the shared NER
# data (CC BY-SA 4.0, see data/ner-model.LICENSE): builds ner_train, runs it
# with the shipped settings, prints the training report. Deterministic: the
# same data gives the same model bytes. See docs/entities.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${NEWS_NER_DATA:-$repo/../shared/data/ner}
build=$repo/build
out=$repo/data/ner-model.bin

usage() {
  cat <<USAGE
usage: tools/train-ner.sh [--data DIR] [--build DIR] [--out FILE]

  --data DIR   folder with train.conll and dev.conll (default: \$NEWS_NER_DATA, else ../shared/data/ner)
  --build DIR  CMake build folder (default build/)
  --out FILE   where to write the model (default data/ner-model.bin)
USAGE
}

while (($#)); do
  case $1 in
    --data) data=${2:?--data needs a folder}; shift ;;
    --build) build=${2:?--build needs a folder}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; echo "train-ner.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -f $data/train.conll ]] || { echo "train-ner.sh: $data/train.conll not found (use --data)" >&2; exit 2; }

if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target ner_train -j2 >/dev/null

# The shipped settings: keep them in step with docs/entities.md.
"$build/ner_train" --train "$data/train.conll" --dev "$data/dev.conll" --out "$out" \
  --learner perceptron --epochs 15 --bits 18 --seed 1 --caps-fraction 0.2 --synthetic 1000 --threads 2
