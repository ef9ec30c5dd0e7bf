#!/usr/bin/env bash
# Load test of search --serve over loopback, bounded in time: a generated
# corpus is indexed, the server started on a free loopback port, and
# bench/http_load runs CLIENTS clients for SECONDS seconds twice: on a quiet
# index, then while `indexer --rebuild` runs again and again underneath.
# Prints one JSON line of figures per run and a Markdown table; exits 1 when
# any request failed. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build work=bench/work/http articles=2000 seconds=30 clients=32 threads=32
while (($#)); do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "http_load.sh: unknown option $1 (--build --work --articles --seconds --clients --threads)" >&2; exit 2 ;;
  esac
done
for program in make_corpus make_queries http_load indexer search; do
  [ -x "$build/$program" ] || { echo "http_load.sh: $build/$program missing: cmake --build $build --target $program" >&2; exit 2; }
done

mkdir -p "$work"
corpus=$work/corpus-$articles index=$work/index queries=$work/queries
if [ ! -d "$corpus" ]; then
  "$build/make_corpus" --articles "$articles" --out "$corpus" >/dev/null
fi
mkdir -p "$queries"
"$build/make_queries" --corpus "$corpus" --out "$queries" >/dev/null
"$build/indexer" --corpus "$corpus" --index "$index" --rebuild --quiet

log=$work/serve.log
"$build/search" --index "$index" --serve --listen 127.0.0.1:0 --threads "$threads" 2>"$log" &
server=$!
rebuilder=""
cleanup() {
  [ -n "$rebuilder" ] && kill "$rebuilder" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  grep -q "serving http://" "$log" && break
  sleep 0.1
done
address=$(grep -o "http://[^/]*" "$log" | head -1 | sed 's|http://||')
[ -n "$address" ] || { echo "http_load.sh: the server did not start: $(cat "$log")" >&2; exit 2; }

load() { "$build/http_load" --server "$address" --queries "$queries/queries.txt" --clients "$clients" --seconds "$seconds"; }

status=0
quiet=$(load) || status=1
echo "$quiet"
# The same load with rebuilds underneath, one after another until it ends.
rm -f "$work/rebuilds"
(while true; do "$build/indexer" --corpus "$corpus" --index "$index" --rebuild --quiet && echo done >>"$work/rebuilds"; done) &
rebuilder=$!
during=$(load) || status=1
kill "$rebuilder"; wait "$rebuilder" 2>/dev/null || true
rebuilder=""
echo "$during"
rebuilds=$(wc -l <"$work/rebuilds" 2>/dev/null || echo 0)

kill -TERM "$server"
wait "$server" || { echo "http_load.sh: the server did not exit cleanly" >&2; status=1; }
trap - EXIT

row() { jq -r --arg name "$1" '"| \($name) | \(.clients) | \(.seconds) | \(.requests) | \(.errors) | \(.requests_per_second) | \(.p50_ms) | \(.p99_ms) | \(.max_ms) |"' <<<"$2"; }
echo
echo "| run ($articles articles, $threads server threads) | clients | s | requests | errors | req/s | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|---|"
row "quiet index" "$quiet"
row "during indexer --rebuild ($rebuilds rebuilds finished)" "$during"
exit $status
