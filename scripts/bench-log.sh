#!/usr/bin/env bash
# Speed of the transparency log (release build): N appends, each its own durable transaction, then inclusion and
# consistency proofs at random positions, and a full audit. Usage: scripts/bench-log.sh [N] [DIRECTORY]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-bench
swift build --package-path Benchmarks/attest-bench --scratch-path "$scratch" -c release 2>&1 \
    | grep -E "error|warning: |Build complete" || true
"$(swift build --package-path Benchmarks/attest-bench --scratch-path "$scratch" -c release --show-bin-path)/attest-bench" \
    "${1:-100000}" "${2:-${TMPDIR:-/tmp}}"
