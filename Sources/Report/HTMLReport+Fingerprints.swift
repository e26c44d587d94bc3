import Fingerprint

extension HTMLReport {
    /// Features shown per kind in each model's fingerprint.
    static let topFeatures = 12

    func fingerprintSection() -> String {
        var html = "<section id=\"fingerprints\"><h2>Fingerprints</h2>\n<p>"
        html += "What each model over-uses. <b>Slop score</b>: weighted hits of the run's slop lists per 1000 words; "
        html += "<b>repetition</b>: share of words taken by the model's 100 most over-represented words; "
        html += "<b>complexity</b>: 0–100 from reading grade and long words. Open a model for its top words "
        html += "(against human writing) and bigrams and trigrams (against the other models); rates are per 10,000 "
        html += "words, and common words (the, and, …) are left out of bigrams and trigrams.</p>\n"
        let imported = content.profiles.filter { $0.origin == Profile.slopForensicsOrigin }.count
        if imported > 0 {
            html +=
                "<p class=\"note\">\(imported == content.profiles.count ? "Every profile" : "\(imported) profiles") "
            html += "came from slop-forensics' published results: their metrics, lists and scores are slop-forensics' "
            html += "own (its slop score, repetition and word scores, and raw counts for bigrams and trigrams in the "
            html += "score column), not comparable with those of profiles made from answers; it publishes no rates, "
            html += "answer counts or reference rates (–).</p>\n"
        }
        html += "<table class=\"sortable metrics\"><thead><tr><th data-sort=\"text\">model</th>"
        html += "<th data-sort=\"num\" class=\"num\">answers</th>"
        html += "<th data-sort=\"num\" class=\"num\">mean length (characters)</th>"
        html +=
            "<th data-sort=\"num\" class=\"num\">slop score</th><th data-sort=\"num\" class=\"num\">repetition (%)</th>"
        html += "<th data-sort=\"num\" class=\"num\">complexity</th><th>top words</th></tr></thead>\n"
        for profile in content.profiles {
            let metrics = profile.metrics
            html += "<tbody><tr><td>\(Markup.escape(profile.model))</td>"
            html += "<td class=\"num\">\(profile.summary.map { String($0.responses) } ?? "–")</td>"
            html += "<td class=\"num\">\(Markup.number(metrics.meanLength, digits: 0))</td>"
            html += "<td class=\"num\">\(Markup.number(metrics.slopScore, digits: 1))</td>"
            html += "<td class=\"num\">\(Markup.number(metrics.repetitionScore, digits: 1))</td>"
            html += "<td class=\"num\">\(Markup.number(metrics.vocabularyComplexity, digits: 1))</td>"
            let top = profile.words.prefix(5).map { Markup.escapeLine($0.feature, limit: 30) }
            html += "<td class=\"feature\">\(top.joined(separator: ", "))</td></tr>\n"
            html += "<tr class=\"evidence\"><td colspan=\"7\"><details><summary>Fingerprint of "
            html += "\(Markup.escape(profile.model))</summary>\n<div class=\"columns\">"
            html += featureTable("Words", profile.words, ratio: true)
            html += featureTable("Bigrams", profile.bigrams, ratio: false)
            html += featureTable("Trigrams", profile.trigrams, ratio: false)
            html += "</div></details></td></tr></tbody>\n"
        }
        html += "</table>\n</section>\n"
        return html
    }

    /// A table of a profile's top features: rate per 10,000 words, the reference rate and the score.
    func featureTable(_ title: String, _ features: [ScoredFeature], ratio: Bool) -> String {
        var html = "<div><h3 class=\"panel\">\(title)</h3><table class=\"compact\"><thead><tr><th>feature</th>"
        html += "<th class=\"num\" title=\"per 10,000 words\">rate</th>"
        html += "<th class=\"num\">\(ratio ? "human" : "others")</th>"
        html += "<th class=\"num\">\(ratio ? "× human" : "G²")</th></tr></thead><tbody>\n"
        for feature in features.prefix(HTMLReport.topFeatures) {
            let reference = ratio ? feature.baselineRate : feature.poolRate
            html += "<tr><td class=\"feature\">\(Markup.escapeLine(feature.feature, limit: 40))</td>"
            html += "<td class=\"num\">\(feature.rate.map { Markup.number($0 * 10_000, digits: 1) } ?? "–")</td>"
            // Three significant digits: human rates of rare words are far below 0.01 per 10,000 words.
            html += "<td class=\"num\">\(reference.map { String(format: "%.3g", $0 * 10_000) } ?? "–")</td>"
            html += "<td class=\"num\">\(Markup.number(feature.score, digits: ratio ? 1 : 0))</td></tr>\n"
        }
        if features.isEmpty { html += "<tr><td colspan=\"4\">none</td></tr>\n" }
        html += "</tbody></table></div>"
        return html
    }

    func methodsSection() -> String {
        let fromProfiles = content.isFromProfiles
        let support =
            content.redrawsCharacters
            ? "The characters (features) were drawn again at random, with replacement, \(content.bootstrapReplicates) "
                + "times (the profiles hold no per-prompt counts to redraw prompts with); each time the tree was "
                + "rebuilt. A branch's support is the share of these trees that hold it. It measures how stable a "
                + "grouping is across features, not whether it reflects real lineage."
            : "The prompts were drawn again at random, with replacement, \(content.bootstrapReplicates) times; each "
                + "time the fingerprints and the tree were rebuilt. A branch's support is the share of these trees "
                + "that hold it. It measures how stable a grouping is across prompts, not whether it reflects real "
                + "lineage."
        let fingerprints =
            fromProfiles
            ? "The models' over-used words, two- and three-word phrases come from the profiles as given (for "
                + "profiles imported from slop-forensics, its published lists and metrics)."
            : "Every answer was split into words. For each model, the words it uses far more often than human "
                + "writing does, and the two- and three-word phrases it uses more than the other models do, became "
                + "its fingerprint."
        let rule = content.rule
        let attribution =
            fromProfiles
            ? "<li><b>Attribution</b> was not run: it compares the models' answers to the same prompts, and profiles "
                + "carry none.</li>"
            : "<li><b>Attribution.</b> A suspect is compared with each candidate on shared over-used words and "
                + "phrases and on how alike their answers to the same prompts are. Each comparison is measured against "
                + "how close the other models are to that candidate, so a candidate that resembles everyone gains "
                + "nothing. “Distilled” needs \(distilledConditions); "
                + "“independent” means a score below \(Markup.number(rule.independentScore)); everything else is "
                + "“inconclusive”.</li>"
        var limits = [
            "Similar style is not proof of training on another model's outputs: shared instructions, shared human "
                + "data, the same base model or the same decoding can make models write alike."
        ]
        if !fromProfiles {
            limits += [
                "Resemblance has no direction: when two models are each called distilled from the other (↔), the "
                    + "method cannot tell which learnt from which, or whether both learnt from a third.",
                "A model trained on several teachers, or on outputs filtered and rewritten, may match none of them.",
                "The teacher must be among the candidates; a call is only as good as the set of models compared.",
                "Confidence values are estimated on labelled development data and may be poorly calibrated elsewhere.",
            ]
        }
        limits.append("The text quoted here was written by the models and is shown as plain text, never run.")
        return """
            <section id="methods"><h2>Methods and limits</h2>
            <h3>What the tool did</h3>
            <ol>
            <li><b>Fingerprints.</b> \(fingerprints)</li>
            <li><b>Tree.</b> Each model's top features became \
            present/absent characters (\(content.characterCount) in all); the \(Markup.escape(methodName.lowercased())) \
            tree groups models that share them. The distance between two models is the \
            \(Markup.escape(content.distanceName)) distance of their feature sets: 0 means the same over-used features, \
            1 means none in common.</li>
            <li><b>Support.</b> \(support)</li>
            \(attribution)
            </ol>
            <h3>What it cannot tell</h3>
            <ul>
            \(limits.map { "<li>\(Markup.escape($0))</li>" }.joined(separator: "\n"))
            </ul>
            </section>

            """
    }

    static let css = """
        :root{--fg:#1d2327;--muted:#5f6b73;--line:#dde3e8;--bg:#fff;--band:#f6f8fa;--accent:#0b5cad}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
        color:var(--fg);background:var(--bg)}
        header{background:#10243e;color:#fff;padding:20px max(16px,calc(50% - 544px)) 0}
        header h1{margin:0;font-size:26px;font-weight:650}
        .lede{margin:4px 0 14px;color:#cfd9e6}
        nav{display:flex;flex-wrap:wrap;gap:2px}
        nav a{color:#fff;text-decoration:none;padding:8px 12px;border-radius:6px 6px 0 0;font-size:14px}
        nav a:hover,nav a:focus{background:rgba(255,255,255,.14)}
        main{max-width:1120px;margin:0 auto;padding:8px 16px 40px}
        section{margin-top:28px}
        h2{font-size:21px;border-bottom:2px solid var(--line);padding-bottom:4px;margin:0 0 10px}
        h3{font-size:16px;margin:18px 0 6px}
        h3.panel{font-size:14px;margin:12px 0 4px;color:var(--muted)}
        p{max-width:80ch}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 14px}
        .card{background:var(--band);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
        .card .value{display:block;font-size:22px;font-weight:650}
        .card .label{color:var(--muted);font-size:13px}
        table{border-collapse:collapse;font-size:14px;margin:6px 0}
        th,td{padding:4px 10px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
        thead th{background:var(--band);font-weight:600;white-space:nowrap}
        th[data-sort]{cursor:pointer}
        th[data-dir=asc]::after{content:" ▲";font-size:10px}
        th[data-dir=desc]::after{content:" ▼";font-size:10px}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
        table.settings th{font-weight:500;color:var(--muted);background:none}
        table.attribution,table.metrics{width:100%}
        tr.evidence>td{padding:0 10px 2px;border-bottom:1px solid var(--line)}
        table.attribution tbody tr:first-child>td{border-bottom:none}
        .flag{font-size:12px;color:#8a2c05;white-space:nowrap}
        details>summary{cursor:pointer;color:var(--accent);font-size:13px;padding:2px 0}
        details[open]>summary{margin-bottom:6px}
        tr.evidence details[open]{background:var(--band);border-radius:6px;padding:6px 12px 10px;margin:4px 0}
        .verdict{display:inline-block;border-radius:10px;padding:0 9px;font-size:13px;font-weight:600}
        .verdict.distilled{background:#fde2d6;color:#8a2c05}
        .verdict.inconclusive{background:#eceff1;color:#44515a}
        .verdict.independent{background:#d9f0e3;color:#0c5a33}
        .columns{display:flex;flex-wrap:wrap;gap:8px 28px}
        table.compact{font-size:13px}
        table.compact td,table.compact th{padding:2px 8px}
        .feature{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;\
        overflow-wrap:anywhere}
        .sentence{font-weight:500}
        .note{color:var(--muted);font-size:12px;margin:2px 0}
        .example{margin:6px 0 10px}
        blockquote{margin:3px 0 3px 14px;padding:2px 10px;border-left:3px solid var(--line);font-size:13.5px;\
        white-space:pre-wrap;overflow-wrap:anywhere}
        blockquote cite{display:block;font-style:normal;color:var(--muted);font-size:12px}
        figure.svg{margin:8px 0;overflow-x:auto;max-width:100%}
        figure.svg svg{display:block;height:auto;max-width:none}
        footer{max-width:1120px;margin:0 auto;padding:16px;color:var(--muted);font-size:13px;\
        border-top:1px solid var(--line)}
        footer a{color:var(--accent)}
        @media (max-width:760px){main table{display:block;overflow-x:auto;max-width:100%}}
        @media print{nav,header .lede{display:none}details{display:block}}
        """
}
