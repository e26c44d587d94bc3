#!/usr/bin/env bash
# Times `lineage tree` on the 40 dev models, from outputs to the bootstrapped tree, for each method (release).
# Usage: scripts/bench-tree.sh [REPLICATES]   (SCRATCH=path to use another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
replicates=${1:-100}
scratch=${SCRATCH:-.build}
data=../shared/data/alpacaeval-dev
swift build -c release --scratch-path "$scratch" --product lineage >/dev/null
bin="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for method in parsimony nj upgma; do
    start=$(date +%s.%N)
    "$bin" tree "$data" --method "$method" --bootstrap "$replicates" --seed 1 --out "$out/$method" >/dev/null
    end=$(date +%s.%N)
    length=$(python3 -c "import json,sys; print(json.load(open('$out/$method/tree.json')).get('length'))")
    printf '%-10s %3d replicates  %6.2f s  length %s\n' "$method" "$replicates" "$(echo "$end - $start" | bc)" "$length"
done
if command -v phylip >/dev/null; then
    # PHYLIP pars on the same characters, default settings (as slop-forensics runs it).
    mkdir -p "$out/pars" && cp "$out/parsimony/characters.phy" "$out/pars/infile"
    start=$(date +%s.%N)
    (cd "$out/pars" && echo Y | phylip pars >/dev/null)
    end=$(date +%s.%N)
    length=$(grep -o 'requires a total of *[0-9.]*' "$out/pars/outfile" | head -1 | grep -o '[0-9.]*$')
    printf '%-10s   1 tree          %6.2f s  length %s\n' "pars" "$(echo "$end - $start" | bc)" "$length"
fi
