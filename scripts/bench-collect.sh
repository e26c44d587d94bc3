#!/usr/bin/env bash
# Throughput of `lineage collect` (release build) against the fake OpenAI-compatible server on loopback, at
# concurrency 1, 8 and 64: answers per second, every answer appended and fsync'd before it counts.
#
#   bash scripts/bench-collect.sh [PROMPTS] [SERVER_DELAY_MS]
#
# PROMPTS (default 2000) answers are collected per concurrency into a fresh file on the working directory's disk;
# SERVER_DELAY_MS (default 0) makes every reply that much slower, as a stand-in for a model's latency.
set -euo pipefail
cd "$(dirname "$0")/.."
prompts=${1:-2000}
delay=${2:-0}

swift build -c release --product lineage >/dev/null
swift build -c release --product fake-openai-server >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-collect.XXXXXX")
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/fake-openai-server" --words 200 --min-delay-ms "$delay" --max-delay-ms "$delay" >"$work/endpoint" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/endpoint" ] && break; sleep 0.05; done
endpoint=$(head -1 "$work/endpoint")

for i in $(seq 1 "$prompts"); do
    printf '{"prompt_id": "p%05d", "prompt": "Prompt %d: write a paragraph about rivers."}\n' "$i" "$i"
done >"$work/prompts.jsonl"

echo "lineage collect: $prompts prompts, answers of ~200 words, server delay ${delay} ms, $(nproc) cores"
for concurrency in 1 8 64; do
    rm -f "$work/out.jsonl"
    start=$(date +%s.%N)
    "$bin/lineage" collect --endpoint "$endpoint" --model bench --prompts "$work/prompts.jsonl" \
        --out "$work/out.jsonl" --concurrency "$concurrency" 2>/dev/null
    end=$(date +%s.%N)
    answers=$(grep -vc lineage_metadata "$work/out.jsonl")
    awk -v c="$concurrency" -v n="$answers" -v s="$start" -v e="$end" \
        'BEGIN { printf "concurrency %2d: %d answers in %.2f s = %.0f answers/s\n", c, n, e - s, n / (e - s) }'
done
