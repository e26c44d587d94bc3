import Foundation

/// Reading and writing trees in the Newick format ("Newick's 8:45" standard, as interpreted by Gary Olsen and used by
/// PHYLIP, PAUP and most tree software).
///
/// Labels may be quoted with single quotes (an inner quote doubled); in unquoted labels an underscore stands for a
/// blank. Internal node labels that are numbers are support percentages (stored in ``Tree/Node/support`` as a fraction
/// 0…1); other internal labels are node names. Comments in square brackets are skipped, except that a leading `[&R]`
/// or `[&U]` says whether the tree is rooted.
public enum Newick {
    /// The trees in `text`, each ended by `;`.
    ///
    /// A tree is rooted when it is preceded by a `[&R]` comment, unrooted when preceded by `[&U]`, and otherwise rooted
    /// exactly when its root has two children.
    ///
    /// - Parameter file: the file name to report in errors.
    /// - Throws: ``PhylogenyError`` of kind `.malformedFile`, with the line and column of the problem.
    public static func parse(_ text: String, file: String? = nil) throws -> [Tree] {
        var scanner = NewickScanner(text: text, file: file)
        var trees: [Tree] = []
        while true {
            var rooting: Bool? = nil
            try scanner.skipBlanksAndComments(rooting: &rooting)
            if scanner.atEnd { break }
            trees.append(try scanner.parseTree(rooting: rooting))
        }
        if trees.isEmpty { throw scanner.error("expected a tree, found only blanks and comments") }
        return trees
    }

    /// `tree` in Newick, ended by `;`.
    ///
    /// Labels are quoted when they hold anything outside `A–Z a–z 0–9 . - /`: blanks, underscores (which unquoted
    /// would read back as blanks), punctuation, quotes; internal names that look like numbers are quoted too, so they
    /// do not read back as support. Support is written as an internal label percentage with at most one decimal
    /// (`)95:`, `)87.5:`), replacing the node's name when both are present; lengths with up to 6 significant digits.
    ///
    /// - Parameters:
    ///   - lengths: whether to write branch lengths.
    ///   - support: whether to write support values.
    public static func string(_ tree: Tree, lengths: Bool = true, support: Bool = true) -> String {
        write(tree, lengths: lengths, support: support, quoting: .newick)
    }

    /// The characters a label may hold unquoted.
    enum Quoting {
        /// Newick: letters, digits, `.`, `-` and `/`.
        case newick
        /// Nexus tokens: letters, digits and `.` (`-` and `/` are Nexus punctuation).
        case nexus
    }

    /// `tree` in Newick with labels quoted under `quoting`, and leaf names replaced through `leafCode` when given.
    static func write(
        _ tree: Tree, lengths: Bool, support: Bool, quoting: Quoting, leafCode: ((String) -> String?)? = nil
    ) -> String {
        var out = ""
        func label(_ node: Int) {
            let value = tree.nodes[node]
            if value.isLeaf {
                if let name = value.name {
                    if let code = leafCode?(name) {
                        out += code
                    } else {
                        out += quoted(name, quoting, isInternal: false)
                    }
                }
            } else if support, let share = value.support, share.isFinite {
                out += percentage(share)
            } else if let name = value.name {
                out += quoted(name, quoting, isInternal: true)
            }
            if lengths, node != tree.root || value.length != nil, let length = value.length, length.isFinite {
                out += ":" + formatLength(length)
            }
        }
        // Iterative, so that deep (caterpillar) trees do not exhaust the stack.
        var stack: [(node: Int, next: Int)] = [(tree.root, 0)]
        while let (node, next) = stack.popLast() {
            let children = tree.nodes[node].children
            if children.isEmpty {
                label(node)
            } else if next == children.count {
                out += ")"
                label(node)
            } else {
                out += next == 0 ? "(" : ","
                stack.append((node, next + 1))
                stack.append((children[next], 0))
            }
        }
        return out + ";"
    }

    /// `label` as written: bare when every character is allowed under `quoting`, otherwise in single quotes with
    /// inner quotes doubled.
    static func quoted(_ label: String, _ quoting: Quoting, isInternal: Bool) -> String {
        let bare =
            !label.isEmpty
            && label.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "A"..."Z", "a"..."z", "0"..."9", ".": return true
                case "-", "/": return quoting == .newick
                default: return false
                }
            }
            && !(isInternal && Double(label) != nil)
        if bare { return label }
        return "'" + label.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A support share 0…1 as a percentage with at most one decimal: `95`, `87.5`.
    static func percentage(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(format: "%.0f", tenths / 10) }
        return String(format: "%.1f", tenths / 10)
    }

    /// A branch length with up to 6 significant digits in its shortest form (`0.1`, `1.5e-07`).
    static func formatLength(_ length: Double) -> String {
        String(format: "%g", length == 0 ? 0 : length)
    }
}

/// A cursor over Newick (or Nexus) text that knows its line and column for error messages.
struct NewickScanner {
    let scalars: [Unicode.Scalar]
    let file: String?
    var position = 0

    init(text: String, file: String?) {
        scalars = Array(text.unicodeScalars)
        self.file = file
    }

    var atEnd: Bool { position >= scalars.count }
    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    /// The 1-based line and column of `offset`.
    func place(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for scalar in scalars[0..<min(offset, scalars.count)] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// A `.malformedFile` error at `offset` (the current position by default).
    func error(_ what: String, at offset: Int? = nil) -> PhylogenyError {
        let (line, column) = place(offset ?? position)
        return PhylogenyError(.malformedFile, file: file, line: line, "column \(column): \(what)")
    }

    /// What is at the current position, for error messages.
    var found: String {
        guard let current else { return "the end of the text" }
        if current == "\n" || current == "\r" { return "the end of the line" }
        return "'\(Character(current))'"
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// Skips blanks and (possibly nested) bracketed comments; a `[&R]` or `[&U]` comment sets `rooting`.
    mutating func skipBlanksAndComments(rooting: inout Bool?) throws {
        while let scalar = current {
            if Self.isBlank(scalar) {
                position += 1
            } else if scalar == "[" {
                let comment = try skipComment()
                let upper = comment.uppercased()
                if upper == "&R" { rooting = true } else if upper == "&U" { rooting = false }
            } else {
                return
            }
        }
    }

    /// Skips blanks and comments.
    mutating func skipBlanks() throws {
        var ignored: Bool? = nil
        try skipBlanksAndComments(rooting: &ignored)
    }

    /// Skips a comment starting at the current `[` and returns its (outermost) content, trimmed.
    @discardableResult
    mutating func skipComment() throws -> String {
        let start = position
        var depth = 0
        var content = String.UnicodeScalarView()
        while let scalar = current {
            position += 1
            if scalar == "[" {
                depth += 1
                if depth == 1 { continue }
            } else if scalar == "]" {
                depth -= 1
                if depth == 0 {
                    return String(content).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            content.append(scalar)
        }
        throw error("comment opened here is not closed with ']'", at: start)
    }

    /// A quoted label starting at the current `'`, without its quotes, inner doubled quotes made single.
    mutating func quotedLabel() throws -> String {
        let start = position
        position += 1
        var label = String.UnicodeScalarView()
        while let scalar = current {
            position += 1
            if scalar == "'" {
                if current == "'" {
                    label.append("'")
                    position += 1
                } else {
                    return String(label)
                }
            } else {
                label.append(scalar)
            }
        }
        throw error("quoted label opened here is not closed with '", at: start)
    }

    /// Whether `scalar` ends an unquoted Newick label.
    static func endsLabel(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", ")", "[", "]", "'", ":", ";", ",": return true
        default: return isBlank(scalar)
        }
    }

    /// The raw text of an unquoted label at the current position (possibly empty).
    mutating func unquotedLabel() -> String {
        var label = String.UnicodeScalarView()
        while let scalar = current, !Self.endsLabel(scalar) {
            label.append(scalar)
            position += 1
        }
        return String(label)
    }

    /// A label at the current position: `(text, quoted)`, or nil when there is none.
    mutating func label() throws -> (text: String, quoted: Bool)? {
        try skipBlanks()
        if current == "'" { return (try quotedLabel(), true) }
        let raw = unquotedLabel()
        return raw.isEmpty ? nil : (raw, false)
    }

    /// An optional `: length` at the current position.
    mutating func branchLength() throws -> Double? {
        try skipBlanks()
        guard current == ":" else { return nil }
        position += 1
        try skipBlanks()
        let start = position
        while let scalar = current, "0123456789+-.eE".unicodeScalars.contains(scalar) { position += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        guard !text.isEmpty, let value = Double(text), value.isFinite else {
            if text.isEmpty { throw error("expected a branch length after ':', found \(found)", at: start) }
            throw error("'\(text)' is not a branch length", at: start)
        }
        return value
    }

    /// Sets the name (leaves) or the support or name (internal nodes) of `node` from a label.
    static func apply(_ label: (text: String, quoted: Bool)?, to node: Int, in tree: inout Tree, isLeaf: Bool) {
        guard let label else { return }
        if label.quoted {
            tree.nodes[node].name = label.text
        } else if !isLeaf, let percent = Double(label.text), percent.isFinite {
            tree.nodes[node].support = percent / 100
        } else {
            tree.nodes[node].name = label.text.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// One tree from the current position through its `;`.
    ///
    /// - Parameter rooting: `[&R]`/`[&U]` already seen before the tree, if any.
    mutating func parseTree(rooting: Bool?) throws -> Tree {
        var rooting = rooting
        try skipBlanksAndComments(rooting: &rooting)
        var tree = Tree(nodes: [Tree.Node()], root: 0, isRooted: false)
        var open: [Int] = []  // internal nodes whose ')' is still to come
        var node = 0
        func newChild(of parent: Int, in tree: inout Tree) -> Int { tree.addChild(to: parent) }
        while true {
            // At the start of a subtree.
            try skipBlanks()
            if current == "(" {
                position += 1
                open.append(node)
                node = newChild(of: node, in: &tree)
                continue
            }
            guard current != nil else { throw error("expected a subtree, found the end of the text") }
            Self.apply(try label(), to: node, in: &tree, isLeaf: true)
            tree.nodes[node].length = try branchLength()
            // After a subtree: ',' starts a sibling, ')' closes the parent, ';' ends the tree.
            while true {
                try skipBlanks()
                if current == ",", let parent = open.last {
                    position += 1
                    node = newChild(of: parent, in: &tree)
                    break
                } else if current == ")", let parent = open.popLast() {
                    position += 1
                    node = parent
                    Self.apply(try label(), to: node, in: &tree, isLeaf: false)
                    tree.nodes[node].length = try branchLength()
                } else if current == ";", open.isEmpty {
                    if tree.nodes.count == 1, tree.nodes[0].name == nil {
                        throw error("expected a tree before ';'")
                    }
                    position += 1
                    tree.isRooted = rooting ?? (tree.nodes[tree.root].children.count == 2)
                    return tree
                } else if open.isEmpty {
                    throw error("expected ';' at the end of the tree, found \(found)")
                } else if current == nil {
                    throw error("expected ',' or ')', found the end of the text (\(open.count) '(' left open)")
                } else {
                    throw error("expected ',' or ')' after a subtree, found \(found)")
                }
            }
        }
    }
}
