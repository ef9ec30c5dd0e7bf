#!/usr/bin/env bash
# The HTTP libraries of issue 19 side by side: bench/http_libraries serves a
# canned ~2 KB /api/search answer with each library the build has, and
# `search --serve` answers real searches on a generated index for scale;
# bench/http_load runs CLIENTS keep-alive clients for SECONDS against each,
# the servers taking turns, RUNS times. Prints one JSON line per run and a
# Markdown table of medians; exits 1 when any request failed. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build work=bench/work/http-libraries articles=2000 seconds=10 runs=3 clients=32 threads=32 with_search=1
while (($#)); do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --articles) articles=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-search) with_search=0; shift ;;
    --quick) seconds=1 runs=1 with_search=0; shift ;;
    *) echo "http_libraries.sh: unknown option $1 (--build --work --articles --seconds --runs --clients --threads --no-search --quick)" >&2; exit 2 ;;
  esac
done
programs=(http_libraries http_load)
((with_search)) && programs+=(make_corpus make_queries indexer search)
for program in "${programs[@]}"; do
  [ -x "$build/$program" ] || { echo "http_libraries.sh: $build/$program missing: cmake --build $build --target $program" >&2; exit 2; }
done

mkdir -p "$work"
queries=$work/queries.txt
if ((with_search)); then
  corpus=$work/corpus-$articles index=$work/index
  [ -d "$corpus" ] || "$build/make_corpus" --articles "$articles" --out "$corpus" >/dev/null
  "$build/make_queries" --corpus "$corpus" --out "$work/queries" >/dev/null
  cp "$work/queries/queries.txt" "$queries"
  "$build/indexer" --corpus "$corpus" --index "$index" --rebuild --quiet
else
  printf '%s\n' Kishida "Kuril Islands" "talks sanctions" "person:\"Fumio Kishida\" vote" >"$queries"
fi

# name|command: the canned servers (cpp-httplib as search --serve sets it up,
# then with TCP_NODELAY, then also without its 5-requests-per-connection
# limit), and the real thing.
variants=()
for library in $("$build/http_libraries" --list); do
  variants+=("$library|$build/http_libraries --library $library --threads $threads")
done
canned_httplib="$build/http_libraries --library httplib --threads $threads --tcp-nodelay"
variants+=("httplib, TCP_NODELAY|$canned_httplib")
variants+=("httplib, TCP_NODELAY, keep-alive unlimited|$canned_httplib --keep-alive-max 1000000000")
((with_search)) && variants+=("search --serve ($articles articles)|$build/search --index $index --serve --listen 127.0.0.1:0 --threads $threads")

# CPU seconds (user + system, every thread) the process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }

server=""
trap '[ -n "$server" ] && kill -TERM "$server" 2>/dev/null || true' EXIT
measure() {  # name command...
  local name=$1 log=$work/server.log; shift
  "$@" 2>"$log" &
  server=$!
  for _ in $(seq 100); do grep -q "serving http://" "$log" && break; sleep 0.1; done
  local address
  address=$(grep -o "http://[^/]*" "$log" | head -1 | sed 's|http://||')
  [ -n "$address" ] || { echo "http_libraries.sh: $name did not start: $(cat "$log")" >&2; exit 2; }  # the trap stops it
  local cpu_before figures cpu_after failed=0
  cpu_before=$(cpu_seconds "$server")
  figures=$("$build/http_load" --server "$address" --queries "$queries" --clients "$clients" --seconds "$seconds") || failed=1
  cpu_after=$(cpu_seconds "$server")
  kill -TERM "$server"
  wait "$server" || { echo "http_libraries.sh: $name did not exit cleanly" >&2; failed=1; }
  server=""
  jq -c --arg name "$name" --argjson cpu "$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN { print a - b }')" \
    '{name: $name} + . + {server_cpu_us_per_request: (if .requests > 0 then ($cpu * 1e6 / .requests | round) else null end)}' <<<"$figures"
  return $failed
}

status=0
results=$work/results.jsonl
: >"$results"
for run in $(seq "$runs"); do
  for variant in "${variants[@]}"; do
    # shellcheck disable=SC2086  # the command is words on purpose
    measure "${variant%%|*}" ${variant#*|} >"$work/run.json" || status=1
    jq -c --argjson run "$run" '{run: $run} + .' "$work/run.json" | tee -a "$results"
  done
done

echo
echo "| server ($clients clients, $threads threads, ${seconds}s x $runs, medians) | req/s | p50 ms | p99 ms | server CPU µs/request | errors | req/s of each run |"
echo "|---|---|---|---|---|---|---|"
jq -rs 'def median: sort | .[length / 2 | floor];
  group_by(.name) | sort_by(-(map(.requests_per_second) | median))[] |
  "| \(.[0].name) | \(map(.requests_per_second) | median) | \(map(.p50_ms) | median) | \(map(.p99_ms) | median) | \(map(.server_cpu_us_per_request) | median) | \(map(.errors) | add) | \(map(.requests_per_second | tostring) | join(", ")) |"' "$results"
exit $status
