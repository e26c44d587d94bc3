import Attribution
import Fingerprint
import Phylogeny

/// The self-contained HTML report: inline CSS and SVG, no external resources, readable without JavaScript.
public struct HTMLReport: Sendable {
    /// What the report shows.
    public let content: ReportContent
    /// Leaf name → group shown by colour (the vendor part of each model's family).
    let groups: [String: String]

    /// Prepares a report of `content`.
    public init(_ content: ReportContent) {
        self.content = content
        groups = content.families.mapValues { family in
            String(family.split(separator: "/", maxSplits: 1).first ?? Substring(family))
        }
    }

    /// The rectangular tree as a standalone SVG document.
    public func treeSVG() -> String { TreeSVG.rectangular(content.tree, groups: groups, title: treeTitle) }

    /// The circular tree as a standalone SVG document.
    public func circularTreeSVG() -> String {
        TreeSVG.circular(content.tree, groups: groups, title: "Circular " + treeTitle)
    }

    /// The distance heatmap, rows and columns in the tree's leaf order, as a standalone SVG document.
    public func heatmapSVG() -> String {
        HeatmapSVG.render(
            content.distances, order: content.tree.leafNames,
            title: "\(content.distanceName.capitalized) distances between models, in tree order")
    }

    var treeTitle: String {
        "\(methodName) tree of \(content.distances.count) models"
            + (content.bootstrapReplicates > 0 ? " with \(content.bootstrapReplicates) bootstrap replicates" : "")
    }

    var methodName: String {
        switch content.treeMethod {
        case "parsimony": return "Maximum-parsimony"
        case "nj": return "Neighbour-joining"
        case "upgma": return "UPGMA"
        default: return content.treeMethod
        }
    }

    /// The page.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
            script-src 'unsafe-inline'; img-src data:">
            <title>Lineage report: \(content.distances.count) models</title>
            <style>\(HTMLReport.css)</style>
            </head>
            <body>
            <header><h1>Lineage report</h1><p class="lede">\(Markup.escape(lede))</p>
            <nav><a href="#summary">Summary</a><a href="#tree">Tree</a><a href="#heatmap">Distances</a>\
            <a href="#attribution">Attribution</a>\(content.evaluation == nil ? "" : "<a href=\"#evaluation\">Evaluation</a>")\
            <a href="#fingerprints">Fingerprints</a><a href="#methods">Methods and limits</a></nav></header>
            <main>

            """
        page += summarySection()
        page += treeSection()
        page += heatmapSection()
        page += attributionSection()
        if let evaluation = content.evaluation { page += evaluationSection(evaluation) }
        page += fingerprintSection()
        page += methodsSection()
        page += "</main>\n<footer>Written by \(Markup.escape(content.tool)). Files beside this page: "
        page += content.files.map { "<a href=\"\(Markup.escape($0))\">\(Markup.escape($0))</a>" }.joined(
            separator: ", ")
        page += ".</footer>\n<script>\(HTMLReport.sortScript)</script>\n</body>\n</html>\n"
        return page
    }

    var lede: String {
        if content.isFromProfiles {
            return "\(content.distances.count) models, from their profiles. No attribution: profiles carry no answers."
        }
        let distilled = content.attributions.filter { $0.verdict.kind == .distilled }.count
        return "\(content.distances.count) models, \(content.promptCount) prompts. "
            + "\(content.attributions.count) suspect\(content.attributions.count == 1 ? "" : "s") attributed: "
            + "\(distilled) called distilled"
            + (content.mutualPairs.isEmpty
                ? "." : " (\(content.mutualPairs.count) of them in mutual pairs, whose direction is not determined).")
    }

    func summarySection() -> String {
        var html = "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">"
        let cards: [(String, String)] = [
            ("models", String(content.distances.count)),
            content.isFromProfiles && content.promptCount == 0
                ? ("profiles", String(content.profiles.count)) : ("prompts", String(content.promptCount)),
            ("characters", String(content.characterCount)), ("tree", methodName),
            ("bootstrap", String(content.bootstrapReplicates)),
            ("input files", String(content.inputs.count)),
        ]
        for (label, value) in cards {
            html +=
                "<div class=\"card\"><span class=\"value\">\(Markup.escape(value))</span>"
                + "<span class=\"label\">\(Markup.escape(label))</span></div>"
        }
        html += "</div>\n<table class=\"settings\"><tbody>\n"
        for (name, value) in content.settings {
            html += "<tr><th scope=\"row\">\(Markup.escape(name))</th><td>\(Markup.escape(value))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        html += "<details><summary>Input files and their SHA-256 (\(content.inputs.count))</summary>\n"
        html += "<table class=\"files\"><thead><tr><th>file</th><th>format</th><th class=\"num\">records</th>"
        html += "<th>SHA-256</th></tr></thead><tbody>\n"
        for input in content.inputs {
            html += "<tr><td>\(Markup.escape(input.path))</td><td>\(Markup.escape(input.format.rawValue))</td>"
            html +=
                "<td class=\"num\">\(input.records)</td><td class=\"hash\">\(Markup.escape(input.sha256))</td></tr>\n"
        }
        html += "</tbody></table></details></section>\n"
        return html
    }

    func treeSection() -> String {
        var html = "<section id=\"tree\"><h2>Tree</h2>\n<p>\(Markup.escape(treeTitle)). "
        html += "Models that over-use the same words and phrases sit together. The number on a branch is its "
        let redrawn = content.redrawsCharacters ? "the characters (features)" : "the prompts"
        html += "bootstrap support: the share of replicates, with \(redrawn) redrawn, that grouped the models "
        html +=
            "beyond it the same way (bold: 95 % or more; grey italics: under 50 %, do not read these groupings as real)."
        if let length = content.parsimonyLength { html += " Parsimony length \(length) changes." }
        if !groups.isEmpty { html += " Leaf colours are the vendor or base family from the labels." }
        html += "</p>\n<figure class=\"svg\">\(treeSVG())</figure>\n"
        html += "<details><summary>Circular layout</summary><figure class=\"svg\">"
        html += "\(circularTreeSVG())</figure></details>\n</section>\n"
        return html
    }

    func heatmapSection() -> String {
        var html = "<section id=\"heatmap\"><h2>Distances</h2>\n<p>"
        html += "\(Markup.escape(content.distanceName.capitalized)) distance between the sets of over-used features "
        html += "of each pair of models, rows and columns in the tree's leaf order. Dark: the two models over-use "
        html += "many of the same features; light: few (the colour scale spans the smallest to the largest "
        html += "distance between two different models; the diagonal is left grey). Hover a cell for the pair and the "
        html += "value; every value is in <a href=\"distances.csv\">distances.csv</a>.</p>\n"
        html += "<figure class=\"svg\">\(heatmapSVG())</figure>\n</section>\n"
        return html
    }

    static let sortScript = """
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var headers = table.querySelectorAll('th[data-sort]');
          headers.forEach(function (th) {
            th.tabIndex = 0; th.title = 'Sort';
            function sort() {
              var numeric = th.dataset.sort === 'num';
              // Numbers first sort largest first, text A to Z; a second click reverses.
              var ascending = th.dataset.dir ? th.dataset.dir !== 'asc' : !numeric;
              headers.forEach(function (other) { delete other.dataset.dir; other.removeAttribute('aria-sort'); });
              th.dataset.dir = ascending ? 'asc' : 'desc';
              th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              // A row with its evidence row is one tbody: those move whole, even when there is only one.
              var groups = Array.prototype.slice.call(table.tBodies);
              var grouped = groups.length > 1 || table.querySelector('tr.evidence') !== null;
              var items = grouped ? groups : Array.prototype.slice.call(groups[0].rows);
              function key(item) {
                var row = grouped ? item.rows[0] : item;
                var cell = row.cells[th.cellIndex];
                var text = cell ? (cell.dataset.value || cell.textContent) : '';
                return numeric ? parseFloat(text) || 0 : text.toLowerCase();
              }
              items.sort(function (a, b) {
                var x = key(a), y = key(b);
                return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
              });
              items.forEach(function (item) { (grouped ? table : groups[0]).appendChild(item); });
            }
            th.addEventListener('click', sort);
            th.addEventListener('keydown', function (e) {
              if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
            });
          });
        });
        """
}
