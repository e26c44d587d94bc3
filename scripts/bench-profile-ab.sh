#!/usr/bin/env bash
# `lineage profile` on the dev sample with gzip inflated by libdeflate and by zlib (LINEAGE_GUNZIP=zlib), the runs
# interleaved so that the host's load drifts alike for both: wall time of each run, then min and median per path.
#
#   bash scripts/bench-profile-ab.sh [ROUNDS] [INPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-12}"
input="${2:-../shared/data/alpacaeval-dev}"
scratch="${SCRATCH:-.build}"
swift build -c release --product lineage --scratch-path "$scratch" >/dev/null
binary="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$rounds"); do
    for mode in libdeflate zlib; do
        /usr/bin/time -o "$out/.time" -f "%e" env LINEAGE_GUNZIP="$mode" "$binary" profile "$input" --out "$out/p" 2>/dev/null
        echo "$mode $(tail -1 "$out/.time")" | tee -a "$out/runs"
    done
done
for mode in libdeflate zlib; do
    grep "^$mode " "$out/runs" | cut -d' ' -f2 | sort -n | awk -v m="$mode" '{ v[NR] = $1 }
        END { printf "%s: min %.2f s, median %.2f s over %d runs\n", m, v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR }'
done
