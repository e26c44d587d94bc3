/// Puts Hugging Face (transformers) and llama.cpp (GGUF) tensor names into one scheme, so the same weight is found
/// under either name.
///
/// The canonical name is llama.cpp's (`blk.N.attn_q.weight`); Hugging Face llama-style names are translated
/// (`model.layers.N.self_attn.q_proj.weight`), other names are kept as they are.
public enum TensorNaming {
    private static let global: [String: String] = [
        "model.embed_tokens": "token_embd", "model.norm": "output_norm", "lm_head": "output",
    ]
    private static let perLayer: [String: String] = [
        "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
        "self_attn.o_proj": "attn_output", "input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm",
        "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down",
    ]

    /// The canonical name of `name`.
    public static func canonical(_ name: String) -> String {
        let (stem, suffix) = splitSuffix(name)
        if let mapped = global[stem] { return mapped + suffix }
        let prefix = "model.layers."
        if stem.hasPrefix(prefix) {
            let rest = stem.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]),
                let mapped = perLayer[String(rest[rest.index(after: dot)...])]
            {
                return "blk.\(layer).\(mapped)\(suffix)"
            }
        }
        return name
    }

    /// The layer number and role (`ffn_up`, `attn_q`, ...) of a canonical per-layer name.
    public static func layerRole(_ canonicalName: String) -> (layer: Int, role: String)? {
        let parts = canonicalName.split(separator: ".")
        guard parts.count >= 3, parts[0] == "blk", let layer = Int(parts[1]) else { return nil }
        return (layer, String(parts[2]))
    }

    private static func splitSuffix(_ name: String) -> (String, String) {
        for suffix in [".weight", ".bias"] where name.hasSuffix(suffix) {
            return (String(name.dropLast(suffix.count)), suffix)
        }
        return (name, "")
    }

    /// Architectures whose llama.cpp conversion reorders the rows of the query and key projections for its
    /// rotary embedding.
    public static let permutedRotaryArchitectures: Set<String> = ["llama", "mistral", "granite", "granitemoe"]

    /// For a llama.cpp query or key projection with `rows` rows in `heads` heads, the Hugging Face row held in each
    /// GGUF row (llama.cpp converts with `reshape(heads, 2, rows / heads / 2, …).swapaxes(1, 2)`), or nil when the
    /// rows do not split into heads of even size.
    public static func rotaryRowOrder(rows: Int, heads: Int) -> [Int]? {
        guard heads > 0, rows % heads == 0, (rows / heads) % 2 == 0 else { return nil }
        let perHead = rows / heads
        let half = perHead / 2
        return (0..<rows).map { row in
            let head = row / perHead
            let within = row % perHead
            return head * perHead + (within % 2) * half + within / 2
        }
    }

    /// The row order that lines up `tensor` of a GGUF checkpoint with the Hugging Face layout, when llama.cpp
    /// reordered its rows; nil when the rows are in the same order.
    public static func huggingFaceRowOrder(of canonicalName: String, in checkpoint: Checkpoint, rows: Int) -> [Int]? {
        guard checkpoint.format == .gguf, let architecture = checkpoint.architecture,
            permutedRotaryArchitectures.contains(architecture), let (_, role) = layerRole(canonicalName)
        else { return nil }
        let heads = checkpoint.metadataValue("\(architecture).attention.head_count")?.integer
        let keyValueHeads = checkpoint.metadataValue("\(architecture).attention.head_count_kv")?.integer ?? heads
        switch role {
        case "attn_q": return heads.flatMap { rotaryRowOrder(rows: rows, heads: $0) }
        case "attn_k": return keyValueHeads.flatMap { rotaryRowOrder(rows: rows, heads: $0) }
        default: return nil
        }
    }
}
