import ArgumentParser
import Attestation
import Corpus
import Foundation

struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Sign and verify lineage certificates (in-toto statements in DSSE envelopes, Ed25519).",
        subcommands: [Keygen.self, Sign.self, Verify.self]
    )

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 key pair: KEYFILE (private, PEM PKCS #8, mode 0600) and KEYFILE.pub.")

        @Option(help: "Where to write the private key (OUT.pub: the public key); existing files are never replaced.")
        var out: String

        func run() throws {
            try Terminal.run {
                let key = SigningKey()
                try key.write(to: out)
                print("\(key.publicKey.keyID)")
                Terminal.note("lineage: wrote \(out) (private, 0600) and \(out).pub")
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a lineage certificate.",
            discussion: """
                Either signs an in-toto Statement v1 file as it is (--statement), or builds one: the model's files \
                (--model) become the subjects with their SHA-256 digests, and the Lineage predicate records the \
                declared base models and teachers, the training data files' digests and each evaluation log's \
                digest and Merkle root over its lines. The statement is wrapped in a DSSE envelope signed with \
                Ed25519 over the DSSE pre-authentication encoding.
                """
        )

        @Option(help: "Private key file from `lineage attest keygen`.")
        var key: String

        @Option(help: "An in-toto Statement v1 JSON file to sign unchanged (instead of --model).")
        var statement: String?

        @Option(parsing: .upToNextOption, help: "The model's files (weights, config, tokenizer).")
        var model: [String] = []

        @Option(help: "A declared base model (repeat for several).")
        var base: [String] = []

        @Option(help: "A declared teacher model (repeat for several).")
        var teacher: [String] = []

        @Option(parsing: .upToNextOption, help: "Training data files.")
        var data: [String] = []

        @Option(parsing: .upToNextOption, help: "Raw evaluation logs (one record a line).")
        var eval: [String] = []

        @Option(help: "A Lineage report file to attach by digest.")
        var report: String?

        @Option(help: "Where to write the certificate (DSSE envelope JSON).")
        var out: String

        func validate() throws {
            if (statement == nil) == model.isEmpty {
                throw ValidationError("give --statement FILE or --model FILES (not both)")
            }
            if statement != nil && !(base.isEmpty && teacher.isEmpty && data.isEmpty && eval.isEmpty && report == nil) {
                throw ValidationError(
                    "--base, --teacher, --data, --eval and --report build a statement; not with --statement")
            }
        }

        func run() throws {
            try Terminal.run {
                let signingKey = try SigningKey.load(path: key)
                let payload: Data
                if let statement {
                    payload = try FileDigest.read(statement)
                } else {
                    let claims = Certificate.Claims(
                        modelFiles: model, baseModels: base, teachers: teacher, dataFiles: data, evaluationLogs: eval,
                        analysisReport: report)
                    payload = try Certificate.statement(for: claims).serialized()
                }
                let envelope = try Certificate.sign(statementBytes: payload, key: signingKey, file: statement)
                try AtomicFile.write(envelope.serialized(), to: out)
                Terminal.note("lineage: signed with key \(signingKey.publicKey.keyID); wrote \(out)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a certificate: the signature and every digest against the files on disk.",
            discussion: """
                Prints one line per check (ok or FAIL) and exits 0 only when every check passed. Files named in \
                the statement are looked for among --files (same path or same file name), then relative to the \
                current directory, then relative to the certificate's directory.
                """
        )

        @Argument(help: "The certificate (DSSE envelope JSON).")
        var certificate: String

        @Option(help: "The signer's public key (KEYFILE.pub).")
        var pubkey: String

        @Option(parsing: .upToNextOption, help: "Files to check the digests against.")
        var files: [String] = []

        func run() throws {
            try Terminal.run {
                let key = try VerifyingKey.load(path: pubkey)
                let bytes = try FileDigest.read(certificate)
                let result = Certificate.verify(
                    envelopeBytes: bytes, key: key, files: files,
                    baseDirectory: PathName.parent(of: certificate), file: certificate)
                for check in result.checks {
                    print("\(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)")
                }
                guard result.passed else {
                    let failed = result.failures.count
                    Terminal.note("lineage: \(certificate): \(failed) check\(failed == 1 ? "" : "s") failed")
                    throw ExitCode(1)
                }
                Terminal.note("lineage: \(certificate): all \(result.checks.count) checks passed")
            }
        }
    }
}
