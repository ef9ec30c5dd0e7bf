#!/usr/bin/env bash
# CTest relevance_quick: bench/relevance.sh --quick end to end (Cranfield, ours
# and FTS5, a two-row sweep), then checks the report's shape and that the
# sweep's arguments reach `search`. Not the figures: those belong to the lead.
# usage: quick_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=${1:?usage: quick_test.sh BUILD_DIR WORK_DIR} work=${2:?usage: quick_test.sh BUILD_DIR WORK_DIR}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
report="$work/RELEVANCE-quick.md"
fail() {
  echo "relevance_quick: $*" >&2
  exit 1
}

# The collections are not in the repository (see bench/README.md): without them
# the test says so and CTest counts it as skipped (SKIP_RETURN_CODE 77), not passed.
data=${NEWS_RELEVANCE_DATA:-$repo/../shared/data/relevance}
if [[ ! -d $data/cran ]]; then
  echo "relevance_quick: skipped: no Cranfield collection at $data (set NEWS_RELEVANCE_DATA)"
  exit 77
fi

rm -f "$report"
"$repo/bench/relevance.sh" --quick --data "$data" --build "$build" --work "$work" --out "$report" --sweep '--offset=0,900' >/dev/null

# | LABEL | MAP | nDCG@10 | P@10 | Recall@100 | -> "MAP nDCG P R" of the first row with that label
measures() { awk -F' *\\| *' -v label="$1" '$2 == label { print $3, $4, $5, $6; exit }' "$report"; }
for label in ours "SQLite FTS5"; do
  row=$(measures "$label")
  [[ -n $row ]] || fail "no '$label' row in $report"
  # Four measures between 0 and 1; a MAP under 0.1 means ids or query numbers are
  # mixed up (today's figures are near 0.30), not a worse ranking.
  awk -v row="$row" 'BEGIN { n = split(row, m, " "); ok = n == 4 && m[1] > 0.1;
    for (i = 1; i <= n; ++i) ok = ok && m[i] ~ /^[01]\.[0-9][0-9][0-9][0-9]$/ && m[i] <= 1; exit !ok }' ||
    fail "'$label' row is not four measures in [0, 1] with MAP > 0.1: $row"
done
grep -q '^Scored over 225 queries; 0 without' "$report" || fail "Cranfield should score all 225 queries"

# The sweep: offset 0 is the plain run again; offset 900 starts at rank 901 and must score lower.
# shellcheck disable=SC2016  # the backticks are the report's Markdown, not a command
base=$(measures ours) first=$(measures '`--offset=0`') second=$(measures '`--offset=900`')
[[ -n $first && -n $second ]] || fail "sweep rows missing in $report"
[[ $first == "$base" ]] || fail "sweep with --offset=0 ($first) differs from the plain run ($base)"
awk -v a="$first" -v b="$second" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(y[3] < x[3]) }' ||
  fail "the sweep's --offset=900 did not reach search (P@10 $second vs $first)"

# Every query has a ranked list in our run.
queries=$(awk '{ print $1 }' "$work/cran/ours.run" | sort -u | wc -l)
((queries == 225)) || fail "ours.run ranks $queries queries, expected 225"
echo "relevance_quick: ok ($report)"
