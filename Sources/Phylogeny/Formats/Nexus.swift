import Foundation

/// Reading and writing trees in Nexus files (Maddison, Swofford & Maddison 1997): the TAXA and TREES blocks.
///
/// Keywords are case-insensitive; names may be quoted with single quotes, and in unquoted names an underscore stands
/// for a blank. Trees are Newick strings (see ``Newick``) whose leaves may be short codes declared by TRANSLATE.
public enum Nexus {
    /// A Nexus file holding `trees`: `#NEXUS`, a TAXA block, then a TREES block with a TRANSLATE table (taxa numbered
    /// from 1) and one `TREE name = [&R] …;` or `TREE name = [&U] …;` command per tree.
    ///
    /// - Parameter taxa: the taxa in the order to number them; leaf names of the trees missing from it are added
    ///   after it, in order of first appearance. By default, the leaf names in order of first appearance.
    public static func string(trees: [(name: String, tree: Tree)], taxa: [String]? = nil) -> String {
        var labels: [String] = []
        var number: [String: Int] = [:]
        for name in (taxa ?? []) + trees.flatMap(\.tree.leafNames) where number[name] == nil {
            labels.append(name)
            number[name] = labels.count
        }
        var out = "#NEXUS\n\nBEGIN TAXA;\n    DIMENSIONS NTAX=\(labels.count);\n    TAXLABELS\n"
        for label in labels { out += "        \(Newick.quoted(label, .nexus, isInternal: false))\n" }
        out += "    ;\nEND;\n\nBEGIN TREES;\n    TRANSLATE\n"
        for (index, label) in labels.enumerated() {
            let separator = index == labels.count - 1 ? "" : ","
            out += "        \(index + 1) \(Newick.quoted(label, .nexus, isInternal: false))\(separator)\n"
        }
        out += "    ;\n"
        for (name, tree) in trees {
            let newick = Newick.write(
                tree, lengths: true, support: true, quoting: .nexus, leafCode: { number[$0].map(String.init) })
            let rooting = tree.isRooted ? "[&R]" : "[&U]"
            out += "    TREE \(Newick.quoted(name, .nexus, isInternal: false)) = \(rooting) \(newick)\n"
        }
        return out + "END;\n"
    }

    /// The trees of every TREES block in `text`, with their names, leaf codes replaced through TRANSLATE.
    ///
    /// Without a TRANSLATE table, leaves labelled by a number k that is not itself a taxon name stand for the k-th
    /// taxon of the TAXA block. A tree is rooted when written with `[&R]`, unrooted with `[&U]` (or as UTREE), and
    /// otherwise rooted exactly when its root has two children. Blocks other than TAXA and TREES are skipped.
    ///
    /// - Parameter file: the file name to report in errors.
    /// - Throws: ``PhylogenyError`` of kind `.malformedFile`, with the line and column of the problem.
    public static func parseTrees(_ text: String, file: String? = nil) throws -> [(name: String, tree: Tree)] {
        var reader = NexusReader(scanner: NewickScanner(text: text, file: file))
        return try reader.read()
    }
}

/// The state of reading a Nexus file.
private struct NexusReader {
    var scanner: NewickScanner
    var taxlabels: [String] = []
    var trees: [(name: String, tree: Tree)] = []

    /// One token: a quoted name, a punctuation mark (`;`, `=`, `,`) or a word; nil at the end of the text.
    mutating func token() throws -> (text: String, quoted: Bool, offset: Int)? {
        try scanner.skipBlanks()
        let start = scanner.position
        guard let scalar = scanner.current else { return nil }
        if scalar == "'" { return (try scanner.quotedLabel(), true, start) }
        if scalar == ";" || scalar == "=" || scalar == "," {
            scanner.position += 1
            return (String(Character(scalar)), false, start)
        }
        while let scalar = scanner.current, !NewickScanner.isBlank(scalar),
            !";=,['".unicodeScalars.contains(scalar)
        {
            scanner.position += 1
        }
        return (String(String.UnicodeScalarView(scanner.scalars[start..<scanner.position])), false, start)
    }

    /// The next token, failing at the end of the text with `expected`.
    mutating func required(_ expected: String) throws -> (text: String, quoted: Bool, offset: Int) {
        guard let next = try token() else { throw scanner.error("expected \(expected), found the end of the text") }
        return next
    }

    /// Reads `;` or fails.
    mutating func semicolon(after what: String) throws {
        let next = try required("';' after \(what)")
        guard !next.quoted, next.text == ";" else {
            throw scanner.error("expected ';' after \(what), found '\(next.text)'", at: next.offset)
        }
    }

    /// Skips the rest of a command, through its `;`.
    mutating func skipCommand(_ keyword: String) throws {
        while let next = try token() {
            if !next.quoted, next.text == ";" { return }
        }
        throw scanner.error("command \(keyword) is not ended by ';'")
    }

    /// A name as a token gives it: quoted as is, unquoted with underscores read as blanks.
    static func name(_ token: (text: String, quoted: Bool, offset: Int)) -> String {
        token.quoted ? token.text : token.text.replacingOccurrences(of: "_", with: " ")
    }

    mutating func read() throws -> [(name: String, tree: Tree)] {
        guard let header = try token(), !header.quoted, header.text.uppercased() == "#NEXUS" else {
            throw scanner.error("expected '#NEXUS' at the start of the file", at: 0)
        }
        while let begin = try token() {
            guard !begin.quoted, begin.text.uppercased() == "BEGIN" else {
                throw scanner.error("expected BEGIN of a block, found '\(begin.text)'", at: begin.offset)
            }
            let block = try required("a block name after BEGIN")
            try semicolon(after: "BEGIN \(block.text)")
            try readBlock(block.text.uppercased())
        }
        return trees
    }

    /// The commands of one block, through END or ENDBLOCK.
    mutating func readBlock(_ block: String) throws {
        var translate: [String: String] = [:]
        while true {
            let command = try required("a command or END in block \(block)")
            let keyword = command.text.uppercased()
            switch keyword {
            case "END", "ENDBLOCK":
                try semicolon(after: keyword)
                return
            case "TAXLABELS" where block == "TAXA":
                while true {
                    let next = try required("a taxon name or ';' in TAXLABELS")
                    if !next.quoted, next.text == ";" { break }
                    taxlabels.append(Self.name(next))
                }
            case "TRANSLATE" where block == "TREES":
                while true {
                    let key = try required("a code in TRANSLATE")
                    if !key.quoted, key.text == ";" { break }
                    let value = try required("a taxon name after code '\(key.text)' in TRANSLATE")
                    guard value.quoted || (value.text != "," && value.text != ";") else {
                        throw scanner.error("expected a taxon name after code '\(key.text)'", at: value.offset)
                    }
                    translate[Self.name(key)] = Self.name(value)
                    let separator = try required("',' or ';' in TRANSLATE")
                    if !separator.quoted, separator.text == ";" { break }
                    guard !separator.quoted, separator.text == "," else {
                        throw scanner.error(
                            "expected ',' or ';' after a TRANSLATE entry, found '\(separator.text)'",
                            at: separator.offset)
                    }
                }
            case "TREE" where block == "TREES", "UTREE" where block == "TREES":
                var name = try required("a tree name after \(keyword)")
                if !name.quoted, name.text == "*" { name = try required("a tree name after \(keyword) *") }
                let equals = try required("'=' after the tree name")
                guard !equals.quoted, equals.text == "=" else {
                    throw scanner.error(
                        "expected '=' after tree name '\(name.text)', found '\(equals.text)'", at: equals.offset)
                }
                var rooting: Bool? = keyword == "UTREE" ? false : nil
                try scanner.skipBlanksAndComments(rooting: &rooting)
                var tree = try scanner.parseTree(rooting: rooting)
                decode(&tree, translate: translate)
                trees.append((Self.name(name), tree))
            default:
                try skipCommand(command.text)
            }
        }
    }

    /// Replaces leaf codes by taxon names.
    func decode(_ tree: inout Tree, translate: [String: String]) {
        let known = Set(taxlabels)
        for index in tree.nodes.indices where tree.nodes[index].isLeaf {
            guard let code = tree.nodes[index].name else { continue }
            if !translate.isEmpty {
                if let name = translate[code] { tree.nodes[index].name = name }
            } else if !known.contains(code), let number = Int(code), taxlabels.indices.contains(number - 1) {
                tree.nodes[index].name = taxlabels[number - 1]
            }
        }
    }
}
