#!/usr/bin/env bash
# The scale check of issue 14: our indexer and SQLite FTS5 on the layouts of
# two real collections, one after the other in the same run: the BBC News set
# (2,225 files in business/ entertainment/ politics/ sport/ tech/, names
# 001.txt... repeating across folders) and Reuters-21578 as one JSONL file of
# 18,000 records. Reports articles/s and index size of both, and checks that
# every article was indexed (no id collisions, every record's date read).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<EOF
usage: bench/real_corpora.sh [--quick] [--build DIR] [--work DIR] [--out FILE] [--seed S]

  --quick      225 BBC-like files and 1,800 JSONL records (checks that the step works, not how fast)
  --build DIR  where indexer, search, make_corpus and fts5_bench are (default build/)
  --work DIR   corpora, indexes and logs (default bench/work/real/, git-ignored)
  --out FILE   the report (default WORK/REAL-CORPORA.md)
  --seed S     corpus seed (default 42)
EOF
}

die() {
  echo "bench/real_corpora.sh: $*" >&2
  exit 2
}
log() { echo "bench: $*" >&2; }

invocation="bench/real_corpora.sh${*:+ $*}"
quick=0 build="$repo/build" work="$repo/bench/work/real" out="" seed=42
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --build) build=${2:?--build needs a folder}; shift ;;
    --work) work=${2:?--work needs a folder}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    --seed) seed=${2:?--seed needs a number}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
mkdir -p "$work"
build=$(cd "$build" 2>/dev/null && pwd) || die "--build: no such folder (cmake -S . -B build first)"
work=$(cd "$work" && pwd)
[[ -z $out ]] && out="$work/REAL-CORPORA.md"
command -v jq >/dev/null || die "jq not found: apt-get install jq"
for program in make_corpus fts5_bench indexer search; do
  [[ -x $build/$program ]] || die "$build/$program not found: cmake --build ${build#"$PWD"/} --target bench_tools indexer search"
done

bbc_files=$((quick ? 225 : 2225))
jsonl_records=$((quick ? 1800 : 18000))
run="$work/run"
rm -rf "$run"
mkdir -p "$run"

# Runs "$@"; NAME.out, NAME.err and NAME.wall (seconds) land in $run. Returns its exit code.
timed() {
  local name=$1
  shift
  local start=${EPOCHREALTIME//[!0-9]/} rc=0
  "$@" >"$run/$name.out" 2>"$run/$name.err" || rc=$?
  local end=${EPOCHREALTIME//[!0-9]/}
  awk -v us=$((end - start)) 'BEGIN { printf "%.3f\n", us / 1e6 }' >"$run/$name.wall"
  return $rc
}
size_mb() { du -sb "$@" | awk '{ s += $1 } END { printf "%.1f\n", s / 1e6 }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f\n", (s > 0 ? n / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'; }

# make_corpus NAME LAYOUT COUNT: the corpus folder, reused when its description matches.
make_corpus() {
  local name=$1 layout=$2 count=$3
  local dir="$work/$name-n$count-s$seed" describe
  describe=$("$build/make_corpus" --describe --layout "$layout" --articles "$count" --seed "$seed")
  if [[ -d $dir && -f $dir.stamp && $(<"$dir.stamp") == "$describe" ]]; then
    log "corpus: reusing $dir"
  else
    log "corpus: writing $count articles ($layout) to $dir"
    rm -rf "$dir" "$dir.stamp"
    "$build/make_corpus" --layout "$layout" --articles "$count" --seed "$seed" --out "$dir" >"$run/$name.make.json"
    echo "$describe" >"$dir.stamp"
  fi
  echo "$dir"
}

rows=()
# measure NAME LABEL CORPUS ARTICLES: both engines on one corpus; appends a table row.
measure() {
  local name=$1 label=$2 corpus=$3 articles=$4
  local index="$work/$name.index" db="$work/$name.fts5.db" rc=0
  rm -rf "$index" "$db"
  log "$name: indexer --rebuild"
  timed "$name.indexer" "$build/indexer" --corpus "$corpus" --index "$index" --rebuild || rc=$?
  ((rc == 0)) || { tail -n 5 "$run/$name.indexer.err" >&2; die "$name: indexer exit $rc (every file must index cleanly)"; }
  local ours
  ours=$("$build/search" --index "$index" --stats --format json | jq -r .articles)
  [[ $ours == "$articles" ]] || die "$name: the index holds $ours articles, expected $articles"
  local dated
  dated=$("$build/search" --index "$index" --count --since 1000 --until 9999 || true)  # exit 1: none
  log "$name: fts5_bench index"
  timed "$name.fts5" "$build/fts5_bench" index --corpus "$corpus" --db "$db" || die "$name: fts5_bench failed"
  local fts5_articles
  fts5_articles=$(jq -r .articles "$run/$name.fts5.out")
  [[ $fts5_articles == "$articles" ]] || die "$name: fts5_bench indexed $fts5_articles articles, expected $articles"
  local ours_wall fts5_wall ours_mb fts5_mb summary_rate
  ours_wall=$(<"$run/$name.indexer.wall")
  fts5_wall=$(<"$run/$name.fts5.wall")
  ours_mb=$(size_mb "$index")
  fts5_mb=$(size_mb "$db")
  summary_rate=$(grep -o '[0-9.]* articles/s' "$run/$name.indexer.out" | head -n 1)
  rows+=("| $label | $articles | $dated | $(per_s "$articles" "$ours_wall") ($summary_rate) | $(per_s "$articles" "$fts5_wall") | $(ratio "$(per_s "$articles" "$ours_wall")" "$(per_s "$articles" "$fts5_wall")") | $ours_mb | $fts5_mb | $(ratio "$ours_mb" "$fts5_mb") |")
}

bbc=$(make_corpus bbc bbc "$bbc_files")
reuters=$(make_corpus reuters reuters-jsonl "$jsonl_records")
measure bbc "BBC-like layout" "$bbc" "$bbc_files"
measure reuters "Reuters-like JSONL" "$reuters" "$jsonl_records"

{
  echo "# Real-corpus layouts: ours against SQLite FTS5"
  echo
  echo "\`$invocation\` at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ),"
  echo "$(nproc) cores. Articles/s is wall time of the whole program (ours: \`indexer --rebuild\`, entities"
  echo "on; the rate in brackets is the indexer's own summary, over reading, analysis and writing);"
  echo "sizes are \`du -sb\` of the index folder and of the FTS5 database. \"Dated\" is how many of our"
  echo "articles have a date (every Reuters-like record carries one in the wire's own form)."
  echo
  echo "| corpus | articles | dated | ours articles/s | FTS5 articles/s | ratio | ours MB | FTS5 MB | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
log "report: $out"
cat "$out"
