import Statistics

/// One piece of evidence that a log or a score is not what it claims to be.
public struct Finding: Sendable, Hashable {
    /// What kind of problem the evidence points to.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Gold answers differ from the pinned or majority gold.
        case labelTampering = "label_tampering"
        /// Items are missing, and (with reference logs) the missing ones are the hard ones.
        case selectiveSampling = "selective_sampling"
        /// Logged answers are not what the raw outputs say.
        case postProcessing = "post_processing"
        /// A question id occurs more than once.
        case duplicates
        /// A claimed score is not consistent with the log.
        case claimInconsistent = "claim_inconsistent"
        /// Items the manifest or the reference logs do not know (or whose content differs from them).
        case addedItems = "added_items"
    }

    /// The kind of problem.
    public var kind: Kind
    /// The questions concerned, in id order.
    public var questionIDs: [String]
    /// How unlikely the evidence is if the log were clean, when a test applies; nil otherwise.
    public var pValue: Double?
    /// One sentence for people.
    public var summary: String
}

/// Accuracy as the log states it and as recomputed from the raw outputs.
public struct AccuracySummary: Sendable, Hashable {
    /// Share of items whose logged answer equals the log's gold (a null answer scores 1/options, the
    /// expected value of the harness's random guess).
    public var logged: Double
    /// Share of items whose re-extracted answer equals the log's gold (unextractable: 1/options).
    public var recomputed: Double
    /// Wilson 95 % interval of `recomputed`.
    public var interval: ProportionInterval
    /// The recomputed share against the trusted gold (manifest or reference majority), when there is one.
    public var recomputedTrustedGold: Double?
}
