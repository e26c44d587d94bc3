#!/usr/bin/env bash
# Times `lineage analyze` on the 40 dev models (release build): wall-clock, user and system CPU time, peak memory.
# Usage: scripts/bench-analyze.sh [REPLICATES] [extra analyze options...]   (SCRATCH=path for another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
replicates=${1:-100}
shift || true
scratch=${SCRATCH:-.build}
data=../shared/data/alpacaeval-dev
swift build -c release --scratch-path "$scratch" --product lineage >/dev/null
bin="$scratch/release/lineage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for run in 1 2; do
    /usr/bin/time -f "run $run: %e s wall, %U s user, %S s system, %M KiB peak" \
        "$bin" analyze "$data" --bootstrap "$replicates" --seed 1 --out "$out/report" --quiet "$@"
done
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
ls -la "$out/report" | awk 'NR>1 {print "  " $5 "\t" $9}'
