#!/usr/bin/env bash
# End-to-end speed of `lineage profile` on the AlpacaEval dev sample (40 models, ~37 M characters):
# wall time, characters per second and peak memory over several runs of the release binary.
# With --ab, each round runs gzip inflation through libdeflate and then through zlib (LINEAGE_GUNZIP=zlib),
# interleaved so that the host's load drifts alike for both, and prints min and median per path.
#
#   bash scripts/bench-profile.sh [--ab] [RUNS] [INPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
ab=false
if [ "${1:-}" = "--ab" ]; then ab=true; shift; fi
runs="${1:-5}"
input="${2:-../shared/data/alpacaeval-dev}"
scratch="${SCRATCH:-.build}"
swift build -c release --product lineage --scratch-path "$scratch" >/dev/null
binary="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if $ab; then
    for i in $(seq "$runs"); do
        for mode in libdeflate zlib; do
            /usr/bin/time -o "$out/.time" -f "%e" env LINEAGE_GUNZIP="$mode" "$binary" profile "$input" \
                --out "$out/p" 2>/dev/null
            echo "$mode $(tail -1 "$out/.time")" | tee -a "$out/.runs"
        done
    done
    for mode in libdeflate zlib; do
        grep "^$mode " "$out/.runs" | cut -d' ' -f2 | sort -n | awk -v m="$mode" '{ v[NR] = $1 }
            END { printf "%s: min %.2f s, median %.2f s over %d runs\n", m, v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR }'
    done
    exit 0
fi
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
