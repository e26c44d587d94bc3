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
time_of() { local start end; start=$(date +%s.%N); "$@" >/dev/null || true; end=$(date +%s.%N); echo "$end - $start" | bc; }
printf '\nCLI: rescore one log %s s\n' "$(time_of "$bin" audit rescore "$data/Yi-6B.json.gz" --format json)"
printf 'CLI: consistency over 8 logs (1000 replicates) %s s\n' \
    "$(time_of "$bin" audit consistency "$data"/*.json.gz --out "$out/consistency")"
