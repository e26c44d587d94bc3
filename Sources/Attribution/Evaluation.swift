import Foundation

/// One evaluated attribution.
public struct EvaluationCase: Sendable, Hashable, Codable {
    /// The suspect.
    public var model: String
    /// `student`, `control` or `teacher_absent`.
    public var kind: String
    /// Acceptable teachers (empty for controls and teacher-absent runs).
    public var acceptable: [String]
    /// Candidates, best first.
    public var candidates: [String]
    /// The best candidate.
    public var predicted: String
    /// The verdict under the rule fitted without this case's group.
    public var verdict: String
    /// Confidence under that rule.
    public var confidence: Double
    /// Students: the best candidate is acceptable; controls and teacher-absent runs: the verdict is not
    /// `distilled`.
    public var correct: Bool
    /// The best candidate's score.
    public var score: Double
    /// Its bootstrap support (0 when no replicates were run).
    public var support: Double
    /// The p-value of the best score against the null.
    public var pValue: Double
    /// Its base-10 logarithm, finite where the p-value underflows (``Verdict/log10PValue``).
    public var log10PValue: Double?
    /// Cross-validation group (a lineage: the student's family and first teacher, or the control's family).
    public var group: String

    /// Whether an acceptable teacher is among the three best candidates.
    public var acceptableInTopThree: Bool { candidates.prefix(3).contains { acceptable.contains($0) } }
    /// Whether the verdict is `distilled`.
    public var calledDistilled: Bool { verdict == Verdict.Kind.distilled.rawValue }

    enum CodingKeys: String, CodingKey {
        case model, kind, acceptable, candidates, predicted, verdict, confidence, correct, score, support, group
        case pValue = "p_value"
        case log10PValue = "log10_p_value"
    }
}

/// One row of the calibration table.
public struct CalibrationBin: Sendable, Hashable, Codable {
    /// The confidence range, e.g. "0.2-0.4".
    public var bin: String
    /// Cases whose confidence falls in it.
    public var n: Int
    /// Their mean confidence.
    public var meanConfidence: Double
    /// The share of them whose best candidate is an acceptable teacher.
    public var accuracy: Double

    enum CodingKeys: String, CodingKey {
        case bin, n, accuracy
        case meanConfidence = "mean_confidence"
    }
}

/// How well attribution recovers labelled lineage, with verdict thresholds cross-validated by lineage group.
public struct EvaluationReport: Sendable, Hashable {
    /// Share of students whose best candidate is an acceptable teacher.
    public var top1: Double
    /// Share of students with an acceptable teacher among the three best candidates.
    public var top3: Double
    /// Mean over teacher families of each family's top-1.
    public var top1FamilyMean: Double
    /// Students right and evaluated per family of the student's first acceptable teacher.
    public var top1ByFamilyCounts: [String: Tally]
    /// Students right and evaluated per label confidence (`high`, `medium`, …; `unknown` when not given).
    public var top1ByConfidenceCounts: [String: Tally]
    /// Students evaluated.
    public var students: Int
    /// Human-data controls evaluated.
    public var controls: Int
    /// Share of controls called `distilled`.
    public var falseTeacherRate: Double
    /// Share of teacher-absent runs called `distilled`.
    public var teacherAbsentFalseRate: Double
    /// Confidence bins against observed accuracy.
    public var calibration: [CalibrationBin]
    /// Every attribution run, students then controls then teacher-absent runs.
    public var cases: [EvaluationCase]
    /// Bootstrap replicates per attribution (0: support was not measured).
    public var bootstrap: Int = 0
    /// The rule fitted on every case (what `attribute` would use on this corpus).
    public var fittedRule: VerdictRule
}

extension EvaluationReport {
    /// Cases that were right, of cases counted.
    public struct Tally: Sendable, Hashable {
        /// Cases that were right.
        public var hits = 0
        /// Cases counted.
        public var total = 0

        /// Counts one case, right or not.
        mutating func count(_ right: Bool) {
            total += 1
            if right { hits += 1 }
        }

        /// The share that were right (0 when none were counted).
        public var share: Double { total == 0 ? 0 : Double(hits) / Double(total) }
    }

    /// Top-1 per family of the student's first acceptable teacher.
    public var top1ByFamily: [String: Double] { top1ByFamilyCounts.mapValues(\.share) }
    /// Top-1 per label confidence (`high`, `medium`, …; `unknown` when not given).
    public var top1ByConfidence: [String: Double] { top1ByConfidenceCounts.mapValues(\.share) }
}

/// Runs attribution over every labelled student, control and teacher-absent variant.
public enum Evaluation {
    struct Raw {
        var model: String
        var kind: String
        var acceptable: [String]
        var result: AttributionResult
        var group: String
    }

    /// One attribution the evaluation runs.
    public struct Job: Sendable, Hashable {
        /// The suspect.
        public var model: String
        /// `student`, `control` or `teacher_absent`.
        public var kind: String
        /// The suspect's labelled teachers present (empty for controls and teacher-absent runs).
        public var acceptable: [String]
        /// The candidate teachers.
        public var candidates: [String]
        /// The reference models.
        public var reference: [String]
        /// The lineage group left out together in cross-validation.
        public var group: String
    }

    /// The attributions to run for `labels` over `models`: each labelled student (candidates: the teachers present;
    /// reference: every model that is neither a teacher nor a labelled student), each student again with its
    /// teachers' vendors absent from both candidates and reference (prompt variants of the teacher would stand in
    /// for it), and each human-data control. `pool`, when given, replaces the reference of each suspect (the
    /// teacher-absent runs still drop the absent vendors from it).
    public static func plan(
        models: [String], labels: LineageLabels, pool: (@Sendable (String) -> [String])? = nil
    ) -> [Job] {
        let present = Set(models)
        let teachers = labels.teachers.filter { present.contains($0) }
        let studentNames = Set(labels.distilled.map(\.student))
        func reference(excluding suspect: String, absentVendors: Set<String> = []) -> [String] {
            let base = pool?(suspect) ?? models.filter { !teachers.contains($0) && !studentNames.contains($0) }
            return base.filter { $0 != suspect && !absentVendors.contains(labels.vendor(of: $0)) }
        }
        var jobs: [Job] = []
        for student in labels.distilled
        where present.contains(student.student) && student.teachers.contains(where: present.contains) {
            let acceptable = student.teachers.filter { present.contains($0) }
            let group = "lineage:\(labels.families[student.student] ?? "?")|\(student.teachers[0])"
            jobs.append(
                Job(
                    model: student.student, kind: "student", acceptable: acceptable,
                    candidates: teachers.filter { $0 != student.student },
                    reference: reference(excluding: student.student),
                    group: group))
            // The vendor of every teacher the label lists leaves (usually one vendor), present in the corpus or not.
            let vendors = Set(student.teachers.map(labels.vendor(of:)))
            let remaining = teachers.filter { $0 != student.student && !vendors.contains(labels.vendor(of: $0)) }
            if remaining.count >= 2 {
                jobs.append(
                    Job(
                        model: student.student, kind: "teacher_absent", acceptable: [], candidates: remaining,
                        reference: reference(excluding: student.student, absentVendors: vendors), group: group))
            }
        }
        for control in labels.humanData where present.contains(control.model) {
            jobs.append(
                Job(
                    model: control.model, kind: "control", acceptable: [],
                    candidates: teachers.filter { $0 != control.model }, reference: reference(excluding: control.model),
                    group: "control:\(labels.families[control.model] ?? control.model)"))
        }
        return jobs
    }

    /// The attributions an evaluation of `models` against `labels` runs; throws when the labels cannot be evaluated
    /// on these models (fewer than 2 teachers present, or no student or control present), so that a caller can
    /// check before any other work.
    public static func checkedPlan(models: [String], labels: LineageLabels) throws -> [Job] {
        let present = Set(models)
        let teachers = labels.teachers.filter { present.contains($0) }
        guard teachers.count >= 2 else {
            throw AttributionError(
                "the labels name \(teachers.count) teacher\(teachers.count == 1 ? "" : "s") present in the corpus; "
                    + "need at least 2")
        }
        let jobs = plan(models: models, labels: labels)
        guard !jobs.isEmpty else {
            throw AttributionError(
                "the labels name no distilled student (with a teacher present) and no human-data control present in "
                    + "the corpus; models present: \(models.joined(separator: ", "))")
        }
        return jobs
    }

    /// Evaluates `attributor` against `labels`; candidates are the label file's teachers present in the corpus,
    /// the reference pool is every other model that is neither a labelled student nor the suspect.
    public static func run(
        attributor: Attributor, labels: LineageLabels, settings: AttributionSettings = AttributionSettings(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> EvaluationReport {
        let present = Set(attributor.data.models)
        let students = labels.distilled.filter {
            present.contains($0.student) && $0.teachers.contains { present.contains($0) }
        }
        let jobs = try checkedPlan(models: attributor.data.models, labels: labels)
        // The evaluation reports verdicts and scores, not evidence: none is gathered.
        var quiet = settings
        quiet.evidenceCount = 0
        var raws: [Raw] = []
        for (index, job) in jobs.enumerated() {
            let result = try attributor.attribute(
                suspect: job.model, candidates: job.candidates, reference: job.reference, settings: quiet)
            raws.append(
                Raw(model: job.model, kind: job.kind, acceptable: job.acceptable, result: result, group: job.group))
            progress?(index + 1, jobs.count)
        }
        // Cross-validation: each group's verdicts come from a rule fitted on the other groups.
        let groups = Array(Set(raws.map(\.group))).sorted()
        var cases: [EvaluationCase] = []
        for group in groups {
            let rule = fitRule(raws.filter { $0.group != group }, base: settings.rule)
            for raw in raws where raw.group == group { cases.append(evaluationCase(raw, rule: rule)) }
        }
        cases.sort { ($0.kind, $0.model) < ($1.kind, $1.model) }
        let studentCases = cases.filter { $0.kind == "student" }
        let top1 = mean(studentCases.map { $0.correct ? 1 : 0 })
        let top3 = mean(studentCases.map { $0.acceptableInTopThree ? 1 : 0 })
        var byFamily: [String: EvaluationReport.Tally] = [:]
        var byConfidence: [String: EvaluationReport.Tally] = [:]
        for c in studentCases {
            let label = students.first { $0.student == c.model }!
            byFamily[labels.family(of: label.teachers[0]), default: .init()].count(c.correct)
            byConfidence[label.confidence ?? "unknown", default: .init()].count(c.correct)
        }
        let controlCases = cases.filter { $0.kind == "control" }
        let absentCases = cases.filter { $0.kind == "teacher_absent" }
        return EvaluationReport(
            top1: top1, top3: top3, top1FamilyMean: mean(byFamily.values.map(\.share)), top1ByFamilyCounts: byFamily,
            top1ByConfidenceCounts: byConfidence, students: studentCases.count,
            controls: controlCases.count,
            falseTeacherRate: mean(controlCases.map { $0.calledDistilled ? 1 : 0 }),
            teacherAbsentFalseRate: mean(absentCases.map { $0.calledDistilled ? 1 : 0 }),
            calibration: calibration(cases), cases: cases, bootstrap: max(settings.replicates, 0),
            fittedRule: fitRule(raws, base: settings.rule))
    }

    static func evaluationCase(_ raw: Raw, rule: VerdictRule) -> EvaluationCase {
        let best = raw.result.candidates[0]
        let verdict = rule.verdict(for: raw.result)
        let correct = raw.kind == "student" ? raw.acceptable.contains(best.model) : verdict.kind != .distilled
        return EvaluationCase(
            model: raw.model, kind: raw.kind, acceptable: raw.acceptable,
            candidates: raw.result.candidates.map(\.model), predicted: best.model, verdict: verdict.kind.rawValue,
            confidence: verdict.confidence, correct: correct, score: best.score, support: best.support,
            pValue: verdict.pValue, log10PValue: verdict.log10PValue, group: raw.group)
    }

    /// Whether the best candidate is the suspect's teacher (false for controls and teacher-absent runs).
    static func isTeacher(_ raw: Raw) -> Bool {
        raw.kind == "student" && raw.acceptable.contains(raw.result.candidates[0].model)
    }

    static func calibration(_ cases: [EvaluationCase]) -> [CalibrationBin] {
        let edges = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0001]
        return (0..<5).map { index in
            let inBin = cases.filter { $0.confidence >= edges[index] && $0.confidence < edges[index + 1] }
            let hits = inBin.map { c -> Double in c.kind == "student" && c.acceptable.contains(c.predicted) ? 1 : 0 }
            return CalibrationBin(
                bin: String(format: "%.1f-%.1f", edges[index], min(edges[index + 1], 1)), n: inBin.count,
                meanConfidence: mean(inBin.map(\.confidence)), accuracy: mean(hits))
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
