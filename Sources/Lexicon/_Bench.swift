import Corpus
public enum _Bench {
    struct Noop: TokenSink {
        var n = 0
        mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) { n &+= bytes.count }
        mutating func boundary() { n &+= 1 }
    }
    struct Lookup: TokenSink {
        var cache: TokenCache
        var n = 0
        mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) { n &+= Int(cache.lookup(bytes).featureID) }
        mutating func boundary() { n &+= 1 }
    }
    public static func scanOnly(_ outs: [ModelOutputs]) -> Int {
        var t = Tokenizer()
        var s = Noop()
        for o in outs { for r in o.responses { var x = r.text; _ = x.withUTF8 { t.scan($0, into: &s) } } }
        return s.n
    }
    public static func scanLookup(_ outs: [ModelOutputs]) -> Int {
        var t = Tokenizer()
        var s = Lookup(cache: TokenCache(vocabulary: Vocabulary()))
        for o in outs { for r in o.responses { var x = r.text; _ = x.withUTF8 { t.scan($0, into: &s) } } }
        return s.n
    }
}
