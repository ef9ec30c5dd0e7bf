#!/usr/bin/env bash
# Two builds of search and SQLite FTS5 taking turns on one index, for a change
# to query time measured against its parent in the same minutes (machines here
# are noisy: a whole run of bench/run.sh moves by more than most changes).
#
#   bench/compare_builds.sh --before OLD/search-serve --after NEW/search-serve \
#       --work /tmp/bench-a [--rounds 10] [--build build] [-- search flags...]
#
# --work is a bench/run.sh work folder (its index, queries and fts5.db).
# Prints each round's p50 and p99 (ms) for the two builds and FTS5, and the
# p50 ratios to FTS5; then the medians over the rounds.
set -euo pipefail

before="" after="" work="" rounds=10 build="build"
while (($#)); do
  case $1 in
    --before) before=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "compare_builds: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
[[ -x $before && -x $after && -d $work ]] || { echo "compare_builds: needs --before BIN --after BIN --work DIR" >&2; exit 2; }
queries=$(ls -d "$work"/queries-n* | head -n 1)
[[ -f $queries/queries.txt && -f $work/fts5.db && -d $work/index ]] ||
  { echo "compare_builds: $work has no index, queries or fts5.db (run bench/run.sh --work $work first)" >&2; exit 2; }

percentiles() { sort -g | awk '{a[NR] = $1} END {printf "%.3f %.3f", a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1]}'; }
ours() { "$1" --index "$work/index" --batch "$queries/queries.txt" --format jsonl "${@:2}" 2>/dev/null | jq -r .elapsed_ms | percentiles; }
fts5() { "$build/fts5_bench" query --db "$work/fts5.db" --queries "$queries/queries.fts5.txt" --limit 10 2>/dev/null | jq -r .elapsed_ms | percentiles; }

echo "round before_p50 before_p99 after_p50 after_p99 fts5_p50 fts5_p99 before/fts5 after/fts5"
for ((i = 1; i <= rounds; i++)); do
  echo "$i $(ours "$before" "$@") $(ours "$after" "$@") $(fts5)" |
    awk '{printf "%s %s %s %s %s %s %s %.2f %.2f\n", $1, $2, $3, $4, $5, $6, $7, $2 / $6, $4 / $6}'
done | tee /dev/stderr | awk '
  function median(v, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {n++; b[n] = $2; a[n] = $4; f[n] = $6; rb[n] = $8; ra[n] = $9}
  END {printf "medians over %d rounds: p50 before %.3f after %.3f fts5 %.3f; ratio before %.3f after %.3f\n",
               n, median(b, n), median(a, n), median(f, n), median(rb, n), median(ra, n)}' >&2
