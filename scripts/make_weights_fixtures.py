#!/usr/bin/env python3
"""Writes small real checkpoints for the Weights tests (numpy, safetensors and gguf from PyPI).

Usage: make_weights_fixtures.py OUT_DIR

A llama-shaped model (4 layers, hidden 64, MLP 128, 4 query heads, 2 key/value heads, vocabulary 96):
  original.safetensors        F32, Hugging Face names
  original-f16.safetensors    the same weights stored as F16
  original-bf16.safetensors   the same weights stored as BF16 (round to nearest even)
  finetuned.safetensors       original + Gaussian noise of 5% of each tensor's spread
  permuted.safetensors        original with each layer's MLP hidden units permuted (gate/up rows, down columns)
  converted.gguf              original converted as llama.cpp does: llama.cpp names, query/key rows reordered for
                              rotary, embeddings F32, attention F16, ffn_gate Q8_0, ffn_up Q4_0, ffn_down BF16
  independent.safetensors     the same architecture initialised with another seed
  sharded/                    original split into two shards with model.safetensors.index.json
  expected/NAME.f32           the values each stored tensor must decode to, little-endian float32:
                              F16/BF16 after numpy's rounding, Q8_0/Q4_0 after gguf-py's own dequantisation
  expected/manifest.json      which file and tensor each expected file belongs to
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf.quants import quantize, dequantize
from safetensors.numpy import save_file
from safetensors import serialize_file
from safetensors._safetensors_rust import TensorSpec

LAYERS, HIDDEN, MLP, HEADS, KV_HEADS, VOCAB = 4, 64, 128, 4, 2, 96
HEAD_DIM = HIDDEN // HEADS


def init(seed):
    rng = np.random.default_rng(seed)
    w = {"model.embed_tokens.weight": rng.normal(0, 0.02, (VOCAB, HIDDEN))}
    for n in range(LAYERS):
        p = f"model.layers.{n}."
        w[p + "self_attn.q_proj.weight"] = rng.normal(0, 0.02, (HIDDEN, HIDDEN))
        w[p + "self_attn.k_proj.weight"] = rng.normal(0, 0.02, (KV_HEADS * HEAD_DIM, HIDDEN))
        w[p + "self_attn.v_proj.weight"] = rng.normal(0, 0.02, (KV_HEADS * HEAD_DIM, HIDDEN))
        w[p + "self_attn.o_proj.weight"] = rng.normal(0, 0.02, (HIDDEN, HIDDEN))
        w[p + "mlp.gate_proj.weight"] = rng.normal(0, 0.02, (MLP, HIDDEN))
        w[p + "mlp.up_proj.weight"] = rng.normal(0, 0.02, (MLP, HIDDEN))
        w[p + "mlp.down_proj.weight"] = rng.normal(0, 0.02, (HIDDEN, MLP))
        w[p + "input_layernorm.weight"] = 1 + rng.normal(0, 0.1, (HIDDEN,))
        w[p + "post_attention_layernorm.weight"] = 1 + rng.normal(0, 0.1, (HIDDEN,))
    w["model.norm.weight"] = 1 + rng.normal(0, 0.1, (HIDDEN,))
    w["lm_head.weight"] = rng.normal(0, 0.02, (VOCAB, HIDDEN))
    return {k: v.astype(np.float32) for k, v in w.items()}


def to_bf16_bits(x):
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_bits_to_f32(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def llama_cpp_permute(w, heads):
    # convert_hf_to_gguf.py LlamaModel.permute
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


GGUF_NAMES = {
    "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output", "input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm",
    "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down",
}


def gguf_name(name):
    stem = name[: -len(".weight")]
    if stem == "model.embed_tokens":
        return "token_embd.weight"
    if stem == "model.norm":
        return "output_norm.weight"
    if stem == "lm_head":
        return "output.weight"
    parts = stem.split(".")
    return f"blk.{parts[2]}.{GGUF_NAMES['.'.join(parts[3:])]}.weight"


def main(out):
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    os.makedirs(os.path.join(out, "sharded"), exist_ok=True)
    manifest = []

    def expect(file, tensor, values, kind):
        name = f"{len(manifest):03d}.f32"
        np.ascontiguousarray(values, dtype="<f4").tofile(os.path.join(out, "expected", name))
        manifest.append({"file": file, "tensor": tensor, "expected": name, "kind": kind})

    meta = {"format": "pt", "architecture": "llama"}
    original = init(1)
    save_file(original, os.path.join(out, "original.safetensors"), metadata=meta)
    for k in ("model.layers.0.mlp.up_proj.weight", "model.norm.weight"):
        expect("original.safetensors", k, original[k], "exact")

    f16 = {k: v.astype(np.float16) for k, v in original.items()}
    save_file(f16, os.path.join(out, "original-f16.safetensors"), metadata=meta)
    for k in ("model.layers.1.self_attn.q_proj.weight", "model.layers.1.input_layernorm.weight"):
        expect("original-f16.safetensors", k, f16[k].astype(np.float32), "exact")

    bf16 = {k: to_bf16_bits(v) for k, v in original.items()}
    specs = {k: TensorSpec(dtype="bfloat16", shape=v.shape, data_ptr=v.ctypes.data, data_len=v.nbytes) for k, v in bf16.items()}
    serialize_file(specs, os.path.join(out, "original-bf16.safetensors"), metadata=meta)
    for k in ("model.layers.2.mlp.down_proj.weight", "model.embed_tokens.weight"):
        expect("original-bf16.safetensors", k, bf16_bits_to_f32(bf16[k]), "exact")

    rng = np.random.default_rng(7)
    finetuned = {k: (v + rng.normal(0, 0.05 * float(v.std()) + 1e-6, v.shape)).astype(np.float32)
                 for k, v in original.items()}
    save_file(finetuned, os.path.join(out, "finetuned.safetensors"), metadata=meta)

    permuted = dict(original)
    for n in range(LAYERS):
        order = rng.permutation(MLP)
        p = f"model.layers.{n}.mlp."
        permuted[p + "gate_proj.weight"] = original[p + "gate_proj.weight"][order]
        permuted[p + "up_proj.weight"] = original[p + "up_proj.weight"][order]
        permuted[p + "down_proj.weight"] = np.ascontiguousarray(original[p + "down_proj.weight"][:, order])
    save_file(permuted, os.path.join(out, "permuted.safetensors"), metadata=meta)

    save_file(init(2), os.path.join(out, "independent.safetensors"), metadata=meta)

    names = sorted(original)
    half = len(names) // 2
    shards = {"model-00001-of-00002.safetensors": names[:half], "model-00002-of-00002.safetensors": names[half:]}
    weight_map = {}
    for shard, keys in shards.items():
        save_file({k: original[k] for k in keys}, os.path.join(out, "sharded", shard), metadata=meta)
        weight_map.update({k: shard for k in keys})
    with open(os.path.join(out, "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": sum(v.nbytes for v in original.values())}, "weight_map": weight_map}, f)

    writer = gguf.GGUFWriter(os.path.join(out, "converted.gguf"), "llama")
    writer.add_block_count(LAYERS)
    writer.add_context_length(128)
    writer.add_embedding_length(HIDDEN)
    writer.add_feed_forward_length(MLP)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_name("lineage-test-model")
    Q = gguf.GGMLQuantizationType
    for name in names:
        target = gguf_name(name)
        values = original[name]
        if ".attn_q." in target:
            values = llama_cpp_permute(values, HEADS)
        elif ".attn_k." in target:
            values = llama_cpp_permute(values, KV_HEADS)
        if ".attn_" in target and values.ndim == 2:
            stored, kind, decoded = values.astype(np.float16), None, values.astype(np.float16).astype(np.float32)
            writer.add_tensor(target, stored)
        elif ".ffn_gate." in target or ".ffn_up." in target:
            qtype = Q.Q8_0 if ".ffn_gate." in target else Q.Q4_0
            packed = quantize(values, qtype)
            writer.add_tensor(target, packed, raw_shape=packed.shape, raw_dtype=qtype)
            decoded, kind = dequantize(packed, qtype), qtype.name
        elif ".ffn_down." in target:
            packed = quantize(values, Q.BF16)
            writer.add_tensor(target, packed, raw_shape=packed.shape, raw_dtype=Q.BF16)
            decoded, kind = dequantize(packed, Q.BF16), "BF16"
        else:
            writer.add_tensor(target, values)
            decoded = values
        if target.startswith("blk.0.") or target == "token_embd.weight":
            expect("converted.gguf", target, decoded, "exact")
            if ".ffn_gate." in target or ".ffn_up." in target:
                # The unquantised values, to be matched within the quantisation error.
                expect("converted.gguf", target, values, kind)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()

    with open(os.path.join(out, "expected", "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
