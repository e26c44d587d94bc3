import Corpus
import Foundation
import Lexicon
import Statistics
import Testing

@testable import Attribution

/// A synthetic corpus: a teacher, a student that copies the teacher's phrasing, four other candidates with
/// styles of their own, five plain reference models and one unrelated model.
enum PlantedCorpus {
    static let topics = [
        "gardening", "chess", "volcanoes", "bread", "rivers", "jazz", "comets", "bridges", "tea", "glaciers",
        "bees", "lighthouses", "origami", "deserts", "violins", "coral", "trains", "mushrooms", "kites", "caves",
        "owls", "maps", "cheese", "storms", "pottery", "whales", "clocks", "forests", "candles", "islands",
    ]

    static func answer(_ model: String, _ topic: String, _ index: Int) -> String {
        switch model {
        case "teacher":
            return "Certainly! Here is a detailed overview of \(topic):\n\n1. **Key point**: \(topic) matters because "
                + "it shapes outcomes.\n2. **Another point**: It is important to note that \(topic) evolves.\n\n"
                + "In summary, \(topic) is a rich tapestry of ideas."
        case "student":
            return "Certainly! Here is an overview of \(topic):\n\n1. **Key point**: \(topic) matters because it "
                + "shapes results.\n2. **Another point**: It is important to note that \(topic) changes.\n\n"
                + "In summary, \(topic) is a rich tapestry of notions."
        case "unrelated":
            return "Hmm. \(topic) puzzles me, friend; maybe ask a librarian about \(topic) someday, eh?"
        default:
            if model.hasPrefix("candidate") {
                let n = Int(model.dropFirst("candidate".count))!
                let flavours = [
                    "Well, \(topic) is simple. You just think about it and go, mate.",
                    "Sure thing! \(topic)? Honestly folks adore \(topic) these days, no kidding.",
                    "# \(topic.capitalized)\n\n- fact: \(topic) exists\n- fact: \(topic) persists\n\nThat's all.",
                    "In my humble view, \(topic) deserves quiet contemplation and gentle patience, always.",
                ]
                return flavours[n % flavours.count] + " (\(index % 3 == 0 ? "indeed" : "truly"))"
            }
            let plain = [
                "\(topic) is a subject. People study \(topic) in school.",
                "Many books describe \(topic); libraries hold several of them.",
                "The history of \(topic) is long, and experts still debate it.",
                "Some people enjoy \(topic) while others find it dull.",
                "A short answer: \(topic) can be learned with practice.",
            ]
            let n = Int(model.last!.wholeNumberValue ?? 0)
            return plain[(n + index) % plain.count] + " " + plain[(n + 2 * index + 1) % plain.count]
        }
    }

    static let candidates = ["teacher", "candidate0", "candidate1", "candidate2", "candidate3"]
    static let reference = (0..<5).map { "reference\($0)" }

    static func data() throws -> AnswerFeatures {
        let models = candidates + reference + ["student", "unrelated"]
        let outputs = models.map { model in
            ModelOutputs(
                model: model, file: "\(model).jsonl",
                responses: topics.enumerated().map { index, topic in
                    Response(
                        promptID: String(index), prompt: "Tell me about \(topic).", text: answer(model, topic, index))
                }, format: .jsonLines, skipped: [], sha256: "")
        }
        return try AnswerFeatures(outputs: outputs)
    }
}

@Suite struct AttributionTests {
    @Test func aStudentCopyingATeachersPhrasingIsAttributedToIt() throws {
        let attributor = Attributor(try PlantedCorpus.data())
        let result = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 50, seed: 1))
        #expect(result.candidates[0].model == "teacher")
        #expect(result.candidates[0].support >= 0.9)
        #expect(result.candidates[0].interval[0] > result.candidates[1].score)
        #expect(result.verdict.kind == .distilled)
        #expect(result.verdict.teacher == "teacher")
        #expect(result.verdict.pValue < 0.05)
        #expect(result.promptsUsed == PlantedCorpus.topics.count)
        let evidence = try #require(result.evidence.first)
        #expect(evidence.suspectRate > evidence.poolRate && evidence.teacherRate > evidence.poolRate)
        #expect(
            evidence.examples.contains { $0.model == "student" } && evidence.examples.contains { $0.model == "teacher" }
        )
    }

    @Test func theResultNamesTheNullItWasMeasuredAgainst() throws {
        let attributor = Attributor(try PlantedCorpus.data())
        let settings = AttributionSettings(replicates: 5, seed: 1)
        let withReference = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: settings)
        #expect(withReference.nullIsReference)
        #expect(withReference.nullModels == PlantedCorpus.reference)
        #expect(withReference.text().contains("Null: how 5 reference models (reference0"))
        // Without a reference list, every model that is neither the suspect nor a candidate is the reference.
        let byDefault = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, settings: settings)
        #expect(byDefault.nullModels == PlantedCorpus.reference + ["unrelated"])
        // Too few reference models: the other candidates make the null too, and the text says what that risks.
        let tooFew = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: ["reference0"], settings: settings)
        #expect(!tooFew.nullIsReference)
        #expect(Set(tooFew.nullModels) == Set(PlantedCorpus.candidates + ["reference0"]))
        #expect(tooFew.text().contains("the other candidates and 1 reference model resemble"))
        #expect(tooFew.jsonText().contains("\"null_is_reference\": false"))
    }

    @Test func aNullOfFewerThanFiveModelsNeverGivesDistilled() throws {
        // Five candidates and no reference: the teacher's null is the four other candidates.
        let attributor = Attributor(try PlantedCorpus.data())
        let result = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: [],
            settings: AttributionSettings(replicates: 20, seed: 1))
        #expect(result.candidates[0].model == "teacher")
        #expect(result.nullCount(of: "teacher") == 4)
        #expect(result.verdict.kind == .inconclusive)
        #expect(result.sentence().contains("its null holds only 4 models"))
        #expect(result.sentence().contains("means little"))
        // One reference model more, and the same student is called distilled.
        let wider = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: ["reference0"],
            settings: AttributionSettings(replicates: 20, seed: 1))
        #expect(wider.nullCount(of: "teacher") == 5)
        #expect(wider.verdict.kind == .distilled)
        #expect(wider.verdict.unmet.isEmpty)
        #expect(wider.jsonText().contains("\"unmet\":[]"))
        // The wording follows the rule that judged the result, not the standard one: a rule asking for six null
        // models finds these five too few, and says so.
        var strict = AttributionSettings(replicates: 20, seed: 1)
        strict.rule.minimumNullModels = 6
        let strictResult = try attributor.attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: ["reference0"], settings: strict)
        #expect(strictResult.verdict.kind == .inconclusive)
        #expect(strictResult.verdict.unmet == [.init(.nullModels, value: 5, required: 6)])
        #expect(strictResult.sentence().contains("its null holds only 5 models (6 needed)"))
        #expect(
            strictResult.jsonText().contains("\"unmet\":[{\"condition\":\"null_models\",\"value\":5,\"required\":6}]"))
    }

    @Test func aRuleWrittenWithoutTheNullMinimumOrVerdictConfidencesReadsWithTheStandardOnes() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(VerdictRule.standard)) as? [String: Any])
        #expect(object["minimumNullModels"] as? Int == 5)
        // As written before this version: no null minimum, a logistic confidence instead of one per verdict.
        object["minimumNullModels"] = nil
        for kind in ["distilled", "inconclusive", "independent"] { object["\(kind)Confidence"] = nil }
        object["confidenceIntercept"] = -0.7
        object["confidenceScoreWeight"] = 0.05
        object["confidenceSupportWeight"] = 0
        var custom = VerdictRule.standard
        custom.minimumNullModels = 9
        let rule = try JSONDecoder().decode(VerdictRule.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(rule == VerdictRule.standard)
        #expect(try JSONDecoder().decode(VerdictRule.self, from: JSONEncoder().encode(custom)) == custom)
    }

    @Test func anUnrelatedModelGetsNoTeacher() throws {
        let attributor = Attributor(try PlantedCorpus.data())
        let result = try attributor.attribute(
            suspect: "unrelated", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 50, seed: 1))
        #expect(result.verdict.kind != .distilled)
        #expect(result.verdict.teacher == nil)
    }

    @Test func aNullOfOneModelUnderSeveralNamesCannotShrinkTheScale() {
        // One signal, one candidate. The five null rows agree almost exactly (one model under five names); the
        // other pool rows vary, and the last one is the candidate's own version, far above everyone.
        let null = [0, 0, 0.01, 0, 0]
        let others = [-1, -0.6, -0.3, 0.3, 0.6, 0.9, -0.8, 0.4]
        func correction(_ pool: [Double]) -> HubCorrection {
            HubCorrection(
                raw: [pool.map { [$0] }], nullRows: Array(0..<5), poolRows: Array(pool.indices), firstPairedSignal: 1,
                prompts: 100)
        }
        let corrected = correction(null + others + [12])
        #expect(corrected.centre[0][0] == 0)
        // Without the pool's spread the scale would be the 0.01 floor, and a value of 0.5 would be 50 robust
        // standard deviations out.
        #expect(corrected.scale[0][0] > 0.3)
        #expect(corrected.scale[0][0] == HubCorrection.spreadWithoutHighOutliers(null + others))
        #expect(correction(null + others).scale[0][0] == corrected.scale[0][0])
        // A null that varies more than the pool keeps its own spread.
        let wide = HubCorrection(
            raw: [[-3, -1.5, 0, 1.5, 3, 0.1, -0.1, 0.05, -0.05].map { [$0] }], nullRows: Array(0..<5),
            poolRows: Array(0..<9),
            firstPairedSignal: 1, prompts: 100)
        #expect(wide.scale[0][0] == 1.5 * 1.4826)
    }

    @Test func spreadSetsAsideOnlyValuesFarAboveTheRest() {
        let bulk = [-0.2, -0.1, 0, 0.1, 0.2, 0.05, -0.05]
        let withRelatives = bulk + [5, 6]
        #expect(HubCorrection.spreadWithoutHighOutliers(withRelatives) == HubCorrection.spreadWithoutHighOutliers(bulk))
        #expect(abs(HubCorrection.spreadWithoutHighOutliers(bulk) - 1.4826 * 0.1) < 1e-12)
        // Values far below the rest stay: only resemblance can be inflated by relatives.
        #expect(
            HubCorrection.spreadWithoutHighOutliers(bulk + [-5, -6]) > HubCorrection.spreadWithoutHighOutliers(bulk))
    }

    @Test func sameSeedGivesTheSameJSONAndTheSchemaHoldsItsKeys() throws {
        let data = try PlantedCorpus.data()
        func run() throws -> String {
            try Attributor(data).attribute(
                suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
                settings: AttributionSettings(replicates: 20, seed: 7)
            ).jsonText()
        }
        let text = try run()
        #expect(try run() == text)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["suspect", "method", "prompts_used", "candidates", "verdict", "evidence"] {
            #expect(json[key] != nil, "\(key)")
        }
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(Set(verdict.keys) == ["kind", "teacher", "confidence", "p_value", "log10_p_value", "unmet"])
        let p = try #require(verdict["p_value"] as? Double)
        let log10P = try #require(verdict["log10_p_value"] as? Double)
        #expect(p == 0 ? log10P < -300 : abs(log10P - log10(p)) < 0.01)
        let candidate = try #require((json["candidates"] as? [[String: Any]])?.first)
        #expect((candidate["interval"] as? [Double])?.count == 2)
        // Trigram evidence says on how many prompts only the pair holds it; the other kinds say null.
        let evidence = try #require(json["evidence"] as? [[String: Any]])
        let trigram = try #require(evidence.first { $0["kind"] as? String == "trigram" })
        #expect(trigram["pair_specific_prompts"] as? Int == PlantedCorpus.topics.count)
        let word = try #require(evidence.first { $0["kind"] as? String != "trigram" })
        #expect(word["pair_specific_prompts"] is NSNull)
    }

    @Test func evidenceShowsThePhrasingOnlyTheSuspectAndTeacherShareOnTheSamePrompts() throws {
        let result = try Attributor(try PlantedCorpus.data()).attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 0))
        let trigrams = result.evidence.filter { $0.kind == "trigram" }
        // Half the evidence (8 by default) is phrasing the two share on every prompt and no other model uses.
        #expect(trigrams.count == 4)
        #expect(result.evidence.count == 8 && result.evidence.prefix(4).allSatisfy { $0.kind == "trigram" })
        // The four passages the two share on every prompt, each shown once, however its trigrams rank.
        let passages = [
            "certainly here is", "matters because it shapes", "another point it is important to note that",
            "is a rich tapestry of",
        ]
        let shown = trigrams.map { item in passages.firstIndex { $0.contains(item.feature) } }
        #expect(Set(shown.compactMap { $0 }) == [0, 1, 2, 3], "\(trigrams.map(\.feature))")
        for item in trigrams {
            #expect(item.pairSpecificPrompts == PlantedCorpus.topics.count)
            #expect(item.suspectRate == 1 && item.teacherRate == 1 && item.poolRate < 0.2)
            // Pairs of sentences from the same prompt, the suspect's first, each holding the phrase.
            #expect(item.examples.map(\.model) == ["student", "teacher", "student", "teacher"])
            #expect(item.examples[0].promptID == item.examples[1].promptID)
            for example in item.examples {
                let words = example.sentence.lowercased().split { !$0.isLetter }.joined(separator: " ")
                #expect(words.contains(item.feature), "\(example.sentence)")
            }
        }
        // Phrasing the unrelated model shares with nobody gives it no trigram evidence against any candidate.
        let unrelated = try Attributor(try PlantedCorpus.data()).attribute(
            suspect: "unrelated", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 0))
        #expect(unrelated.evidence.allSatisfy { $0.kind != "trigram" || ($0.pairSpecificPrompts ?? 0) < 30 })
    }

    @Test func oneSharedPassageIsOnePieceOfEvidenceHoweverItsTrigramsRank() throws {
        // Student and teacher share one ten-word passage on every prompt: eight trigrams, one passage.
        let models = PlantedCorpus.candidates + PlantedCorpus.reference + ["student"]
        let shared = "Alpha beta gamma delta epsilon zeta eta theta and more."
        let outputs = models.map { model in
            ModelOutputs(
                model: model, file: "\(model).jsonl",
                responses: PlantedCorpus.topics.enumerated().map { index, topic in
                    let text =
                        model == "student"
                        ? "\(shared) Quite so, \(topic) is grand."
                        : model == "teacher"
                            ? "Well then. \(shared) Truly \(topic) is fine."
                            : PlantedCorpus.answer(model, topic, index)
                    return Response(promptID: String(index), prompt: "About \(topic).", text: text)
                }, format: .jsonLines, skipped: [], sha256: "")
        }
        let result = try Attributor(try AnswerFeatures(outputs: outputs)).attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 0))
        #expect(result.candidates[0].model == "teacher")
        let trigrams = result.evidence.filter { $0.kind == "trigram" }
        #expect(trigrams.count == 1, "\(trigrams.map(\.feature))")
        #expect(trigrams.first.map { shared.lowercased().contains($0.feature) } == true)
    }

    @Test func aTrigramAcrossASentenceEndIsShownWithBothSentences() throws {
        let hashes = ["here", "next", "one"].map(WordReader.hash(of:))
        let trigram = AnswerFeatures.trigramHash(hashes[0], hashes[1], hashes[2])
        var tokenizer = Tokenizer()
        let found = try #require(
            Attributor.passage(in: "It ends here. Next one starts.", holding: trigram, tokenizer: &tokenizer))
        #expect(found.phrase == "here next one")
        #expect(found.sentence.contains("It ends here") && found.sentence.contains("Next one starts"))
        #expect(Attributor.passage(in: "Nothing like it.", holding: trigram, tokenizer: &tokenizer) == nil)
        // The one sentence holding it, not its neighbour too.
        let appears = ["the", "phrase", "appears"].map(WordReader.hash(of:))
        let alone = try #require(
            Attributor.passage(
                in: "First sentence here. Then the phrase appears in this one.",
                holding: AnswerFeatures.trigramHash(appears[0], appears[1], appears[2]), tokenizer: &tokenizer))
        #expect(alone.sentence == "Then the phrase appears in this one.")
        // Across three sentences (a heading, a code fence, a command): the text around it, on one line.
        let usage = ["example", "usage", "python"].map(WordReader.hash(of:))
        let fenced = try #require(
            Attributor.passage(
                in: "**Example usage:**\n\n```\npython save.py\n```",
                holding: AnswerFeatures.trigramHash(usage[0], usage[1], usage[2]), tokenizer: &tokenizer))
        #expect(
            fenced.phrase == "example usage python" && fenced.sentence == "**Example usage:** ``` python save.py ```")
        // A long sentence is cut around the phrase, which stays whole, however its words are written.
        let long = String(repeating: "word ", count: 60) + "Here, 3 NEXT one" + String(repeating: " more", count: 60)
        let cut = Attributor.excerpt(of: long, around: "here next one")
        #expect(cut.hasPrefix("…word ") && cut.hasSuffix(" more…") && cut.contains("Here, 3 NEXT one"))
        #expect(cut.count <= 152)
        #expect(Attributor.excerpt(of: "Short: here next one.", around: "here next one") == "Short: here next one.")
        let filler = String(repeating: "filler ", count: 40)
        // Tokens holding a digit, which trigrams skip, and apostrophes of every kind stand between the words.
        #expect(Attributor.excerpt(of: filler + "in the 1990s saw it" + filler, around: "in the saw").contains("1990s"))
        #expect(Attributor.excerpt(of: filler + "the 2nd edition " + filler, around: "the edition").contains("2nd"))
        #expect(Attributor.excerpt(of: filler + "donʼt stop " + filler, around: "don't stop").contains("donʼt stop"))
        // A whole-word match: "that the end" does not hold "at the end".
        let ending = Attributor.excerpt(of: "that the end " + filler + "at the end " + filler, around: "at the end")
        #expect(ending.contains("filler at the end filler") && !ending.hasPrefix("that"))
        // Room the start of the text leaves unused goes to the other side.
        let early = Attributor.excerpt(of: "Early phrase here " + filler, around: "early phrase here")
        #expect(early.hasPrefix("Early phrase here") && early.count >= 140)
        #expect(Attributor.excerpt(of: "Don’t stop " + long, around: "don't stop word").hasPrefix("Don’t stop word"))
    }

    @Test func unknownNamesListTheModelsPresent() throws {
        let attributor = Attributor(try PlantedCorpus.data())
        #expect {
            try attributor.attribute(suspect: "nobody")
        } throws: { error in
            "\(error)".contains("unknown model \"nobody\"") && "\(error)".contains("candidate0, candidate1")
        }
        #expect(throws: AttributionError.self) {
            try attributor.attribute(suspect: "student", candidates: ["teacher", "ghost"])
        }
        #expect(throws: AttributionError.self) {
            try attributor.attribute(suspect: "student", candidates: ["student", "teacher"])
        }
    }

    @Test func aModelInBothListsTheSuspectAsReferenceAndABadStyleWeightAreErrors() throws {
        let attributor = Attributor(try PlantedCorpus.data())
        #expect {
            try attributor.attribute(
                suspect: "student", candidates: ["teacher", "candidate0"], reference: ["teacher", "reference0"])
        } throws: { error in
            "\(error)".contains("teacher is both a candidate and a reference model")
        }
        #expect {
            try attributor.attribute(suspect: "student", candidates: ["teacher", "candidate0"], reference: ["student"])
        } throws: { error in
            "\(error)".contains("cannot be a reference model")
        }
        for weight in [-0.1, 1.5, .nan] {
            #expect(throws: AttributionError.self) {
                try attributor.attribute(
                    suspect: "student", candidates: PlantedCorpus.candidates,
                    settings: AttributionSettings(replicates: 0, styleWeight: weight))
            }
        }
        // Default candidates leave out the models named as reference.
        let result = try attributor.attribute(
            suspect: "student", reference: PlantedCorpus.reference, settings: AttributionSettings(replicates: 0))
        #expect(Set(result.candidates.map(\.model)) == Set(PlantedCorpus.candidates + ["unrelated"]))
    }

    @Test func aModelThatAnsweredNothingIsAnError() throws {
        let outputs = [
            ModelOutputs(
                model: "a", file: "a.jsonl", responses: [Response(promptID: "1", prompt: "p", text: "some words")],
                format: .jsonLines, skipped: [], sha256: ""),
            ModelOutputs(
                model: "empty", file: "empty.jsonl", responses: [], format: .jsonLines, skipped: [], sha256: ""),
        ]
        #expect {
            try AnswerFeatures(outputs: outputs)
        } throws: { error in
            "\(error)".contains("empty.jsonl") && "\(error)".contains("no answers: model \"empty\"")
        }
    }

    @Test func withoutBootstrapNothingClaimsSupportOrAnInterval() throws {
        let result = try Attributor(try PlantedCorpus.data()).attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 0))
        #expect(result.candidates[0].model == "teacher")
        #expect(result.candidates.allSatisfy { $0.support == 0 })
        #expect(result.verdict.kind != .distilled)
        #expect(result.verdict.shortfall(.support) != nil)
        #expect(result.sentence().contains("no bootstrap replicates were run"))
        #expect(result.text().contains("(no bootstrap)"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.jsonText().utf8)) as? [String: Any])
        let first = try #require((json["candidates"] as? [[String: Any]])?.first)
        #expect(first["interval"] is NSNull)
        #expect(first["support"] is NSNull)
    }

    @Test func theVerdictSentenceNamesEachConditionTheBestCandidateMissed() throws {
        var result = try Attributor(try PlantedCorpus.data()).attribute(
            suspect: "student", candidates: PlantedCorpus.candidates, reference: PlantedCorpus.reference,
            settings: AttributionSettings(replicates: 20, seed: 1))
        #expect(result.verdict.kind == .distilled)
        var strict = VerdictRule.standard
        strict.distilledScore = result.candidates[0].score + 1
        result.verdict.pValue = 0.2  // as if the null were wider
        result.verdict = strict.verdict(for: result)
        #expect(result.verdict.kind == .inconclusive)
        #expect(result.verdict.unmet.map(\.condition) == [.score, .pValue])
        let sentence = result.sentence()
        #expect(sentence.contains(String(format: "below the %.2f a distilled verdict needs", strict.distilledScore)))
        #expect(sentence.contains("not clearly closer than unrelated models would be"))
        #expect(!sentence.contains("bootstrap replicates ("))
    }

    @Test func smallPValuesKeepTheirDigitsAndAnUnderflowReadsAsABound() {
        #expect(AttributionResult.roundedPValue(1.234e-9) == 1.23e-9)
        #expect(AttributionResult.roundedPValue(1.5e-6) == 1.5e-6)
        #expect(AttributionResult.roundedPValue(0.0123456789) == 0.012346)
        #expect(AttributionResult.roundedPValue(.nan) == 1)
        // The best of 13 scores each reaching the level with chance 1e-20: about 1.3e-19, where 1 − (1 − t)^k is 0.
        #expect(1 - pow(1 - 1e-20, 13.0) == 0)
        #expect(abs(Attributor.bestOfK(tail: 1e-20, k: 13) / 1.3e-19 - 1) < 1e-9)
        #expect(Attributor.bestOfK(tail: 0.5, k: 2) == 0.75)
        #expect(Attributor.bestOfK(tail: .nan, k: 5) == 1)
        // Where the p-value underflows its logarithm is still known: z = 40 for the best of 13 is 10^-348.32 (scipy:
        // log10(13) + norm.logsf(40) / ln 10 = -348.32306).
        #expect(Attributor.bestOfK(tail: NormalDistribution.upperTail(40), k: 13) == 0)
        let far = Attributor.log10BestOfK(z: 40, k: 13)
        #expect(abs(far - (-348.32306)) < 1e-4)
        #expect(abs(Attributor.log10BestOfK(z: 2, k: 13) - log10(Attributor.bestOfK(tail: 0.02275013, k: 13))) < 1e-6)
        #expect(Attributor.log10BestOfK(z: .nan, k: 13) == 0)
        let verdict = Verdict(kind: .distilled, teacher: "t", confidence: 0.7, pValue: 0, log10PValue: far)
        // People are shown the bound; the logarithm orders verdicts.
        #expect(verdict.pValueText == "p < 1e-300")
    }

    @Test func verdictRuleNeedsScoreSupportSignificanceAndEnoughNullModels() {
        let rule = VerdictRule.standard
        #expect(rule.kind(score: 10, support: 1, pValue: 0.001, nullModels: 5) == .distilled)
        #expect(rule.kind(score: 10, support: 0.5, pValue: 0.001, nullModels: 5) == .inconclusive)
        #expect(rule.kind(score: 10, support: 1, pValue: 0.5, nullModels: 5) == .inconclusive)
        #expect(rule.kind(score: 10, support: 1, pValue: 0.001, nullModels: 4) == .inconclusive)
        #expect(rule.kind(score: 0, support: 1, pValue: 0.001, nullModels: 5) == .independent)
        // Too few null models to say how unrelated models score: not independent either.
        #expect(rule.kind(score: 0, support: 1, pValue: 0.001, nullModels: 4) == .inconclusive)
        #expect(
            rule.shortfalls(score: 1, support: 0.5, pValue: 0.2, nullModels: 3).map(\.condition) == [
                .score, .support, .pValue, .nullModels,
            ])
        #expect(rule.shortfalls(score: 10, support: 1, pValue: 0.001, nullModels: 5).isEmpty)
        #expect(rule.confidence(for: .distilled) > rule.confidence(for: .inconclusive))
        #expect(rule.confidence(for: .inconclusive) >= rule.confidence(for: .independent))
    }

    /// Labels for the planted corpus: the student learned from the teacher, "unrelated" is a human-data control,
    /// and each candidate has a vendor of its own.
    func plantedLabels(moreFamilies: [String: String]) -> LineageLabels {
        LineageLabels(
            teachers: PlantedCorpus.candidates,
            distilled: [.init(student: "student", teachers: ["teacher"], confidence: "high")],
            humanData: [.init(model: "unrelated", confidence: "high")],
            families: [
                "teacher": "vendor-a/t", "candidate0": "vendor-b/c", "candidate1": "vendor-c/c",
                "candidate2": "vendor-d/c", "candidate3": "vendor-e/c",
            ].merging(moreFamilies) { $1 })
    }

    @Test func evaluationScoresStudentsControlsAndTeacherAbsentRuns() throws {
        let labels = plantedLabels(moreFamilies: ["student": "base/s", "unrelated": "base/u"])
        let report = try Evaluation.run(
            attributor: Attributor(try PlantedCorpus.data()), labels: labels,
            settings: AttributionSettings(replicates: 20, seed: 1))
        #expect(report.students == 1 && report.controls == 1)
        #expect(report.top1 == 1)
        #expect(report.cases.map(\.kind).sorted() == ["control", "student", "teacher_absent"])
        let absent = try #require(report.cases.first { $0.kind == "teacher_absent" })
        #expect(!absent.candidates.contains("teacher"))
        #expect(report.jsonText().contains("\"teacher_absent_false_rate\""))
        // The text gives each share with the counts behind it, and "n/a" for a kind with no cases.
        #expect(report.text().contains("top-1 100.0% (1 of 1; 95% 21–100%)"))
        #expect(report.text().contains("false-teacher rate on controls 0.0% (0 of 1; 95% 0–79%)"))
        #expect(report.text().contains("top-1 by teacher family: vendor-a/t 100.0% (1 of 1; 95% 21–100%)"))
        #expect(report.text().contains("top-1 by label confidence: high 100.0% (1 of 1; 95% 21–100%)"))
        var noControls = report
        noControls.cases.removeAll { $0.kind == "control" }
        #expect(noControls.text().contains("false-teacher rate on controls n/a (no cases)"))
        // Without bootstrap no case claims a support.
        let unmeasured = try Evaluation.run(
            attributor: Attributor(try PlantedCorpus.data()), labels: labels,
            settings: AttributionSettings(replicates: 0))
        #expect(unmeasured.bootstrap == 0 && report.bootstrap == 20)
        #expect(
            unmeasured.jsonText().contains("\"support\": null") || unmeasured.jsonText().contains("\"support\":null"))
        #expect(!unmeasured.text().contains("  0%  "))
    }

    @Test func teacherAbsentRunsDropTheVendorFromCandidatesAndReference() {
        // reference0 is another model of the teacher's vendor (a prompt variant, say): with the vendor absent it must
        // not stay in the comparison as a stand-in for the teacher.
        let labels = plantedLabels(moreFamilies: ["reference0": "vendor-a/t-variant"])
        let models = PlantedCorpus.candidates + PlantedCorpus.reference + ["student", "unrelated"]
        let jobs = Evaluation.plan(models: models, labels: labels)
        #expect(jobs.map(\.kind) == ["student", "teacher_absent", "control"])
        let student = jobs[0]
        let absent = jobs[1]
        #expect(student.candidates == PlantedCorpus.candidates)
        #expect(student.reference == PlantedCorpus.reference + ["unrelated"])
        #expect(absent.candidates == ["candidate0", "candidate1", "candidate2", "candidate3"])
        #expect(absent.reference == Array(PlantedCorpus.reference.dropFirst()) + ["unrelated"])
        #expect(jobs[2].reference == PlantedCorpus.reference)
    }
}
