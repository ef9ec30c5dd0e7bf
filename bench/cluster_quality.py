#!/usr/bin/env python3
"""How well story clusters find planted near-duplicates (docs/analyst.md).

Copies a corpus of plain-text articles (make_corpus output), plants near-
duplicates of some of them (an exact copy, a new byline, paragraphs in
another order, a sentence added and one dropped, a few words changed, a
sign-off added with a new title) and same-topic decoys (the original's
title and first paragraph over another article's body), indexes the result
with `indexer`, reads every article's cluster with `search --no-collapse`, and
prints pairwise precision and recall of "same cluster" against the planted
truth, as JSON.

  bench/cluster_quality.py --corpus DIR --work DIR [--build build] [--originals 200] [--seed 1]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from itertools import combinations

VARIANTS = ["exact", "byline", "reordered", "sentences", "words", "signoff"]


def read_article(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    title, _, body = text.partition("\n\n")
    return title.strip(), [p.strip() for p in body.split("\n\n") if p.strip()]


def write_article(path, title, paragraphs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(title + "\n\n" + "\n\n".join(paragraphs) + "\n")


def sentences(paragraph):
    parts, start = [], 0
    for i, c in enumerate(paragraph):
        if c in ".!?" and (i + 1 == len(paragraph) or paragraph[i + 1] == " "):
            parts.append(paragraph[start:i + 1].strip())
            start = i + 1
    if paragraph[start:].strip():
        parts.append(paragraph[start:].strip())
    return parts


def variant(kind, title, paragraphs, rng):
    p = list(paragraphs)
    if kind == "exact":
        return title, p
    if kind == "byline":
        return title, ["By " + rng.choice(["Jane Doe", "Ahmed Khan", "Maria Rossi"]) + ", Staff Reporter"] + p
    if kind == "reordered":
        rng.shuffle(p)
        return title, p
    if kind == "sentences":  # one sentence dropped from a paragraph, one added to another
        i = rng.randrange(len(p))
        s = sentences(p[i])
        if len(s) > 1:
            del s[rng.randrange(len(s))]
            p[i] = " ".join(s)
        j = rng.randrange(len(p))
        p[j] += " Officials declined to comment further on Tuesday."
        return title + " (updated)", p
    if kind == "words":  # three words replaced
        for _ in range(3):
            i = rng.randrange(len(p))
            w = p[i].split(" ")
            w[rng.randrange(len(w))] = rng.choice(["said", "reported", "new", "official"])
            p[i] = " ".join(w)
        return title, p
    if kind == "signoff":
        return "UPDATE: " + title, p + ["(Reporting by Wire Staff; editing by Desk Editor)"]
    raise ValueError(kind)


def run(argv):
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode > 1:
        sys.exit(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--build", default="build")
    ap.add_argument("--originals", type=int, default=200)
    ap.add_argument("--decoys", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    corpus = os.path.join(args.work, "planted-corpus")
    index = os.path.join(args.work, "planted-index")
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(args.corpus, corpus)
    files = sorted(os.path.relpath(os.path.join(d, f), corpus)
                   for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".txt"))
    article_id = lambda rel: rel[:-4]
    truth = {article_id(f): article_id(f) for f in files}  # id -> the story it is a copy of
    chosen = rng.sample(files, args.originals + args.decoys)
    for rel in chosen[:args.originals]:
        title, paragraphs = read_article(os.path.join(corpus, rel))
        for kind in VARIANTS:
            t, p = variant(kind, title, paragraphs, rng)
            copy = os.path.join("planted", kind, os.path.basename(rel))
            write_article(os.path.join(corpus, copy), t, p)
            truth[article_id(copy)] = article_id(rel)
    # Decoys: another story under the same headline and lead, its body one
    # paragraph from each of four other articles.
    for rel in chosen[args.originals:]:
        title, paragraphs = read_article(os.path.join(corpus, rel))
        body = [rng.choice(read_article(os.path.join(corpus, other))[1]) for other in rng.sample(files, 4)]
        decoy = os.path.join("planted", "decoy", os.path.basename(rel))
        write_article(os.path.join(corpus, decoy), title, paragraphs[:1] + body)
        truth[article_id(decoy)] = article_id(decoy)

    run([os.path.join(args.build, "indexer"), "--corpus", corpus, "--index", index, "--rebuild", "-q"])
    out = run([os.path.join(args.build, "search"), "--index", index, "--no-collapse", "--no-facets",
               "--limit", str(len(truth) + 10), "--format", "json", "dir:planted OR the OR a OR of OR and"])
    predicted = {h["id"]: h["cluster"] for h in json.loads(out)["hits"]}
    missing = sorted(set(truth) - set(predicted))
    if missing:
        sys.exit(f"{len(missing)} articles not found by the query, e.g. {missing[:3]}")

    def pairs(label):
        groups = defaultdict(list)
        for a, g in label.items():
            groups[g].append(a)
        return {tuple(sorted(p)) for members in groups.values() for p in combinations(members, 2)}

    true_pairs, found_pairs = pairs(truth), pairs(predicted)
    both = true_pairs & found_pairs
    by_kind = {}
    for kind in VARIANTS:
        copies = [a for a in truth if a.startswith(f"planted/{kind}/")]
        by_kind[kind] = sum(predicted[a] == predicted[truth[a]] for a in copies) / len(copies)
    decoys = [a for a in truth if a.startswith("planted/decoy/")]
    print(json.dumps({
        "articles": len(truth),
        "originals": args.originals,
        "planted_copies": args.originals * len(VARIANTS),
        "decoys": len(decoys),
        "true_pairs": len(true_pairs),
        "found_pairs": len(found_pairs),
        "precision": round(len(both) / len(found_pairs), 4) if found_pairs else None,
        "recall": round(len(both) / len(true_pairs), 4) if true_pairs else None,
        "copy_found_by_kind": {k: round(v, 4) for k, v in by_kind.items()},
        "decoys_merged": sum(any(predicted[d] == predicted[b] for b in predicted if b != d) for d in decoys),
        "false_pairs_sample": sorted(found_pairs - true_pairs)[:5],
    }, indent=2))


if __name__ == "__main__":
    main()
