import Statistics

/// A candidate teacher's standing.
public struct CandidateScore: Sendable, Hashable, Codable {
    /// The candidate.
    public var model: String
    /// Combined hub-corrected score: how much closer the suspect is to this candidate than other models are, in
    /// robust standard deviations of those models.
    public var score: Double
    /// 95 % bootstrap interval of the score (prompts resampled); the score at both ends when no replicates were run.
    public var interval: [Double]
    /// Share of bootstrap replicates in which this candidate ranks first; 0 when no replicates were run.
    public var support: Double
    /// The five signals behind the score (hub-corrected z values).
    public var signals: [String: Double]
}

/// The call for a suspect.
public struct Verdict: Sendable, Hashable, Codable {
    /// The verdict kinds.
    public enum Kind: String, Sendable, Hashable, Codable {
        case distilled, inconclusive, independent
    }

    /// The conditions a `distilled` verdict needs the best candidate to meet.
    public enum Condition: String, Sendable, Hashable, Codable {
        /// A score at least the rule's `distilledScore`.
        case score
        /// Bootstrap support at least the rule's `distilledSupport`.
        case support
        /// A p-value at most the rule's `significance`.
        case pValue = "p_value"
        /// A null of at least the rule's `minimumNullModels` models.
        case nullModels = "null_models"
    }

    /// A condition for `distilled` that the best candidate did not meet: its value and the threshold it missed (a
    /// maximum for the p-value, a minimum for the others).
    public struct Shortfall: Sendable, Hashable, Codable {
        /// The condition.
        public var condition: Condition
        /// The best candidate's value.
        public var value: Double
        /// The rule's threshold.
        public var required: Double

        /// Creates a shortfall.
        public init(_ condition: Condition, value: Double, required: Double) {
            self.condition = condition
            self.value = value
            self.required = required
        }
    }

    /// The verdict.
    public var kind: Kind
    /// The teacher, for `distilled`.
    public var teacher: String?
    /// Estimated probability that the best candidate is the suspect's teacher.
    public var confidence: Double
    /// Probability of a best score at least this high if the suspect were unrelated to every candidate.
    public var pValue: Double
    /// The p-value's base-10 logarithm under the same normal model, finite where `pValue` itself underflows to 0, so
    /// that such verdicts still sort by strength; `nil` when not recorded. So far into the tail the normal model says
    /// little beyond "far out", and people are shown "p < 1e-300".
    public var log10PValue: Double?
    /// Why the verdict is not `distilled`: the conditions the best candidate missed, in the order score, support,
    /// p-value, null size (empty for `distilled`).
    public var unmet: [Shortfall]

    /// Creates a verdict.
    public init(
        kind: Kind, teacher: String?, confidence: Double, pValue: Double, log10PValue: Double? = nil,
        unmet: [Shortfall] = []
    ) {
        self.kind = kind
        self.teacher = teacher
        self.confidence = confidence
        self.pValue = pValue
        self.log10PValue = log10PValue
        self.unmet = unmet
    }

    /// The p-value as people read it: "p = 0.0123", "p < 1e-300" (see `PValueFormat`).
    public var pValueText: String { PValueFormat.text(pValue) }

    /// The shortfall on `condition`, if the best candidate missed it.
    public func shortfall(_ condition: Condition) -> Shortfall? { unmet.first { $0.condition == condition } }

    enum CodingKeys: String, CodingKey {
        case kind, teacher, confidence, unmet
        case pValue = "p_value"
        case log10PValue = "log10_p_value"
    }

    /// Reads a verdict; one written before `unmet` or `log10_p_value` existed reads with none recorded.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        teacher = try container.decodeIfPresent(String.self, forKey: .teacher)
        confidence = try container.decode(Double.self, forKey: .confidence)
        pValue = try container.decode(Double.self, forKey: .pValue)
        log10PValue = try container.decodeIfPresent(Double.self, forKey: .log10PValue)
        unmet = try container.decodeIfPresent([Shortfall].self, forKey: .unmet) ?? []
    }
}

/// An example sentence holding a shared feature.
public struct EvidenceExample: Sendable, Hashable, Codable {
    /// The model that wrote it.
    public var model: String
    /// The prompt it answered.
    public var promptID: String
    /// The sentence (or line, for layout markers).
    public var sentence: String

    enum CodingKeys: String, CodingKey {
        case model, sentence
        case promptID = "prompt_id"
    }
}

/// A feature behind the suspect's resemblance to the teacher: a word, bigram or marker both over-use relative to the
/// pool (the stylometric signal), or a word trigram their answers to the same prompts share and no other compared
/// model's answer to those prompts holds (the paired signal).
public struct Evidence: Sendable, Hashable, Codable {
    /// The word, bigram, trigram or marker.
    public var feature: String
    /// `word`, `bigram`, `trigram` or `marker`.
    public var kind: String
    /// Share of the suspect's answers holding it.
    public var suspectRate: Double
    /// Share of the teacher's answers holding it.
    public var teacherRate: Double
    /// Mean share over the comparison pool (candidates and reference models).
    public var poolRate: Double
    /// Example sentences from the suspect and from the teacher (for a trigram, answers to the same prompts, in
    /// pairs: suspect, teacher).
    public var examples: [EvidenceExample]
    /// For a trigram: the number of prompts on which the suspect's and the teacher's answers both hold it and no
    /// other compared model's answer does; `nil` for the other kinds.
    public var pairSpecificPrompts: Int? = nil

    enum CodingKeys: String, CodingKey {
        case feature, kind, examples
        case suspectRate = "suspect_rate"
        case teacherRate = "teacher_rate"
        case poolRate = "pool_rate"
        case pairSpecificPrompts = "pair_specific_prompts"
    }
}

/// The answer to "which of these models taught the suspect?".
public struct AttributionResult: Sendable, Hashable, Codable {
    /// The suspect.
    public var suspect: String
    /// A name for the method and its settings.
    public var method: String
    /// Prompts the suspect answered that were compared.
    public var promptsUsed: Int
    /// Candidates, best first.
    public var candidates: [CandidateScore]
    /// The verdict.
    public var verdict: Verdict
    /// Shared over-used features behind the best candidate's score.
    public var evidence: [Evidence]
    /// Bootstrap replicates and seed.
    public var bootstrap: Int
    public var seed: UInt64
    /// The models whose resemblance to each candidate is the null every score is measured against (a candidate is
    /// never part of its own null).
    public var nullModels: [String] = []

    enum CodingKeys: String, CodingKey {
        case suspect, method, candidates, verdict, evidence, bootstrap, seed
        case promptsUsed = "prompts_used"
        case nullModels = "null_models"
    }

    /// How many models the null of `model` holds: the null models other than `model` itself.
    public func nullCount(of model: String) -> Int { nullModels.filter { $0 != model }.count }

    /// True when the null is made of reference models only; false when the other candidates are part of it (with
    /// any reference models), as when fewer than the minimum number of reference models were given.
    public var nullIsReference: Bool {
        let candidateNames = Set(candidates.map(\.model))
        return !nullModels.contains(where: candidateNames.contains)
    }
}
