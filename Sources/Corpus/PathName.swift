/// Path arithmetic on path strings where Foundation's is unsafe: `NSString.deletingLastPathComponent` traps on
/// one-character paths ("o") in this toolchain's Foundation.
public enum PathName {
    /// `path` without its last component, as `NSString.deletingLastPathComponent` defines it: "" for a bare name
    /// ("o", "dir/"), "/" for a child of the root ("/o"), otherwise everything before the last slash, with
    /// trailing slashes removed ("a/b/" → "a", "a//b" → "a").
    public static func parent(of path: String) -> String {
        // Bytes, not Characters: a "/" followed by a combining mark is still a separator.
        let slash = UInt8(ascii: "/")
        var trimmed = path.utf8[...]
        while trimmed.count > 1 && trimmed.last == slash { trimmed.removeLast() }
        guard let last = trimmed.lastIndex(of: slash) else { return "" }
        var parent = trimmed[..<last]
        while parent.last == slash { parent.removeLast() }
        return parent.isEmpty ? "/" : String(decoding: parent, as: UTF8.self)
    }
}
