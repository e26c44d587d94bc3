/// Path arithmetic on path strings where Foundation's is unsafe: `NSString.deletingLastPathComponent` traps on
/// one-character paths ("o") in this toolchain's Foundation.
public enum PathName {
    /// `path` without its last component, as `NSString.deletingLastPathComponent` defines it: "" for a bare name
    /// ("o", "dir/"), "/" for a child of the root ("/o"), otherwise everything before the last slash, with
    /// trailing slashes removed ("a/b/" → "a", "a//b" → "a").
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var parent = trimmed[..<slash]
        while parent.hasSuffix("/") { parent.removeLast() }
        return parent.isEmpty ? "/" : String(parent)
    }
}
