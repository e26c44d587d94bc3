import Corpus

/// The JSON documents of the weights commands (deterministic: fixed member order, shortest round-trip numbers).
public enum WeightsJSON {
    /// `lineage weights inspect --format json`.
    public static func inspection(_ checkpoint: Checkpoint) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("path", checkpoint.path)
        json.member("format", checkpoint.format.rawValue)
        json.member("architecture", checkpoint.architecture)
        json.member("parameters", checkpoint.parameterCount)
        json.member("tensor_bytes", checkpoint.tensorBytes)
        json.member("files", array: checkpoint.files)
        json.key("dtypes")
        json.beginObject(singleLine: true)
        for (type, count) in dtypeCounts(checkpoint) { json.member(type, count) }
        json.endObject()
        json.key("metadata")
        json.beginObject()
        for (key, value) in checkpoint.metadata { json.member(key, value.description) }
        json.endObject()
        json.key("tensors")
        json.beginArray()
        for tensor in checkpoint.tensors {
            json.beginObject(singleLine: true)
            json.member("name", tensor.name)
            json.member("dtype", tensor.type.rawValue)
            json.member("shape", array: tensor.shape)
            json.member("parameters", tensor.elementCount)
            json.member("offset", tensor.byteRange.lowerBound)
            json.member("bytes", tensor.byteRange.count)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text + "\n"
    }

    /// Parameters per dtype, most first.
    public static func dtypeCounts(_ checkpoint: Checkpoint) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for tensor in checkpoint.tensors { counts[tensor.type.rawValue, default: 0] += tensor.elementCount }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    }

    /// `lineage weights compare --format json`.
    public static func comparison(_ comparison: WeightsComparison) -> String {
        let test = comparison.independence
        var json = JSONWriter()
        json.beginObject()
        json.member("a", comparison.pathA)
        json.member("b", comparison.pathB)
        json.key("verdict")
        json.beginObject()
        json.member("kind", test.verdict.rawValue)
        json.member("p_value", test.untested == nil ? test.pValue : nil)
        json.member("log10_p_value", test.untested == nil ? test.log10PValue : nil)
        json.member("untested", test.untested)
        json.member("method", "MLP hidden-unit matching (gate vs up rows), Spearman per layer, Fisher over layers")
        json.member("derived_below", comparison.settings.derivedBelow)
        json.member("independent_from", comparison.settings.independentFrom)
        json.member("units", comparison.settings.units)
        json.member("coordinates", comparison.settings.coordinates)
        json.member("seed", Int(truncatingIfNeeded: comparison.settings.seed))
        json.endObject()
        json.member("weighted_cosine", comparison.weightedCosine)
        json.key("layers")
        json.beginArray()
        for layer in test.layers {
            json.beginObject(singleLine: true)
            json.member("layer", layer.layer)
            json.member("matrices", array: layer.matrices)
            json.member("hidden_a", layer.hiddenA)
            json.member("hidden_b", layer.hiddenB)
            json.member("units", layer.units)
            json.member("spearman", layer.spearman)
            json.member("agreement", layer.agreement)
            json.member("p_value", layer.pValue)
            json.member("log10_p_value", layer.logPValue / 2.302585092994046)
            json.endObject()
        }
        json.endArray()
        json.key("skipped_layers")
        json.beginArray()
        for (layer, reason) in test.skipped {
            json.beginObject(singleLine: true)
            json.member("layer", layer)
            json.member("reason", reason)
            json.endObject()
        }
        json.endArray()
        json.key("tensors")
        json.beginArray()
        for tensor in comparison.tensors {
            json.beginObject(singleLine: true)
            json.member("name", tensor.name)
            json.member("cosine", tensor.cosine)
            json.member("relative_l2", tensor.relativeL2)
            json.member("parameters", tensor.elementCount)
            json.endObject()
        }
        json.endArray()
        json.member("only_in_a", array: comparison.pairing.onlyInA)
        json.member("only_in_b", array: comparison.pairing.onlyInB)
        json.key("incomparable")
        json.beginArray()
        for (name, reason) in comparison.pairing.incomparable {
            json.beginObject(singleLine: true)
            json.member("name", name)
            json.member("reason", reason)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text + "\n"
    }

    /// `lineage weights fingerprint`.
    public static func fingerprint(_ fingerprint: WeightsFingerprint, path: String) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("kind", "lineage-weights-fingerprint")
        json.member("version", 1)
        json.member("path", path)
        json.member("format", fingerprint.format.rawValue)
        json.member("architecture", fingerprint.architecture)
        json.member("parameters", fingerprint.parameterCount)
        json.key("signature_settings")
        json.beginObject(singleLine: true)
        json.member("seed", Int(truncatingIfNeeded: fingerprint.settings.seed))
        json.member("sampled_rows", fingerprint.settings.sampledRows)
        json.member("sampled_columns", fingerprint.settings.sampledColumns)
        json.member("projections", fingerprint.settings.projections)
        json.endObject()
        json.key("tensors")
        json.beginArray()
        for entry in fingerprint.entries {
            json.beginObject(singleLine: true)
            json.member("name", entry.name)
            json.member("canonical", entry.canonicalName)
            json.member("dtype", entry.type.rawValue)
            json.member("shape", array: entry.shape)
            json.member("sha256", entry.sha256)
            json.key("signature")
            if let signature = entry.signature {
                json.beginArray(singleLine: true)
                for value in signature { json.value((value * 1e6).rounded() / 1e6) }
                json.endArray()
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text + "\n"
    }
}
