#!/usr/bin/env bash
# Builds a libFuzzer target for each checkpoint header parser (safetensors, GGUF) with AddressSanitizer and runs each
# for SECONDS (default 60), starting from seed files made by scripts/make_weights_fixtures.py when its Python is
# given in LINEAGE_WEIGHTS_PYTHON (else from tiny hand-made seeds). Crashes land in .build-fuzz/<target>/.
#
# The parsers' sources are compiled straight into each fuzzer with swiftc (no swift-crypto or Corpus needed: the
# files that use them, WeightsJSON and WeightsFingerprint, are left out), so this does not disturb `swift build`.
#
# Usage: scripts/fuzz-weights.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out"
sources=$(ls Sources/Weights/*.swift | grep -v -e WeightsJSON.swift -e WeightsFingerprint.swift)

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
if [ -n "${LINEAGE_WEIGHTS_PYTHON:-}" ]; then
    "$LINEAGE_WEIGHTS_PYTHON" scripts/make_weights_fixtures.py "$seeds/models" >/dev/null
fi

for target in safetensors gguf; do
    format_flag=$( [ "$target" = gguf ] && echo -DFUZZ_GGUF || true )
    binary="$out/fuzz-$target"
    echo "building $binary"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -DFUZZING -DFUZZ_STANDALONE $format_flag \
        -module-name WeightsFuzz $sources Fuzz/fuzz-weights/FuzzWeights.swift -o "$binary" 2>"$out/$target-build.log" || {
        cat "$out/$target-build.log"
        exit 1
    }
    corpus="$out/$target-corpus"
    mkdir -p "$corpus" "$out/$target-crashes"
    if [ -d "$seeds/models" ]; then
        if [ "$target" = gguf ]; then
            cp "$seeds/models/converted.gguf" "$corpus/seed.gguf"
        else
            cp "$seeds/models/original-bf16.safetensors" "$corpus/seed-bf16.safetensors"
            cp "$seeds/models/sharded/model-00002-of-00002.safetensors" "$corpus/seed.safetensors"
        fi
    fi
    printf '\x10\x00\x00\x00\x00\x00\x00\x00{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}\x00\x00\x80\x3f' \
        >"$corpus/tiny.safetensors"
    echo "running $binary for $seconds s"
    "$binary" "$corpus" -max_total_time="$seconds" -max_len=1048576 -rss_limit_mb=4096 \
        -artifact_prefix="$out/$target-crashes/" -print_final_stats=1 2>"$out/$target.log" || {
        echo "fuzz-$target found a problem; see $out/$target.log and $out/$target-crashes/"
        tail -40 "$out/$target.log"
        exit 1
    }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$out/$target.log" | tail -3
done
