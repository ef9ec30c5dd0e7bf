#!/usr/bin/env python3
"""Query time of the analyst views (docs/analyst.md) against the plain query.

Runs the make_queries set through `search --batch` once per variant (plain;
collapsed; with a timeline; facets with and without a timeline) and `--like`
and `--related` as single runs over sampled articles and entities, all on one
index, and prints p50/p99 of each query's own elapsed_ms (inside the process,
as bench/run.sh counts it) as a Markdown table.

  bench/analyst_costs.py --index DIR --queries FILE [--build build] [--samples 100] [--seed 1]
"""
import argparse
import json
import random
import subprocess
import sys


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def search(build, index, args, stdin=None):
    done = subprocess.run([f"{build}/search", "--index", index, *args], input=stdin, capture_output=True, text=True)
    if done.returncode > 1:
        sys.exit(f"search {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[:300]}")
    return done.stdout


def batch(build, index, queries, flags):
    out = search(build, index, ["--batch", queries, "--format", "jsonl", "--limit", "10", *flags])
    return [json.loads(line)["elapsed_ms"] for line in out.splitlines() if '"elapsed_ms"' in line]


def singles(build, index, runs):
    return [json.loads(search(build, index, [*args, "--format", "json"]))["elapsed_ms"] for args in runs]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--build", default="build")
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    b, i, q = args.build, args.index, args.queries

    rows = [
        ("plain (--no-collapse --no-facets)", batch(b, i, q, ["--no-collapse", "--no-facets"])),
        ("collapsed (the default, --no-facets)", batch(b, i, q, ["--no-facets"])),
        ("--timeline month (--no-collapse --no-facets)", batch(b, i, q, ["--no-collapse", "--no-facets", "--timeline", "month"])),
        ("facets (--no-collapse)", batch(b, i, q, ["--no-collapse"])),
        ("facets + --timeline month (--no-collapse)", batch(b, i, q, ["--no-collapse", "--timeline", "month"])),
        ("facets, collapsed (the default)", batch(b, i, q, [])),
    ]
    ids = search(b, i, ["--ids", "--limit", "100000", "--no-facets", "the"]).split()
    like_ids = rng.sample(ids, min(args.samples, len(ids)))
    rows.append((f"--like ID ({len(like_ids)} articles, collapsed, facets)", singles(b, i, [["--like", x] for x in like_ids])))
    entities = [json.loads(line) for line in search(b, i, ["--entities", "--limit", "300", "--format", "jsonl"]).splitlines()]
    chosen = rng.sample(entities, min(args.samples, len(entities)))
    specs = [f"{e['type']}:{e['name']}" for e in chosen]
    rows.append((f"--related ENTITY ({len(specs)} entities, whole index)", singles(b, i, [["--related", s] for s in specs])))
    words = [line.strip() for line in open(q, encoding="utf-8") if line.strip() and not line.startswith("#")]
    paired = [["--related", s, rng.choice(words)] for s in specs]
    rows.append((f"--related ENTITY QUERY ({len(paired)} pairs)", singles(b, i, paired)))

    print("| variant | queries | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {len(times)} | {percentile(times, 50):.2f} | {percentile(times, 99):.2f} |")


if __name__ == "__main__":
    main()
