#!/usr/bin/env bash
# The benchmark: our indexer and search against SQLite FTS5, and Lucene when
# Debian's liblucene8-java and a JDK are there, on one generated corpus, the
# engines taking turns in the same run, written up as a Markdown table of
# figures and ratios to FTS5 (see bench/README.md for what each step does).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<EOF
usage: bench/run.sh [--quick] [--articles N] [--shards N] [--build DIR] [--work DIR] [--out FILE]
                    [--seed S] [--source DIR]... [--cold-runs N] [--index-runs N] [--query-runs N]
                    [--no-lucene]

  --quick        2,000 articles, results to WORK/RESULTS-quick.md (what CI runs: it checks
                 that the benchmark works, not how fast)
  --articles N   corpus size (default 20000)
  --shards N     passed to the indexer (default: the indexer's own default)
  --build DIR    where indexer, search, make_corpus, make_queries, fts5_bench are (default build/)
  --work DIR     corpus, queries, indexes and logs (default bench/work/, git-ignored)
  --out FILE     the report (default bench/RESULTS.md; WORK/RESULTS-quick.md with --quick)
  --seed S       corpus and query seed (default 42)
  --source DIR   prose for the corpus (repeatable; default: make_corpus's, see bench/README.md)
  --cold-runs N  whole-process runs for the cold-start median (default 20)
  --index-runs N indexing runs of each engine, alternating, the median reported
                 (default 3; 1 with --quick): one run on a shared machine is noise
  --query-runs N batch runs of each query set (ours without and with facets, FTS5),
                 taking turns; each query's time is its median over the runs (default 3;
                 1 with --quick)
  --no-lucene    leave the Lucene peer out (it is left out anyway, with a note, when
                 liblucene8-java or javac is missing)
EOF
}

die() {
  echo "bench/run.sh: $*" >&2
  exit 2
}
log() { echo "bench: $*" >&2; }

invocation="bench/run.sh${*:+ $*}"
quick=0 articles="" shards="" build="$repo/build" work="$repo/bench/work" out="" seed=42 cold_runs=20 index_runs="" query_runs=""
lucene=1
sources=()
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --articles) articles=${2:?--articles needs a number}; shift ;;
    --shards) shards=${2:?--shards needs a number}; shift ;;
    --build) build=${2:?--build needs a folder}; shift ;;
    --work) work=${2:?--work needs a folder}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    --seed) seed=${2:?--seed needs a number}; shift ;;
    --source) sources+=(--source "${2:?--source needs a folder}"); shift ;;
    --cold-runs) cold_runs=${2:?--cold-runs needs a number}; shift ;;
    --index-runs) index_runs=${2:?--index-runs needs a number}; shift ;;
    --query-runs) query_runs=${2:?--query-runs needs a number}; shift ;;
    --no-lucene) lucene=0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
[[ -z $articles ]] && articles=$((quick ? 2000 : 20000))
[[ $articles =~ ^[1-9][0-9]*$ ]] || die "--articles: not a positive number: $articles"
[[ -z $shards || $shards =~ ^[1-9][0-9]*$ ]] || die "--shards: not a positive number: $shards"
[[ $cold_runs =~ ^[1-9][0-9]*$ ]] || die "--cold-runs: not a positive number: $cold_runs"
[[ -z $index_runs ]] && index_runs=$((quick ? 1 : 3))
[[ $index_runs =~ ^[1-9][0-9]*$ ]] || die "--index-runs: not a positive number: $index_runs"
[[ -z $query_runs ]] && query_runs=$((quick ? 1 : 3))
[[ $query_runs =~ ^[1-9][0-9]*$ ]] || die "--query-runs: not a positive number: $query_runs"
mkdir -p "$work"
build=$(cd "$build" 2>/dev/null && pwd) || die "--build: no such folder (cmake -S . -B build first)"
work=$(cd "$work" && pwd)
# A quick run never replaces the committed full-run report unless asked to.
[[ -z $out ]] && out=$([[ $quick == 1 ]] && echo "$work/RESULTS-quick.md" || echo "$repo/bench/RESULTS.md")

# --- What the run needs --------------------------------------------------------

command -v jq >/dev/null || die "jq not found: apt-get install jq"
command -v sqlite3 >/dev/null || die "sqlite3 not found: apt-get install sqlite3"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: apt-get install time"
for program in make_corpus make_queries fts5_bench indexer search; do
  [[ -x $build/$program ]] ||
    die "$build/$program not found: cmake --build ${build#"$PWD"/} --target bench_tools indexer search"
done

run="$work/run"  # logs and outputs of this run only
rm -rf "$run"
mkdir -p "$run"

# Lucene: the Debian package's jars and a JDK (as bench/relevance.sh finds
# them), compiled here; else the run goes on without it, and says why.
lucene_note="" lucene_classpath=""
if ((!lucene)); then
  lucene_note="Lucene left out: --no-lucene"
else
  jars=()
  for part in core analyzers-common queryparser highlighter memory queries; do
    jar=$(compgen -G "/usr/share/java/lucene-$part-[0-9]*.jar" | head -n 1 || true)
    [[ -n $jar ]] && jars+=("$jar")
  done
  if ((${#jars[@]} < 6)); then
    lucene=0 lucene_note="Lucene left out: its jars are not in /usr/share/java (apt-get install liblucene8-java)"
  elif ! command -v javac >/dev/null || ! command -v java >/dev/null; then
    lucene=0 lucene_note="Lucene left out: no javac (apt-get install openjdk-17-jdk-headless)"
  else
    lucene_classpath="$run/java:$(IFS=:; echo "${jars[*]}")"
    javac -nowarn -d "$run/java" -cp "$lucene_classpath" "$repo/bench/lucene/LuceneBench.java" 2>"$run/javac.err" ||
      { cat "$run/javac.err" >&2; die "javac failed on bench/lucene/LuceneBench.java"; }
  fi
fi
[[ -n $lucene_note ]] && log "$lucene_note"

# Runs "$@" under /usr/bin/time -v; NAME.out, NAME.err, NAME.time (time's report)
# and NAME.wall (seconds, from the shell's microsecond clock) land in $run.
# Returns the command's exit code.
timed() {
  local name=$1
  shift
  local start=${EPOCHREALTIME//[!0-9]/} rc=0
  /usr/bin/time -v -o "$run/$name.time" "$@" >"$run/$name.out" 2>"$run/$name.err" || rc=$?
  local end=${EPOCHREALTIME//[!0-9]/}
  awk -v us=$((end - start)) 'BEGIN { printf "%.3f\n", us / 1e6 }' >"$run/$name.wall"
  return $rc
}
peak_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 * 1024 / 1e6 }' "$run/$1.time"; }
cpu_seconds() {
  awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f\n", s }' "$run/$1.time"
}
show_errors() { tail -n 20 "$run/$1.err" >&2 || true; }
size_mb() { du -sb "$@" | awk '{ s += $1 } END { printf "%.1f\n", s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'; }

# --- Corpus and queries ----------------------------------------------------------

corpus="$work/corpus-n$articles-s$seed"
stamp="$corpus.stamp"  # make_corpus --describe of the corpus in that folder
describe=$("$build/make_corpus" --describe --articles "$articles" --seed "$seed" "${sources[@]}")
if [[ -d $corpus && -f $stamp && $(<"$stamp") == "$describe" ]]; then
  log "corpus: reusing $corpus"
else
  log "corpus: writing $articles articles (seed $seed) to $corpus"
  rm -rf "$corpus" "$stamp"
  "$build/make_corpus" --articles "$articles" --seed "$seed" "${sources[@]}" --out "$corpus" >"$run/make_corpus.json"
  echo "$describe" >"$stamp"
fi
corpus_bytes=$(find "$corpus" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
corpus_files=$(find "$corpus" -name '*.txt' | wc -l)
[[ $corpus_files == "$articles" ]] || die "$corpus holds $corpus_files articles, expected $articles"
corpus_mb=$(awk -v b="$corpus_bytes" 'BEGIN { printf "%.1f\n", b / 1e6 }')

queries="$work/queries-n$articles-s$seed"
"$build/make_queries" --corpus "$corpus" --out "$queries" --seed "$seed" >"$run/make_queries.json"
query_count=$(wc -l <"$queries/queries.txt")
log "queries: $query_count in $queries"

# --- Indexing --------------------------------------------------------------------

index="$work/index"
fts5_db="$work/fts5.db"
lucene_index="$work/lucene-index"
indexer_args=(--corpus "$corpus" --index "$index" --rebuild --quiet)
[[ -n $shards ]] && indexer_args+=(--shards "$shards")

# Keeps, under NAME.*, the files of the run with the median wall time among NAME.1.* ... NAME.N.*
keep_median() {
  local name=$1 median
  median=$(for ((i = 1; i <= index_runs; i++)); do echo "$(<"$run/$name.$i.wall") $i"; done | sort -n |
    awk -v n="$index_runs" 'NR == int((n + 1) / 2) { print $2 }')
  for ext in out err time wall; do cp "$run/$name.$median.$ext" "$run/$name.$ext"; done
  echo "$name: runs $(for ((i = 1; i <= index_runs; i++)); do printf '%s ' "$(<"$run/$name.$i.wall")"; done)s, median run $median" >>"$run/index_runs.txt"
}

# The engines take turns, so a noisy neighbour hits both alike.
for ((i = 1; i <= index_runs; i++)); do
  rm -rf "$index" "$fts5_db" "$lucene_index"
  log "indexing ($i/$index_runs): indexer ${indexer_args[*]}"
  rc=0
  timed "indexer.$i" "$build/indexer" "${indexer_args[@]}" || rc=$?
  if ((rc == 1)); then
    log "warning: indexer skipped some files (exit 1); see $run/indexer.$i.err"
  elif ((rc != 0)); then
    show_errors "indexer.$i"
    die "indexer failed (exit $rc)"
  fi
  log "indexing ($i/$index_runs): fts5_bench index"
  timed "fts5_index.$i" "$build/fts5_bench" index --corpus "$corpus" --db "$fts5_db" || {
    show_errors "fts5_index.$i"
    die "fts5_bench index failed"
  }
  if ((lucene)); then
    log "indexing ($i/$index_runs): LuceneBench index (2 threads)"
    timed "lucene_index.$i" java -cp "$lucene_classpath" LuceneBench index "$corpus" "$lucene_index" 2 || {
      show_errors "lucene_index.$i"
      die "LuceneBench index failed"
    }
  fi
done
keep_median indexer
keep_median fts5_index
if ((lucene)); then
  keep_median lucene_index
  lucene_articles=$(jq -r .articles "$run/lucene_index.out")
  if [[ $lucene_articles != "$articles" ]]; then
    lucene=0 lucene_note="Lucene left out: it indexed $lucene_articles articles, expected $articles (it reads .txt files only)"
    log "$lucene_note"
  fi
fi
fts5_articles=$(jq -r .articles "$run/fts5_index.out")
[[ $fts5_articles == "$articles" ]] || die "fts5_bench indexed $fts5_articles articles, expected $articles"

# --- Queries ---------------------------------------------------------------------

# Percentiles (nearest rank) and counts of one engine's JSON lines, tab-separated:
# p50 p90 p99 max answered errors no_hits
query_stats() {
  jq -s -r '
    def pct($p): (length) as $n | if $n == 0 then null else .[(($p * $n - 1e-9) | ceil) - 1] end;
    ([.[] | select(.error == null) | .elapsed_ms] | sort) as $t
    | [($t | pct(0.5)), ($t | pct(0.9)), ($t | pct(0.99)), ($t | max), ($t | length),
       ([.[] | select(.error != null)] | length),
       ([.[] | select(.error == null and ((.hits // []) | length) == 0)] | length)]
    | map(if . == null then "n/a" elif type == "number" and . != floor then (. * 1000 | round) / 1000 else . end)
    | @tsv' "$1"
}

# A Markdown row per query kind: count, p50 and p99 of ours and of FTS5.
# Arguments: our JSON lines, FTS5's, and the kinds file, all in query order.
kind_rows() {
  jq -n -r --slurpfile ours "$1" --slurpfile fts5 "$2" --rawfile kinds "$3" '
    def pct($p): (length) as $n | if $n == 0 then null else .[(($p * $n - 1e-9) | ceil) - 1] end;
    def ms: if . == null then "n/a" else (. * 1000 | round) / 1000 end;
    def times: map(select(.error == null) | .elapsed_ms) | sort;
    ($kinds | split("\n") | map(select(length > 0))) as $k
    | [range(0; $k | length) | {kind: $k[.], ours: $ours[.], fts5: $fts5[.]}]
    | group_by(.kind)[]
    | (map(.ours) | times) as $o | (map(.fts5) | times) as $f
    | "| \(.[0].kind) | \(length) | \($o | pct(0.5) | ms) | \($f | pct(0.5) | ms) | \($o | pct(0.99) | ms) | \($f | pct(0.99) | ms) |"'
}

run_search() {  # NAME extra-args...
  local name=$1
  shift
  local rc=0
  log "queries: search --batch $*"
  timed "$name" "$build/search" --index "$index" --batch "$queries/queries.txt" --format jsonl --limit 10 "$@" || rc=$?
  local lines
  lines=$(wc -l <"$run/$name.out")
  if ((lines != query_count)); then
    show_errors "$name"
    die "search --batch $* answered $lines of $query_count queries (exit $rc); see $run/$name.err"
  fi
  ((rc == 0)) || log "warning: search --batch $* exited $rc after answering every query"
}

# NAME.out from NAME.1.out ... NAME.N.out (one JSON line per query, in query
# order): each query's line of the first run, its elapsed_ms the median of
# that query's over the runs (a query that failed in any run keeps the first
# run's line). One batch run is at the mercy of a noisy moment; a query's
# median over turns is not. NAME.wall: the median run's.
median_of_runs() {
  local name=$1 files=() i
  for ((i = 1; i <= query_runs; i++)); do files+=("$run/$name.$i.out"); done
  jq -c -n --argjson runs "$query_runs" --argjson n "$query_count" '
    [inputs] as $all
    | range(0; $n) as $q
    | [range(0; $runs) | $all[. * $n + $q]] as $rows
    | if any($rows[]; .elapsed_ms == null) then $rows[0]
      else ($rows | map(.elapsed_ms) | sort) as $t
        | $rows[0] + {elapsed_ms: (if $runs % 2 == 1 then $t[($runs - 1) / 2] else ($t[$runs / 2 - 1] + $t[$runs / 2]) / 2 end)}
      end' "${files[@]}" >"$run/$name.out"
  for ((i = 1; i <= query_runs; i++)); do echo "$(<"$run/$name.$i.wall")"; done | sort -n |
    awk -v n="$query_runs" 'NR == int((n + 1) / 2)' >"$run/$name.wall"
}

# Each turn runs our two batches and FTS5's, seconds apart, so that a noisy
# neighbour hits all three alike.
for ((i = 1; i <= query_runs; i++)); do
  log "queries ($i/$query_runs)"
  run_search "search_plain.$i" --no-facets
  run_search "search_facets.$i"
  log "queries: fts5_bench query"
  timed "fts5_query.$i" "$build/fts5_bench" query --db "$fts5_db" --queries "$queries/queries.fts5.txt" --limit 10 ||
    { show_errors "fts5_query.$i"; die "fts5_bench query failed"; }
  [[ $(wc -l <"$run/fts5_query.$i.out") == "$query_count" ]] ||
    die "fts5_bench query answered $(wc -l <"$run/fts5_query.$i.out") of $query_count queries"
done
for name in search_plain search_facets fts5_query; do median_of_runs "$name"; done
# The p50 ratios of each turn on its own, to show how much one run moves.
p50_of() { query_stats "$1" | cut -f1; }
query_turn_ratios=$(for ((i = 1; i <= query_runs; i++)); do
  fts5_turn=$(p50_of "$run/fts5_query.$i.out")
  echo "$(ratio "$(p50_of "$run/search_plain.$i.out")" "$fts5_turn")/$(ratio "$(p50_of "$run/search_facets.$i.out")" "$fts5_turn")"
done | paste -sd' ')

stats=$(query_stats "$run/search_plain.out")
IFS=$'\t' read -r ours_p50 ours_p90 ours_p99 ours_max ours_ok ours_err ours_empty <<<"$stats"
stats=$(query_stats "$run/search_facets.out")
IFS=$'\t' read -r facet_p50 facet_p90 facet_p99 facet_max _ facet_err facet_empty <<<"$stats"
stats=$(query_stats "$run/fts5_query.out")
IFS=$'\t' read -r fts5_p50 fts5_p90 fts5_p99 fts5_max _ fts5_err fts5_empty <<<"$stats"
lucene_p50=n/a lucene_p90=n/a lucene_p99=n/a lucene_max=n/a lucene_err=n/a lucene_empty=n/a
if ((lucene)); then
  log "queries: LuceneBench query (FTS5's query file; one untimed pass first)"
  timed lucene_query java -cp "$lucene_classpath" LuceneBench query "$lucene_index" "$queries/queries.fts5.txt" 10 \
    "$run/lucene_query.jsonl" || { show_errors lucene_query; die "LuceneBench query failed"; }
  stats=$(query_stats "$run/lucene_query.jsonl")
  IFS=$'\t' read -r lucene_p50 lucene_p90 lucene_p99 lucene_max _ lucene_err lucene_empty <<<"$stats"
fi
((ours_ok > 0)) || die "search answered no query without an error; see $run/search_plain.out"

# --- Cold start ------------------------------------------------------------------

cold_query="Patriot Ukraine"
cold_sql="SELECT id, bm25(articles), snippet(articles, 3, '<b>', '</b>', '…', 24) FROM articles
  WHERE articles MATCH '$cold_query' ORDER BY rank LIMIT 10"

# Median wall milliseconds of our search and of sqlite3, each as a whole
# process, over $cold_runs runs taking turns (so a noisy moment hits both
# alike), then of Lucene's JVM, after one run of each that warms the page
# cache. Prints "ours fts5 lucene". Exit codes 0 and 1 both count (1 means
# "nothing found" to search).
ours_cold_cmd=("$build/search" --index "$index" --limit 10 "$cold_query")
fts5_cold_cmd=(sqlite3 -readonly "$fts5_db" "$cold_sql")
lucene_cold_cmd=(java -cp "$lucene_classpath" LuceneBench search "$lucene_index" "$cold_query")
median_ms() {
  sort -n | awk '{ t[NR] = $1 } END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.2f\n", m / 1000 }'
}
cold_medians_ms() {
  local rc=0 i start end
  "${ours_cold_cmd[@]}" >/dev/null 2>"$run/cold.err" || rc=$?
  ((rc <= 1)) || { tail -n 5 "$run/cold.err" >&2; die "cold start: search failed (exit $rc)"; }
  "${fts5_cold_cmd[@]}" >/dev/null 2>"$run/cold.err" || { tail -n 5 "$run/cold.err" >&2; die "cold start: sqlite3 failed"; }
  if ((lucene)); then
    "${lucene_cold_cmd[@]}" >/dev/null 2>"$run/cold.err" || { tail -n 5 "$run/cold.err" >&2; die "cold start: LuceneBench failed"; }
  fi
  : >"$run/cold_ours.us"
  : >"$run/cold_fts5.us"
  : >"$run/cold_lucene.us"
  for ((i = 0; i < cold_runs; i++)); do
    start=${EPOCHREALTIME//[!0-9]/}
    "${ours_cold_cmd[@]}" >/dev/null 2>&1 || true
    end=${EPOCHREALTIME//[!0-9]/}
    echo $((end - start)) >>"$run/cold_ours.us"
    start=${EPOCHREALTIME//[!0-9]/}
    "${fts5_cold_cmd[@]}" >/dev/null 2>&1 || true
    end=${EPOCHREALTIME//[!0-9]/}
    echo $((end - start)) >>"$run/cold_fts5.us"
  done
  # Lucene's runs come after, not between: a JVM's start (300 ms on two
  # threads) evicted enough of the caches to slow the next search by 30%.
  for ((i = 0; lucene && i < cold_runs; i++)); do
    start=${EPOCHREALTIME//[!0-9]/}
    "${lucene_cold_cmd[@]}" >/dev/null 2>&1 || true
    end=${EPOCHREALTIME//[!0-9]/}
    echo $((end - start)) >>"$run/cold_lucene.us"
  done
  echo "$(median_ms <"$run/cold_ours.us") $(median_ms <"$run/cold_fts5.us")" \
    "$( ((lucene)) && median_ms <"$run/cold_lucene.us" || echo n/a)"
}
log "cold start: search \"$cold_query\" and sqlite3, $cold_runs runs each, taking turns"
read -r ours_cold fts5_cold lucene_cold <<<"$(cold_medians_ms)"
ours_cold_hits=$(echo "$cold_query" | "$build/search" --index "$index" --batch - --format jsonl --limit 10 | jq -r '.total // "n/a"') || ours_cold_hits="n/a"
fts5_cold_hits=$(sqlite3 -readonly "$fts5_db" "SELECT count(*) FROM articles WHERE articles MATCH '$cold_query'")

# --- Report ----------------------------------------------------------------------

ours_wall=$(<"$run/indexer.wall")
fts5_wall=$(<"$run/fts5_index.wall")
lucene_wall=n/a lucene_cpu=n/a lucene_rss=n/a lucene_size=n/a lucene_version=""
if ((lucene)); then
  lucene_wall=$(<"$run/lucene_index.wall") lucene_cpu=$(cpu_seconds lucene_index) lucene_rss=$(peak_rss_mb lucene_index)
  lucene_size=$(size_mb "$lucene_index") lucene_version=$(jq -r .lucene "$run/lucene_index.out")
fi
per_s() { awk -v x="$1" -v t="$2" 'BEGIN { printf (t != "n/a" && t > 0 ? "%.1f\n" : "n/a\n"), x / t }'; }
# Indexing ours/FTS5 for each turn, and their median: the two runs of a turn
# are seconds apart, so their ratio is steadier than a ratio of medians.
turn_ratios=$(for ((i = 1; i <= index_runs; i++)); do ratio "$(<"$run/indexer.$i.wall")" "$(<"$run/fts5_index.$i.wall")"; done | paste -sd' ')
index_ratio=$(tr ' ' '\n' <<<"$turn_ratios" | sort -g | awk '{ r[NR] = $1 } END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "%.2f\n", m }')
# verdict VALUE OP LIMIT: "met" or "not met" (OP is <= or <)
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "n/a" || l == "n/a") { print "not measured"; exit }
    ok = op == "<=" ? v + 0 <= l + 0 : v + 0 < l + 0; print ok ? "met" : "not met" }'
}
# row MEASURE OURS FTS5 [LUCENE]
row() {
  local lucene_value=${4:-n/a}
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$lucene_value" "$(ratio "$lucene_value" "$3")"
}

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
# The reports themselves do not count: one run rewriting RESULTS.md must not
# make the next run's commit look modified.
[[ $commit != unknown ]] && ! git -C "$repo" diff --quiet HEAD -- . ':(exclude)bench/RESULTS*.md' 2>/dev/null && commit+="-dirty"
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
ours_label=ours layout="indexer default layout"
if [[ -n $shards ]]; then ours_label="ours ($shards shards)" layout="$shards shards"; fi

ours_rss=$(peak_rss_mb indexer)
index_verdict=$(verdict "$index_ratio" "<=" 5)
if ((articles >= 100000)); then
  memory_line="peak RSS $ours_rss MB at $articles articles: $(verdict "$ours_rss" "<" 1000)"
else
  memory_line="not judged at $articles articles (needs \`--articles 100000\`); peak RSS here $ours_rss MB"
fi
query_targets() {  # p50 p99 of one of our runs
  echo "p50 $1 ms ≤ 1 ms: $(verdict "$1" "<=" 1); p99 $2 ms ≤ 5 ms: $(verdict "$2" "<=" 5);" \
    "p50 below FTS5's $fts5_p50 ms: $(verdict "$1" "<" "$fts5_p50"); p99 below FTS5's $fts5_p99 ms: $(verdict "$2" "<" "$fts5_p99")"
}

mkdir -p "$(dirname "$out")"
{
  echo "# Benchmark: news search vs SQLite FTS5"
  echo
  echo "Written by \`$invocation\`; see bench/README.md for how to read it."
  if ((quick)) || ((articles < 20000)); then
    echo
    echo "**A $articles-article run.** The targets are set for 20,000 articles; this run shows that the"
    echo "benchmark works, and its verdicts are only indicative."
  fi
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $commit"
  echo "- Machine: $(nproc) cores ($cpu_model), $mem_gib GiB memory, $(uname -sr)"
  echo "- Corpus: $articles articles, $corpus_mb MB of text ($(du -sh "$corpus" | cut -f1)B in \`du -sh\`, 4 KB blocks), seed $seed"
  echo "- Indexing: median of $index_runs run(s) of each engine, taking turns ($(paste -sd';' "$run/index_runs.txt" | sed 's/;/; /g'))"
  echo "- Indexing time ours/FTS5 in each turn: $turn_ratios (median $index_ratio)"
  echo "- Queries: $query_count ($(jq -r '.kinds | to_entries | map("\(.key) \(.value)") | join(", ")' "$run/make_queries.json"))"
  echo "- Query times: each query's median over $query_runs batch run(s) per engine, taking turns; p50 ours/FTS5 in each turn,"
  echo "  without/with facets: $query_turn_ratios"
  echo "- Our index: $layout; FTS5: SQLite $(jq -r .sqlite "$run/fts5_index.out"), \`porter unicode61\`, full text stored"
  if ((lucene)); then
    echo "- Lucene $lucene_version (\`bench/lucene/LuceneBench.java\`): EnglishAnalyzer, 2 threads, title and body stored, not"
    echo "  force-merged; FTS5's query file (all words required), BM25 top 10 with a classic-Highlighter snippet,"
    echo "  timed after one untimed pass (its JIT warm-up); the cold start is a fresh JVM"
  else
    echo "- $lucene_note"
  fi
  echo
  echo "| Measure | $ours_label | FTS5 | ratio ours/FTS5 | Lucene | ratio Lucene/FTS5 |"
  echo "|---|---:|---:|---:|---:|---:|"
  row "Indexing wall time (s)" "$ours_wall" "$fts5_wall" "$lucene_wall"
  row "Indexing throughput (MB/s)" "$(per_s "$corpus_mb" "$ours_wall")" "$(per_s "$corpus_mb" "$fts5_wall")" "$(per_s "$corpus_mb" "$lucene_wall")"
  row "Indexing throughput (articles/s)" "$(per_s "$articles" "$ours_wall")" "$(per_s "$articles" "$fts5_wall")" "$(per_s "$articles" "$lucene_wall")"
  row "Indexing CPU time, user + system (s)" "$(cpu_seconds indexer)" "$(cpu_seconds fts5_index)" "$lucene_cpu"
  row "Peak memory while indexing (MB RSS)" "$ours_rss" "$(peak_rss_mb fts5_index)" "$lucene_rss"
  row "Index size on disk (MB)" "$(size_mb "$index")" "$(size_mb "$fts5_db")" "$lucene_size"
  row "Query p50 (ms), no facets" "$ours_p50" "$fts5_p50" "$lucene_p50"
  row "Query p90 (ms), no facets" "$ours_p90" "$fts5_p90" "$lucene_p90"
  row "Query p99 (ms), no facets" "$ours_p99" "$fts5_p99" "$lucene_p99"
  row "Query max (ms), no facets" "$ours_max" "$fts5_max" "$lucene_max"
  row "Query p50 (ms), with facets" "$facet_p50" "$fts5_p50"
  row "Query p90 (ms), with facets" "$facet_p90" "$fts5_p90"
  row "Query p99 (ms), with facets" "$facet_p99" "$fts5_p99"
  row "Query max (ms), with facets" "$facet_max" "$fts5_max"
  row "Batch process wall time, no facets (s)" "$(<"$run/search_plain.wall")" "$(<"$run/fts5_query.wall")"
  row "Cold \`$cold_query\`, median of $cold_runs, taking turns (ms)" "$ours_cold" "$fts5_cold" "$lucene_cold"
  echo
  echo "Query times by kind (ms, no facets; see bench/README.md for the kinds):"
  echo
  echo "| Kind | Queries | ours p50 | FTS5 p50 | ours p99 | FTS5 p99 |"
  echo "|---|---:|---:|---:|---:|---:|"
  kind_rows "$run/search_plain.out" "$run/fts5_query.out" "$queries/queries.kinds.txt"
  echo
  echo "Queries that failed: ours $ours_err (with facets $facet_err), FTS5 $fts5_err, Lucene $lucene_err. Queries without hits: ours"
  echo "$ours_empty (with facets $facet_empty), FTS5 $fts5_empty, Lucene $lucene_empty. Matches for \`$cold_query\`: ours $ours_cold_hits, FTS5 $fts5_cold_hits."
  echo "Query times are measured inside each program, per query, top 10 with snippets; FTS5 is given"
  echo "the same queries, with our entity filters approximated as phrases. Words without an operator"
  echo "are joined by OR in ours (articles with every word ranked first) and by AND in FTS5, so ours"
  echo "matches more articles. Lower ratios are better, except for throughput."
  echo
  echo "## Targets (issue 6)"
  echo
  echo "- Indexing wall time at most 5× FTS5's: median of the turns' ratios $index_ratio×: $index_verdict"
  echo "- Peak memory under 1 GB at 100,000 articles: $memory_line"
  echo "- Queries, no facets: $(query_targets "$ours_p50" "$ours_p99")"
  echo "- Queries, with facets: $(query_targets "$facet_p50" "$facet_p99")"
  echo "- Cold \`search \"$cold_query\"\` under 15 ms: $ours_cold ms: $(verdict "$ours_cold" "<" 15)"
  echo
  echo "## Targets (issue 17), ratios to FTS5 in this run"
  echo
  echo "- Indexing wall time at most 3.0× FTS5's (Lucene's ratio here: $(ratio "$lucene_wall" "$fts5_wall")×): $index_ratio×: $(verdict "$index_ratio" "<=" 3)"
  echo "- Index size at most FTS5's: $(ratio "$(size_mb "$index")" "$(size_mb "$fts5_db")")×: $(verdict "$(size_mb "$index")" "<=" "$(size_mb "$fts5_db")")"
  echo "- Queries with facets: p50 $facet_p50 ms at most FTS5's plain $fts5_p50 ms: $(verdict "$facet_p50" "<=" "$fts5_p50");" \
    "p99 $facet_p99 ms at most FTS5's $fts5_p99 ms: $(verdict "$facet_p99" "<=" "$fts5_p99")"
  echo "- Queries without facets at least 3× faster than FTS5: p50 $(ratio "$ours_p50" "$fts5_p50")×: $(verdict "$(ratio "$ours_p50" "$fts5_p50")" "<=" 0.3334);" \
    "p99 $(ratio "$ours_p99" "$fts5_p99")×: $(verdict "$(ratio "$ours_p99" "$fts5_p99")" "<=" 0.3334)"
  echo "- Cold \`search \"$cold_query\"\` at most sqlite3's: $(ratio "$ours_cold" "$fts5_cold")×: $(verdict "$ours_cold" "<=" "$fts5_cold")"
  echo "- Peak memory under 1 GB at 100,000 articles: $memory_line"
} >"$out"
log "report: $out"
cat "$out"
