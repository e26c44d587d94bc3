#!/usr/bin/env bash
# Checks that Biopython's Bio.Phylo reads Lineage's Newick and Nexus tree files with the expected leaf names.
#
# Usage: scripts/check-biopython.sh TREE.nwk TREES.nex EXPECTED.txt
#   EXPECTED.txt: the leaf names, one per line.
#
# Creates (once) a virtual environment in .build-venv at the package root, installs biopython into it, and runs
# scripts/check_biopython.py with it. Exits non-zero when Biopython reads other leaf names or cannot parse a file.
# To run the Swift interoperability test with the same interpreter:
#   LINEAGE_BIOPYTHON=.build-venv/bin/python swift test --filter Biopython
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.build-venv"

if [[ $# -ne 3 ]]; then
    echo "usage: $0 TREE.nwk TREES.nex EXPECTED.txt" >&2
    exit 2
fi

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import Bio' 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check biopython
fi

exec "$venv/bin/python" "$root/scripts/check_biopython.py" "$@"
