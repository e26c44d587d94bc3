#!/usr/bin/env bash
# End-to-end speed of `lineage profile` on the AlpacaEval dev sample (40 models, ~37 M characters):
# wall time, characters per second and peak memory over several runs of the release binary.
#
#   bash scripts/bench-profile.sh [RUNS] [INPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
input="${2:-../shared/data/alpacaeval-dev}"
scratch="${SCRATCH:-.build}"
swift build -c release --product lineage --scratch-path "$scratch" >/dev/null
binary="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chars=$("$binary" profile "$input" --out "$out" 2>/dev/null && python3 -c "
import json, glob
print(sum(json.load(open(f))['summary']['characters'] for f in glob.glob('$out/*.json')))")
best=""
for i in $(seq "$runs"); do
    rm -rf "$out"/*
    /usr/bin/time -o "$out/.time" -f "%e %M" "$binary" profile "$input" --out "$out" 2>/dev/null
    line=$(tail -1 "$out/.time")
    wall=${line% *}
    rss=${line#* }
    echo "run $i: ${wall} s, peak ${rss} KB"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; best_rss=$rss; fi
done
awk -v c="$chars" -v t="$best" -v r="$best_rss" -v n="$(nproc)" \
    'BEGIN{printf "best: %.2f s for %d characters = %.1f M characters/s on %d cores, peak memory %.0f MiB\n", t, c, c/t/1e6, n, r/1024}'
