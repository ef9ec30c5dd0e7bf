#!/usr/bin/env python3
"""Turns the tagged Brown corpus (form C, as in NLTK's brown.zip: files ca01 ...
cr09 of word/tag tokens, one sentence per line, paragraphs separated by blank
lines) into the plain-text layout make_corpus reads: one .txt per sample, a
made-up title line, then the paragraphs separated by blank lines.

usage: bench/brown_to_text.py TAGGED_DIR OUT_DIR
"""
import pathlib
import re
import sys

SAMPLE = re.compile(r"^c[a-r]\d\d$")
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "\u201d", "\u2019"}
NO_SPACE_AFTER = {"\u201c", "(", "\u2018"}
QUOTES = {"``": "\u201c", "''": "\u201d", "`": "\u2018", "'": "\u2019"}


def word(token: str) -> str:
    text = token.rsplit("/", 1)[0] if "/" in token else token
    return QUOTES.get(text, text)


def detokenise(tokens: list[str]) -> str:
    out = ""
    for w in map(word, tokens):
        if out and w not in NO_SPACE_BEFORE and out[-1:] not in NO_SPACE_AFTER:
            out += " "
        out += w
    return out


def paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text)
    return [p for p in (detokenise(b.split()) for b in blocks) if p]


def genres(tagged: pathlib.Path) -> dict[str, str]:
    cats = tagged / "cats.txt"  # "ca01 news" per line, in NLTK's copy
    if not cats.exists():
        return {}
    return dict(line.split(None, 1) for line in cats.read_text().splitlines() if line.strip())


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    tagged, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    samples = sorted(p for p in tagged.iterdir() if SAMPLE.match(p.name))
    if not samples:
        print(f"brown_to_text: no samples named ca01 ... cr09 in {tagged}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    genre = genres(tagged)
    for sample in samples:
        body = paragraphs(sample.read_text(encoding="utf-8", errors="replace"))
        title = f"Brown corpus sample {sample.name} ({genre.get(sample.name, 'unknown').strip()})"
        (out / f"{sample.name}.txt").write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    print(f"brown_to_text: {len(samples)} samples written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
