import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Service

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the registry: an HTTP API under /v1 and a web page for fingerprints, attributions, certificates.",
        discussion: """
            Reads are public; writes need a bearer token (`lineage serve token create NAME`). Storage is an SQLite \
            file by default, or PostgreSQL with --db postgres://user:password@host:port/database (same schema). \
            The OpenAPI document is served at /openapi.json.
            """,
        subcommands: [Start.self, Token.self],
        defaultSubcommand: Start.self
    )

    /// Where the registry is stored.
    struct StoreOptions: ParsableArguments {
        @Option(help: "SQLite file, or postgres://user:password@host:port/database.")
        var db = "lineage.sqlite"

        func open() async throws -> any RegistryStore { try await StoreLocation.open(db) }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the server (default).")

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on.")
        var port = 8080

        @OptionGroup var store: StoreOptions

        @Option(help: "Transparency log database (created with its key PATH.key on first start).")
        var log = "lineage-log.sqlite"

        @Option(help: "Largest upload accepted, in MiB (larger: 413).")
        var maxUploadMb = 64

        @Option(help: "Most MiB a gzip-compressed upload or imported file may inflate to (more: 400).")
        var maxInflatedMb = 256

        @Option(help: "Writes per token per minute (more: 429).")
        var rateLimit = 60

        @Option(help: "Writes a token may make at once.")
        var burst = 20

        @Option(
            name: .customLong("import"),
            help: "Register the model outputs in these files or directories (one model per file) before serving.")
        var imports: [String] = []

        func validate() throws {
            if !(1...65535).contains(port) { throw ValidationError("--port must be from 1 to 65535") }
            if maxUploadMb < 1 { throw ValidationError("--max-upload-mb must be at least 1") }
            if maxInflatedMb < 1 { throw ValidationError("--max-inflated-mb must be at least 1") }
            if rateLimit < 1 || burst < 1 { throw ValidationError("--rate-limit and --burst must be at least 1") }
        }

        func run() async throws {
            var logger = Logger(label: "lineage.serve")
            logger.logLevel = .info
            var settings = ServiceSettings(logPath: log)
            settings.maximumUploadBytes = maxUploadMb << 20
            settings.maximumInflatedBytes = maxInflatedMb << 20
            settings.writesPerMinute = rateLimit
            settings.writeBurst = burst
            let registry: Registry
            do {
                registry = try await Registry.open(store: try await store.open(), settings: settings, logger: logger)
                if !imports.isEmpty {
                    let (added, kept) = try await registry.importOutputs(
                        imports, progress: Terminal.progress("importing"))
                    let already = kept > 0 ? "; \(kept) file\(kept == 1 ? "" : "s") already registered" : ""
                    Terminal.note("lineage: registered \(added.count) model\(added.count == 1 ? "" : "s")\(already)")
                }
            } catch {
                Terminal.note("lineage: error: \(error)")
                throw ExitCode(1)
            }
            Terminal.note("lineage: serving http://\(host):\(port)/ (database \(store.db), log \(log))")
            try await ServiceApplication.application(registry, host: host, port: port, logger: logger).runService()
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage bearer tokens.", subcommands: [Create.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token named NAME and print it (only its SHA-256 is stored).")

            @Argument(help: "A name for the token (who holds it).")
            var name: String

            @OptionGroup var store: StoreOptions

            func run() async throws {
                do {
                    let registry = try await store.open()
                    try await registry.migrate()
                    let token = try await Tokens.create(name: name, in: registry)
                    try await registry.close()
                    print(token)
                    Terminal.note("lineage: created token \"\(name)\" in \(store.db); it is not shown again")
                } catch {
                    Terminal.note("lineage: error: \(error)")
                    throw ExitCode(1)
                }
            }
        }
    }
}
