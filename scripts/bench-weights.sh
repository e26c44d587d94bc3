#!/usr/bin/env bash
# Times `lineage weights fingerprint` (SHA-256 of every tensor) and `lineage weights compare` on two generated
# ~1 GB F32 safetensors checkpoints (llama-shaped: 5 layers, hidden 2048, MLP 5632; the second is the first plus
# noise), release build. Needs Python with numpy and safetensors (LINEAGE_WEIGHTS_PYTHON, default .build-venv).
# The generated files live in a temporary directory that is deleted on exit.
# Usage: scripts/bench-weights.sh   (SCRATCH=path to use another build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${LINEAGE_WEIGHTS_PYTHON:-.build-venv/bin/python}
scratch=${SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product lineage >/dev/null
bin="$scratch/release/lineage"
work=$(mktemp -d "${TMPDIR:-/tmp}/lineage-weights-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$python" - "$work" <<'PY'
import sys
import numpy as np
from safetensors.numpy import save_file
out = sys.argv[1]
rng = np.random.default_rng(1)
hidden, mlp, layers = 2048, 5632, 5
def model(base=None, noise=0.0):
    tensors = {}
    for n in range(layers):
        p = f"model.layers.{n}."
        shapes = {"self_attn.q_proj": (hidden, hidden), "self_attn.k_proj": (hidden, hidden),
                  "self_attn.v_proj": (hidden, hidden), "self_attn.o_proj": (hidden, hidden),
                  "mlp.gate_proj": (mlp, hidden), "mlp.up_proj": (mlp, hidden), "mlp.down_proj": (hidden, mlp)}
        for name, shape in shapes.items():
            key = p + name + ".weight"
            if base is None:
                tensors[key] = rng.standard_normal(shape, dtype=np.float32) * np.float32(0.02)
            else:
                tensors[key] = base[key] + rng.standard_normal(shape, dtype=np.float32) * np.float32(noise)
    return tensors
a = model()
save_file(a, f"{out}/a.safetensors", metadata={"format": "pt"})
b = model(a, 0.002)
save_file(b, f"{out}/b.safetensors", metadata={"format": "pt"})
PY
bytes=$(stat -c %s "$work/a.safetensors")
cat "$work/a.safetensors" "$work/b.safetensors" >/dev/null  # page cache warm, as after any first read
echo "checkpoint size: $bytes bytes each; $(nproc) cores"

time_it() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
seconds=$(time_it "$bin" weights fingerprint "$work/a.safetensors" --out "$work/a.json")
printf 'fingerprint (SHA-256 + signatures) of one file: %6.2f s  %5.2f GB/s\n' "$seconds" \
    "$(echo "$bytes / $seconds / 1000000000" | bc -l)"
seconds=$(time_it "$bin" weights compare "$work/a.safetensors" "$work/b.safetensors" --format json --out "$work/c.json")
printf 'compare two files (cosine, L2, independence):   %6.2f s  %5.2f GB/s read\n' "$seconds" \
    "$(echo "2 * $bytes / $seconds / 1000000000" | bc -l)"
"$python" -c "import json; v=json.load(open('$work/c.json'))['verdict']; print('verdict:', v['kind'], 'p =', v['p_value'])"
