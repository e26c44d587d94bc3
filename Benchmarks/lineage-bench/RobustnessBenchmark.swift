import Attribution
import Foundation

/// How attribution holds up when the corpus around the labelled models changes: the same students, controls and
/// teacher-absent runs as `lineage evaluate`, with the reference pool drawn five ways.
///   lineage-bench robustness DIR LABELS [--bootstrap 50]
///
/// - `others`: every model that is neither a teacher nor a labelled student (what `evaluate` uses);
/// - `controls`: the human-data controls only (a corpus of teachers, students and a few controls);
/// - `all`: every other model, students of the same teachers included (a corpus where unlabelled students sit
///   beside the labelled ones);
/// - `none`: no reference (the other candidates are the null);
/// - `half`: every second model of `others`.
///
/// Per scenario: top-1 and family mean over students, the share of controls and of teacher-absent runs whose
/// best candidate reaches the standard rule's `distilled` conditions (no cross-validation: the rule is fixed), and
/// the top-1 each of the five signals would give alone.
func runRobustnessBenchmark(directory: String, labelsPath: String, replicates: Int) throws {
    let labels = try LineageLabels.load(path: labelsPath)
    let data = try AnswerFeatures.read(inputs: [directory])
    let attributor = Attributor(data)
    let models = data.models
    let present = Set(models)
    let teachers = labels.teachers.filter(present.contains)
    let studentNames = Set(labels.distilled.map(\.student))
    let controls = labels.humanData.map(\.model).filter(present.contains)
    let others = models.filter { !teachers.contains($0) && !studentNames.contains($0) }
    let scenarios: [(String, @Sendable (String) -> [String])] = [
        ("others", { _ in others }),
        ("controls", { _ in controls }),
        ("all", { _ in models.filter { !teachers.contains($0) } }),
        ("none", { _ in [] }),
        ("half", { _ in others.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }),
    ]
    let settings = AttributionSettings(replicates: replicates)
    for (name, pool) in scenarios {
        var hits: [String: [Double]] = [:]
        var hitCount = 0
        var students = 0
        var controlCalls = 0
        var absentCalls = 0
        var absentRuns = 0
        var missed: [String] = []
        var signalHits: [String: Int] = [:]
        // The jobs `lineage evaluate` runs, with this scenario's reference pool.
        for job in Evaluation.plan(models: models, labels: labels, pool: pool) {
            let result = try attributor.attribute(
                suspect: job.model, candidates: job.candidates, reference: job.reference, settings: settings)
            switch job.kind {
            case "student":
                let hit = job.acceptable.contains(result.candidates[0].model)
                for name in result.candidates[0].signals.keys {
                    let best = result.candidates.max { ($0.signals[name] ?? 0) < ($1.signals[name] ?? 0) }!
                    signalHits[name, default: 0] += job.acceptable.contains(best.model) ? 1 : 0
                }
                students += 1
                hitCount += hit ? 1 : 0
                if !hit { missed.append("\(job.model)→\(result.candidates[0].model)") }
                let firstTeacher = labels.distilled.first { $0.student == job.model }!.teachers[0]
                hits[labels.family(of: firstTeacher), default: []].append(hit ? 1 : 0)
            case "teacher_absent":
                absentRuns += 1
                absentCalls += result.verdict.kind == .distilled ? 1 : 0
            default:
                controlCalls += result.verdict.kind == .distilled ? 1 : 0
            }
        }
        let familyMean = hits.values.map { $0.reduce(0, +) / Double($0.count) }.reduce(0, +) / Double(hits.count)
        print(
            String(
                format:
                    "%@ top-1 %2d/%-2d  family mean %.2f  controls distilled %d/%d  teacher-absent distilled %d/%d",
                name.padding(toLength: 9, withPad: " ", startingAt: 0), hitCount, students, familyMean, controlCalls,
                controls.count, absentCalls, absentRuns))
        print("          misses: \(missed.joined(separator: ", "))")
        print(
            "          top-1 by one signal alone: "
                + signalHits.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
