#!/usr/bin/env bash
# Fuzzes the Attestation parsers with libFuzzer (address sanitizer on): DSSE envelopes, certificates and log proofs
# (FuzzEnvelope), in-toto statements with Lineage's predicate (FuzzStatement). Prints each target's executions.
# Leak detection is off: LeakSanitizer flags a Data that swift-crypto allocates for a public key's raw bytes.
# Usage: scripts/fuzz-attest.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scratch=.build-fuzz
swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -E "error|warning: |Compiling Fuzz|Build complete" || true
bin="$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug --show-bin-path)"
for target in FuzzEnvelope FuzzStatement; do
    corpus="$scratch/corpus-$target"
    mkdir -p "$corpus"
    seeds=Fuzz/Corpus/envelope
    [ "$target" = FuzzStatement ] && seeds=Fuzz/Corpus/statement
    log="$scratch/$target.log"
    ASAN_OPTIONS=detect_leaks=0 "$bin/$target" "$corpus" "$seeds" -max_total_time="$seconds" -print_final_stats=1 -max_len=8192 -artifact_prefix="$scratch/" -detect_leaks=0 >"$log" 2>&1 || {
        tail -40 "$log"
        echo "$target: libFuzzer found a crash (see $log)"
        exit 1
    }
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
    cov=$(grep -E 'cov: [0-9]+' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    echo "$target: $runs executions in ${seconds}s ($rate/s), coverage $cov edges, no crash"
done
