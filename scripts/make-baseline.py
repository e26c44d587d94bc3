#!/usr/bin/env python3
"""Regenerate Sources/Lexicon/Resources/baseline-en.tsv from wordfreq.

The baseline is Lineage's English word-frequency reference: the 100,000 most
frequent entries of wordfreq's English 'large' wordlist, reduced to plain word
tokens, each with its wordfreq frequency.

Usage (from the repository root):

    pip install wordfreq==3.1.1
    python3 scripts/make-baseline.py            # writes the resource file
    python3 scripts/make-baseline.py --check    # exits 1 if the file is stale

Output format (parsed by Lineage, keep it stable):

    # comment lines first, each starting with "# "
    word<TAB>frequency

* word: lowercase, NFKC, one or more letters (str.isalpha per character),
  optionally joined by single inner ASCII apostrophes ("don't", "o'clock").
* frequency: wordfreq.word_frequency(word, 'en', wordlist='large') (identical
  to the default wordlist='best' for English) in Python's '%.6g' format.
* Lines are sorted by frequency descending, then by word ascending comparing
  UTF-8 bytes.

The output is deterministic (no timestamps) and written atomically (temp file in
the same directory, then os.replace).

The generated data is derived from wordfreq's data files and is therefore
licensed CC BY-SA 4.0; see Sources/Lexicon/Resources/NOTICE.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import unicodedata

WORDFREQ_VERSION = "3.1.1"
LANG = "en"
WORDLIST = "large"  # 'best' resolves to 'large' for English; 'large' has ~321k words, 'small' ~29k
TOP_N = 100_000

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "Sources", "Lexicon", "Resources", "baseline-en.tsv")

# Curly/modifier apostrophes folded to ASCII "'" before NFKC.
APOSTROPHES = {
    "\u2019": "'",  # RIGHT SINGLE QUOTATION MARK
    "\u2018": "'",  # LEFT SINGLE QUOTATION MARK
    "\u02bc": "'",  # MODIFIER LETTER APOSTROPHE
}
_APOS_TABLE = str.maketrans(APOSTROPHES)


def normalise(entry: str) -> str:
    """Fold apostrophes, apply NFKC, lowercase (in that order)."""
    s = entry.translate(_APOS_TABLE)
    s = unicodedata.normalize("NFKC", s)
    s = s.lower()
    # lower() can in principle produce non-NFKC text; normalise again so the
    # output is always NFKC (a no-op for every entry in wordfreq 3.1.1 'en').
    s = unicodedata.normalize("NFKC", s).translate(_APOS_TABLE)
    return s


def is_word_token(s: str) -> bool:
    """Letters, optionally joined by single inner ASCII apostrophes."""
    if not s:
        return False
    # split("'") yields an empty part for a leading, trailing or doubled
    # apostrophe; str.isalpha() is False for "" and checks every character.
    return all(part.isalpha() for part in s.split("'"))


def build_rows(wordfreq_module) -> tuple[list[tuple[str, str]], dict[str, int]]:
    wf = wordfreq_module
    entries = wf.top_n_list(LANG, TOP_N, wordlist=WORDLIST)
    stats = {"entries": len(entries), "not_word": 0, "duplicate": 0, "zero_freq": 0}
    seen: set[str] = set()
    rows: list[tuple[float, bytes, str, str]] = []
    for entry in entries:
        word = normalise(entry)
        if not is_word_token(word):
            stats["not_word"] += 1
            continue
        if word in seen:
            stats["duplicate"] += 1
            continue
        seen.add(word)
        freq = wf.word_frequency(word, LANG, wordlist=WORDLIST)
        if not freq > 0.0:
            stats["zero_freq"] += 1
            continue
        text = "%.6g" % freq
        # Sort on the value as written, so the file's order is checkable from
        # the file alone; ties broken by the word's UTF-8 bytes.
        rows.append((-float(text), word.encode("utf-8"), word, text))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(r[2], r[3]) for r in rows], stats


def render(rows: list[tuple[str, str]], stats: dict[str, int]) -> str:
    header = [
        "English word-frequency baseline for Lineage.",
        f"Source: wordfreq {WORDFREQ_VERSION} (Python package by Robyn Speer), language 'en', "
        f"wordlist '{WORDLIST}' (what 'best' resolves to for English).",
        f"Selection: wordfreq.top_n_list('en', {TOP_N}, wordlist='{WORDLIST}'); each entry has "
        "curly apostrophes (U+2019, U+2018, U+02BC) folded to ASCII ', NFKC applied, lowercased;",
        "kept only if it is letters (str.isalpha) optionally joined by single inner apostrophes; "
        "first occurrence kept when entries collapse to the same word.",
        f"Counts: {stats['entries']} entries read, {stats['not_word']} not a word token, "
        f"{stats['duplicate']} duplicates after normalisation, {stats['zero_freq']} zero-frequency, "
        f"{len(rows)} words written.",
        "License: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). Derived from the "
        "wordfreq data files, which the wordfreq README says",
        "'may be redistributed under a Creative Commons Attribution-ShareAlike 4.0 license'; wordfreq's "
        "code is Apache-2.0. Data from wordfreq by Robyn Speer,",
        "https://doi.org/10.5281/zenodo.7199437, built from sources incl. SUBTLEX (Brysbaert et al.), "
        "OpenSubtitles, Google Books Ngrams, Wikipedia. See NOTICE.md.",
        f"Regenerate: pip install wordfreq=={WORDFREQ_VERSION} && python3 scripts/make-baseline.py",
        "Columns (tab-separated): word, frequency = wordfreq.word_frequency(word, 'en') as '%.6g' "
        "(a proportion of all word tokens, 0 < f < 1).",
        "Order: frequency descending, then word ascending by UTF-8 bytes.",
    ]
    out = ["# " + line for line in header]
    out.extend(f"{word}\t{freq}" for word, freq in rows)
    return "\n".join(out) + "\n"


def write_atomic(path: str, data: bytes) -> None:
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="file to write (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the file differs from what would be generated")
    args = parser.parse_args(argv)

    try:
        import wordfreq
        from importlib.metadata import version
    except ImportError:
        print(f"error: wordfreq is not installed; run: pip install wordfreq=={WORDFREQ_VERSION}",
              file=sys.stderr)
        return 2
    installed = version("wordfreq")
    if installed != WORDFREQ_VERSION:
        print(f"error: wordfreq {installed} installed, need {WORDFREQ_VERSION} for reproducible "
              f"output; run: pip install wordfreq=={WORDFREQ_VERSION}", file=sys.stderr)
        return 2

    rows, stats = build_rows(wordfreq)
    data = render(rows, stats).encode("utf-8")

    if args.check:
        try:
            with open(args.output, "rb") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != data:
            print(f"{args.output} is out of date; run scripts/make-baseline.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(rows)} words)")
        return 0

    write_atomic(args.output, data)
    print(f"wrote {args.output}: {len(rows)} words, {len(data)} bytes ({stats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
