#!/usr/bin/env bash
# Times Lineage's parsimony search against PHYLIP's pars on the same simulated matrices (release build).
#   scripts/bench-parsimony.sh            # 228 taxa × 10,000 characters, then 40 × 3,000
# The 40 × 3,000 run also times 100 bootstrap replicates on one core (taskset -c 0).
# pars (Debian package `phylip`) is run with its default settings when /usr/bin/phylip exists.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-h1 --product lineage-bench
bench=.build-h1/release/lineage-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
    local taxa=$1 characters=$2 seed=$3
    shift 3
    local dir="$work/${taxa}x${characters}"
    mkdir -p "$dir"
    echo "== $taxa taxa × $characters characters, seed $seed"
    "$@" "$bench" parsimony --taxa "$taxa" --characters "$characters" --seed "$seed" --infile "$dir/infile" \
        ${BOOTSTRAP:+--bootstrap "$BOOTSTRAP"}
    if [ -x /usr/bin/phylip ]; then
        local start end
        start=$(date +%s.%N)
        (cd "$dir" && echo Y | phylip pars >/dev/null 2>&1)
        end=$(date +%s.%N)
        local length
        length=$(grep -m1 'requires a total of' "$dir/outfile" | awk '{print $NF}')
        printf 'phylip pars: length %s, %.3f s\n' "$length" "$(echo "$end - $start" | bc -l)"
    else
        echo "phylip pars: not installed"
    fi
}

run 228 10000 1
if command -v taskset >/dev/null; then
    BOOTSTRAP=100 run 40 3000 1 taskset -c 0
else
    BOOTSTRAP=100 run 40 3000 1
fi
