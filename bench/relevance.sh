#!/usr/bin/env bash
# The ranking-quality benchmark: the classic relevance collections (Cranfield,
# MEDLINE) searched with the same plain-word queries by our search, SQLite
# FTS5 and Lucene, scored with trec_eval's measures (MAP, nDCG@10, P@10,
# Recall@100) and written up as a Markdown table (see bench/README.md).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<EOF
usage: bench/relevance.sh [--quick] [--collection NAME]... [--engines LIST] [--build DIR] [--work DIR]
                          [--out FILE] [--data DIR] [--shards N] [--search-arg=ARG]... [--indexer-arg=ARG]...
                          [--env NAME=VALUE]... [--sweep 'KEY=V1,V2 ...']

  --quick            Cranfield only, ours and FTS5 only; report to WORK/RELEVANCE-quick.md
                     (what CI runs: it checks that the tool works, not the figures)
  --collection NAME  cran or med (repeatable; default both)
  --engines LIST     comma-separated from ours, fts5, lucene (default all three; Lucene is
                     left out with a note when liblucene8-java or javac is missing)
  --build DIR        where indexer, search and relevance are (default build/)
  --work DIR         converted collections, indexes and runs (default bench/work/relevance/)
  --out FILE         the report (default bench/RELEVANCE.md; WORK/RELEVANCE-quick.md with
                     --quick, WORK/RELEVANCE-sweep.md with --sweep)
  --data DIR         the collections (default ../shared/data/relevance beside the checkout)
  --shards N         our index's shards (default 1: the same ranking on every machine)
  --search-arg=ARG   one more argument for every \`search\` run (repeatable), e.g.
                     --search-arg=--bm25-k1=1.2 once search has such a flag
  --indexer-arg=ARG  one more argument for every \`indexer\` run (repeatable)
  --env NAME=VALUE   set in the environment of indexer and search (repeatable)
  --sweep SPEC       also score ours over a grid: SPEC is space-separated KEY=V1,V2,... items;
                     KEY --flag is a search argument (--flag=V), indexer:--flag an indexer
                     argument, NAME an environment variable; every combination is one row
EOF
}

die() {
  echo "bench/relevance.sh: $*" >&2
  exit 2
}
log() { echo "relevance: $*" >&2; }

invocation="bench/relevance.sh${*:+ $*}"
quick=0 build="$repo/build" work="$repo/bench/work/relevance" out="" data="" shards=1 engines="" sweep=""
collections=() search_extra=() indexer_extra=() environment=()
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --collection) collections+=("${2:?--collection needs a name}"); shift ;;
    --engines) engines=${2:?--engines needs a list}; shift ;;
    --build) build=${2:?--build needs a folder}; shift ;;
    --work) work=${2:?--work needs a folder}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    --data) data=${2:?--data needs a folder}; shift ;;
    --shards) shards=${2:?--shards needs a number}; shift ;;
    --search-arg=*) search_extra+=("${1#--search-arg=}") ;;
    --indexer-arg=*) indexer_extra+=("${1#--indexer-arg=}") ;;
    --env) environment+=("${2:?--env needs NAME=VALUE}"); shift ;;
    --sweep) sweep=${2:?--sweep needs a grid}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
((${#collections[@]})) || { if ((quick)); then collections=(cran); else collections=(cran med); fi; }
[[ -z $engines ]] && engines=$([[ $quick == 1 ]] && echo ours,fts5 || echo ours,fts5,lucene)
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards: not a positive number: $shards"
for pair in "${environment[@]}"; do
  [[ $pair =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env: expected NAME=VALUE: $pair"
done
for name in "${collections[@]}"; do
  [[ $name == cran || $name == med ]] || die "--collection: unknown collection $name (cran or med)"
done
declare -A engine_on=()
IFS=, read -ra engine_list <<<"$engines"
for engine in "${engine_list[@]}"; do
  [[ $engine == ours || $engine == fts5 || $engine == lucene ]] || die "--engines: unknown engine $engine"
  engine_on[$engine]=1
done

# Every sweep item is KEY=V1,V2,... with a search flag, indexer:flag or NAME as KEY.
for item in $sweep; do
  [[ $item =~ ^(--?[A-Za-z0-9][A-Za-z0-9-]*|indexer:--?[A-Za-z0-9][A-Za-z0-9-]*|[A-Za-z_][A-Za-z0-9_]*)=[^,]+(,[^,]+)*$ ]] ||
    die "--sweep: expected --flag=V1,V2, indexer:--flag=V1,V2 or NAME=V1,V2: $item"
done
[[ -z $data ]] && data="$repo/../shared/data/relevance"
[[ -d $data ]] || die "--data: no such folder: $data (the collections; see bench/README.md)"
data=$(cd "$data" && pwd)
mkdir -p "$work"
build=$(cd "$build" 2>/dev/null && pwd) || die "--build: no such folder (cmake -S . -B build first)"
work=$(cd "$work" && pwd)
if [[ -z $out ]]; then
  if ((quick)); then out="$work/RELEVANCE-quick.md"; elif [[ -n $sweep ]]; then out="$work/RELEVANCE-sweep.md"; else out="$repo/bench/RELEVANCE.md"; fi
fi
command -v jq >/dev/null || die "jq not found: apt-get install jq"
for program in indexer search relevance; do
  [[ -x $build/$program ]] || die "$build/$program not found: cmake --build ${build#"$PWD"/} --target indexer search relevance"
done

# Lucene: the Debian package's jars and a JDK, else the run goes on without it.
lucene_note="" lucene_classpath="" sqlite_version=""
if [[ -n ${engine_on[lucene]:-} ]]; then
  jars=()
  for part in core analyzers-common queryparser; do
    jar=$(compgen -G "/usr/share/java/lucene-$part-[0-9]*.jar" | head -n 1 || true)
    [[ -n $jar ]] && jars+=("$jar")
  done
  if ((${#jars[@]} < 3)); then
    lucene_note="Lucene left out: its jars are not in /usr/share/java (apt-get install liblucene8-java)"
  elif ! command -v javac >/dev/null; then
    lucene_note="Lucene left out: no javac (apt-get install openjdk-17-jdk-headless)"
  else
    lucene_classpath=$(IFS=:; echo "${jars[*]}")
  fi
  if [[ -n $lucene_note ]]; then
    log "$lucene_note"
    unset 'engine_on[lucene]'
  fi
fi

# --- Collections -------------------------------------------------------------------

# name -> "documents queries qrels qrels-format" (paths below --data)
declare -A collection_files=(
  [cran]="cran/cran.all.1400 cran/cran.qry cran/cran.rel cranfield"
  [med]="med/MED.ALL med/MED.QRY med/MED.REL trec"
)
declare -A collection_title=([cran]="Cranfield" [med]="MEDLINE")
declare -A collection_gains=([cran]="graded: gain 5 − code, code -1 dropped" [med]="binary")

convert_collection() {
  local name=$1 docs queries qrels format
  read -r docs queries qrels format <<<"${collection_files[$name]}"
  "$build/relevance" convert --docs "$data/$docs" --queries "$data/$queries" --qrels "$data/$qrels" \
    --qrels-format "$format" --out "$work/$name" >"$work/$name/convert.json" ||
    die "converting $name failed"
}

# --- Engines -----------------------------------------------------------------------

# Indexes collection $1 into $2 with the indexer arguments after them.
index_ours() {
  local name=$1 index=$2
  shift 2
  local rc=0
  env "${environment[@]}" "$build/indexer" --corpus "$work/$name/corpus" --index "$index" --rebuild --quiet \
    --shards "$shards" "$@" 2>"$index.err" || rc=$?
  ((rc == 0)) || { tail -n 5 "$index.err" >&2; die "indexer failed on $name (exit $rc): $index.err"; }
}

# Runs every query of collection $1 on index $2 into run file $3; the search
# arguments and NAME=VALUE environment come after the three, split by `--`.
run_ours() {
  local name=$1 index=$2 run=$3
  shift 3
  local args=() env_pairs=()
  while (($#)) && [[ $1 != -- ]]; do args+=("$1"); shift; done
  (($#)) && shift
  env_pairs=("$@")
  local rc=0
  # --ids: the ranked ids without snippets, seven times faster than full hits.
  env "${environment[@]}" "${env_pairs[@]}" "$build/search" --index "$index" --batch - --ids --limit 1000 \
    --no-facets --no-autocorrect --quiet "${search_extra[@]}" "${args[@]}" \
    <"$work/$name/queries.txt" >"$run.jsonl" 2>"$run.err" || rc=$?
  # Exit 1 is "some query found nothing", which a batch may well have.
  ((rc <= 1)) || { tail -n 5 "$run.err" >&2; die "search failed on $name (exit $rc): $run.err"; }
  "$build/relevance" ours-run --collection "$work/$name" --input "$run.jsonl" --output "$run" ||
    die "reading search's output for $name failed: $run.jsonl"
}

run_fts5() {
  local name=$1
  "$build/relevance" fts5 --collection "$work/$name" --limit 1000 --output "$work/$name/fts5.run" \
    >"$work/$name/fts5.json" || die "FTS5 failed on $name"
  sqlite_version=$(jq -r .sqlite "$work/$name/fts5.json")
}

compile_lucene() {
  mkdir -p "$work/java"
  javac -nowarn -d "$work/java" -cp "$lucene_classpath" "$repo/bench/relevance/LuceneRank.java" ||
    die "javac failed on bench/relevance/LuceneRank.java"
}

run_lucene() {
  local name=$1
  java -cp "$work/java:$lucene_classpath" LuceneRank "$work/$name/docs.tsv" "$work/$name/queries.txt" 1000 \
    "$work/$name/lucene.run" || die "Lucene failed on $name"
}

# --- Measures ----------------------------------------------------------------------

# Scores run files (NAME=FILE ...) of collection $1, each query's measures
# into file $2: one JSON line per run.
evaluate() {
  local name=$1 per_query=$2
  shift 2
  local specs=()
  for spec in "$@"; do specs+=(--run "$spec"); done
  "$build/relevance" evaluate --collection "$work/$name" "${specs[@]}" --per-query "$per_query"
}

# A Markdown row from an evaluate line: | LABEL | MAP | nDCG@10 | P@10 | R@100 |
table_row() {
  jq -r '[.map, .ndcg_10, .p_10, .recall_100] | @tsv' |
    awk -F'\t' -v label="$1" '{ printf "| %s | %.4f | %.4f | %.4f | %.4f |\n", label, $1, $2, $3, $4 }'
}

# "ours − Lucene: ..." from the two evaluate lines.
difference_line() {
  jq -rs '[.[0].map - .[1].map, .[0].ndcg_10 - .[1].ndcg_10] | @tsv' |
    awk -F'\t' '{ printf "ours − Lucene: MAP %+.4f, nDCG@10 %+.4f\n", $1, $2 }'
}

# Refuses a run that cannot be right: nothing relevant found at all means the
# ids or the query numbering are broken, not that the engine is bad.
check_scores() {
  local name=$1 line=$2
  jq -e '.map > 0 and .queries > 0' <<<"$line" >/dev/null ||
    die "$name: run $(jq -r .run <<<"$line") found no relevant document at all (ids or query numbers broken?)"
}

# Every combination of a sweep spec, one line each, as tab-separated KEY=VALUE items.
sweep_combinations() {
  local combos=("") item key values value
  for item in $sweep; do
    key=${item%%=*} values=${item#*=}
    local next=()
    IFS=, read -ra list <<<"$values"
    for combo in "${combos[@]}"; do
      for value in "${list[@]}"; do next+=("${combo:+$combo$'\t'}$key=$value"); done
    done
    combos=("${next[@]}")
  done
  printf '%s\n' "${combos[@]}"
}

# Scores ours on collection $1 for every sweep combination: Markdown rows.
sweep_collection() {
  local name=$1 combo n=0
  while IFS= read -r combo; do
    n=$((n + 1))
    local search_args=() indexer_args=() env_pairs=() item
    IFS=$'\t' read -ra items <<<"$combo"
    for item in "${items[@]}"; do
      case $item in
        indexer:*) indexer_args+=("${item#indexer:}") ;;
        -*) search_args+=("$item") ;;
        *) env_pairs+=("$item") ;;  # NAME=VALUE, checked with the arguments
      esac
    done
    local index="$work/$name/index"
    if ((${#indexer_args[@]} + ${#env_pairs[@]})); then
      index="$work/$name/index-sweep"
      # shellcheck disable=SC2030  # a subshell on purpose: only this indexer run gets the variables
      (environment+=("${env_pairs[@]}") && index_ours "$name" "$index" "${indexer_extra[@]}" "${indexer_args[@]}")
    fi
    run_ours "$name" "$index" "$work/$name/sweep-$n.run" "${search_args[@]}" -- "${env_pairs[@]}"
    local line
    line=$(evaluate "$name" "$work/$name/sweep-$n.per-query.jsonl" "sweep-$n=$work/$name/sweep-$n.run")
    check_scores "$name" "$line"
    table_row "\`${combo//$'\t'/ }\`" <<<"$line"
  done < <(sweep_combinations)
}

# --- The run -----------------------------------------------------------------------

start=${EPOCHREALTIME//[!0-9]/}
[[ -n ${engine_on[lucene]:-} ]] && compile_lucene

report_sections=()
sweep_sections=()
for name in "${collections[@]}"; do
  mkdir -p "$work/$name"
  log "$name: converting"
  convert_collection "$name"
  runs=()
  if [[ -n ${engine_on[ours]:-} || -n $sweep ]]; then
    log "$name: indexing and searching (ours)"
    index_ours "$name" "$work/$name/index" "${indexer_extra[@]}"
  fi
  if [[ -n ${engine_on[ours]:-} ]]; then
    run_ours "$name" "$work/$name/index" "$work/$name/ours.run"
    runs+=("ours=$work/$name/ours.run")
  fi
  if [[ -n ${engine_on[fts5]:-} ]]; then
    log "$name: FTS5"
    run_fts5 "$name"
    runs+=("fts5=$work/$name/fts5.run")
  fi
  if [[ -n ${engine_on[lucene]:-} ]]; then
    log "$name: Lucene"
    run_lucene "$name"
    runs+=("lucene=$work/$name/lucene.run")
  fi
  counts=$(<"$work/$name/convert.json")
  section="## ${collection_title[$name]}: $(jq -r '"\(.documents) documents\(if .empty_documents_left_out > 0 then " (\(.empty_documents_left_out) without any text left out)" else "" end), \(.queries) queries"' <<<"$counts"); ${collection_gains[$name]}"$'\n\n'
  if ((${#runs[@]})); then
    results=$(evaluate "$name" "$work/$name/per-query.jsonl" "${runs[@]}")
    declare -A by_engine=()
    while IFS= read -r line; do
      check_scores "$name" "$line"
      by_engine[$(jq -r .run <<<"$line")]=$line
    done <<<"$results"
    skipped=$(jq -s '.[0].skipped' <<<"$results")
    scored=$(jq -s '.[0].queries' <<<"$results")
    section+="| Engine | MAP | nDCG@10 | P@10 | Recall@100 |"$'\n'"|---|---:|---:|---:|---:|"$'\n'
    declare -A engine_label=([ours]="ours" [fts5]="SQLite FTS5" [lucene]="Lucene")
    for engine in ours fts5 lucene; do
      [[ -n ${by_engine[$engine]:-} ]] && section+=$(table_row "${engine_label[$engine]}" <<<"${by_engine[$engine]}")$'\n'
    done
    if [[ -n ${by_engine[ours]:-} && -n ${by_engine[lucene]:-} ]]; then
      section+=$'\n'$(difference_line <<<"${by_engine[ours]}"$'\n'"${by_engine[lucene]}")$'\n'
    fi
    section+=$'\n'"Scored over $scored queries; $skipped without any relevant document left out."$'\n'
    unset by_engine
  fi
  report_sections+=("$section")
  if [[ -n $sweep ]]; then
    log "$name: sweep"
    rows=$(sweep_collection "$name")
    sweep_sections+=("### ${collection_title[$name]}"$'\n\n'"| ours with | MAP | nDCG@10 | P@10 | Recall@100 |"$'\n'"|---|---:|---:|---:|---:|"$'\n'"$rows"$'\n')
  fi
done
end=${EPOCHREALTIME//[!0-9]/}
elapsed=$(awk -v us=$((end - start)) 'BEGIN { printf "%.1f", us / 1e6 }')

# --- The report --------------------------------------------------------------------

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+="-dirty"
parent=$(dirname "$repo")
shown_data=${data/#"$parent"\//..\/}  # ../shared/... when beside the checkout, as the default
lucene_version=$(dpkg-query -W -f='${Version}' liblucene8-java 2>/dev/null || true)
ours_command="search --batch - --ids --limit 1000 --no-facets --no-autocorrect${search_extra[*]:+ ${search_extra[*]}}"
# shellcheck disable=SC2031  # the sweep's subshell never changes the global environment
{
  echo "# Ranking quality: ours, SQLite FTS5, Lucene"
  echo
  echo "Written by \`bench/relevance.sh\`; see bench/README.md (Ranking quality) for how to read it."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $commit"
  echo "- Command: \`$invocation\` ($elapsed s)"
  echo "- Collections: \`$shown_data/\` (SMART format; Cranfield query N is the Nth of cran.qry)"
  echo "- Queries: the query text as plain words, the same for every engine (punctuation and AND/OR/NOT/NEAR dropped)"
  if [[ -n ${engine_on[ours]:-} ]]; then
    echo "- ours: \`indexer --rebuild --shards $shards${indexer_extra[*]:+ ${indexer_extra[*]}}\` on one JSONL file per document (\`id\`, \`title\`, \`text\`), \`$ours_command\`${environment[*]:+, environment ${environment[*]}}"
  fi
  [[ -n ${engine_on[fts5]:-} ]] && echo "- SQLite FTS5${sqlite_version:+ $sqlite_version}: \`porter unicode61\`, title and text columns, words quoted and OR'd, \`ORDER BY rank\` (bm25, weights 1)"
  [[ -n ${engine_on[lucene]:-} ]] && echo "- Lucene${lucene_version:+ $lucene_version}: EnglishAnalyzer, BM25Similarity(1.2, 0.75), title and text in one field (no boost), classic QueryParser (words OR'd)"
  [[ -n $lucene_note ]] && echo "- $lucene_note"
  echo "- Measures: trec_eval's \`map\` (top 1000), \`ndcg_cut.10\`, \`P.10\`, \`recall.100\`, mean over the queries with a relevant document"
  echo
  printf '%s\n' "${report_sections[@]}"
  if [[ -n $sweep ]]; then
    echo "## Sweep: \`$sweep\`"
    echo
    printf '%s\n' "${sweep_sections[@]}"
  fi
} >"$out"
log "done in $elapsed s: $out"
cat "$out"
