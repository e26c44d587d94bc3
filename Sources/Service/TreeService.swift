import Analysis
import Crypto
import Fingerprint
import Foundation
import Phylogeny
import Report
import Synchronization

/// A tree of every registered model, in Newick and SVG.
public struct RegistryTree: Sendable {
    /// The method (`nj`, `upgma`, `parsimony`).
    public var method: String
    /// Bootstrap replicates behind the support values.
    public var bootstrap: Int
    /// The models, sorted.
    public var models: [String]
    /// The tree in Newick, with lengths and support.
    public var newick: String
    /// The tree drawn as SVG (rectangular).
    public var svg: String
}

/// Builds trees of the registry from the stored outputs (every model's profile recomputed against the whole
/// registry, as `lineage tree` does on a directory of outputs), caching each by method, replicates and the registry's
/// contents.
public final class TreeService: Sendable {
    let store: any RegistryStore
    let cache = Mutex<[String: RegistryTree]>([:])

    /// Creates a service over `store`.
    public init(store: any RegistryStore) { self.store = store }

    /// The tree of every registered model.
    public func tree(method: TreeMethod, bootstrap: Int) async throws -> RegistryTree {
        let models = try await store.models()
        guard models.count >= 3 else {
            throw ServiceError(
                .conflict, "too_few_models",
                "a tree needs at least 3 registered models; the registry holds \(models.count)")
        }
        let contents = models.map { "\($0.name)\u{0}\($0.sha256)" }.joined(separator: "\u{1}")
        let key =
            "\(method.rawValue)/\(bootstrap)/"
            + SHA256.hash(data: Data(contents.utf8)).map { String(format: "%02x", $0) }.joined()
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let outputs = try await store.outputs(models: models.map(\.name))
        let tree = try await offload {
            try Workspace.with { directory in
                try Workspace.write(outputs: outputs, to: directory)
                let characters = CharacterSettings()
                let result = try Fingerprinting.run(
                    inputs: [directory], settings: characters.candidateSettings(base: ProfileSettings()))
                var search = ParsimonySearch.Options()
                search.seed = 1
                let options = TreeAnalysisOptions(
                    inference: TreeInference(method: method, distance: .jaccard, search: search),
                    replicates: bootstrap, seed: 1)
                let analysis = try TreeAnalysis.run(
                    selection: FeatureSelection(profiles: result.profiles, settings: characters), options: options)
                return RegistryTree(
                    method: method.rawValue, bootstrap: bootstrap, models: result.profiles.map(\.model).sorted(),
                    newick: Newick.string(analysis.tree),
                    svg: TreeSVG.rectangular(analysis.tree, title: "Registered models (\(method.rawValue))"))
            }
        }
        cache.withLock { cache in
            if cache.count > 32 { cache.removeAll() }
            cache[key] = tree
        }
        return tree
    }
}
