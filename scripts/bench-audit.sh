#!/usr/bin/env bash
# Speed and calibration of `lineage audit` on the MMLU-Pro dev logs (release build), then the CLI end to end.
# Usage: scripts/bench-audit.sh [RESAMPLES]   (SCRATCH=path to use another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
resamples=${1:-1000}
scratch=${SCRATCH:-.build}
data=../shared/data/mmlu-pro-dev
swift build -c release --scratch-path "$scratch" --product audit-bench >/dev/null
swift build -c release --scratch-path "$scratch" --product lineage >/dev/null
"$scratch/release/audit-bench" "$data" --resamples "$resamples"
bin="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Wall-clock and CPU time of each CLI run, 5 runs each (the machine may be shared: CPU time is the steadier figure).
cli() {
    local label=$1
    shift
    printf '\nCLI: %s\n' "$label"
    if command -v hyperfine >/dev/null; then
        hyperfine -N -w 1 -r 5 -i "$(printf '%q ' "$@")" 2>&1 | grep -E 'Time|Range'
    else
        local TIMEFORMAT='  %R s wall, %U s user, %S s sys'
        for _ in 1 2 3 4 5; do time "$@" >/dev/null || true; done
    fi
}
cli "rescore the largest log" "$bin" audit rescore "$data/Meta-Llama-3_1-8B-Instruct.json.gz" --format json
cli "consistency over 8 logs (1000 replicates)" "$bin" audit consistency "$data"/*.json.gz --out "$out/consistency"
