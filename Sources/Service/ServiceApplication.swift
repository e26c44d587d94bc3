import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every failure into a JSON error body (`ServiceError`), and adds headers every response carries.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ServiceError {
            response = try error.response(from: request, context: context)
        } catch StoreError.duplicate(let what) {
            response = try ServiceError(.conflict, "exists", "\(what) exists").response(from: request, context: context)
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            let code =
                error.status == .notFound
                ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "http_error"
            response = try ServiceError(error.status, code, message).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try ServiceError(error.status, "http_error", error.status.reasonPhrase).response(
                from: request, context: context)
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            response = try ServiceError(.internalServerError, "internal_error", "the server failed: \(error)").response(
                from: request, context: context)
        }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        return response
    }
}

/// The HTTP application of `lineage serve`.
public enum ServiceApplication {
    /// The router: the API under `/v1`, `/openapi.json` and the web page.
    public static func router(_ registry: Registry, logger: Logger = Logger(label: "lineage.serve"))
        -> Router<BasicRequestContext>
    {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware(logger: logger))
        registry.addAPIRoutes(to: router)
        registry.addPageRoutes(to: router)
        return router
    }

    /// The application listening on `host`:`port`.
    public static func application(
        _ registry: Registry, host: String, port: Int, logger: Logger = Logger(label: "lineage.serve")
    ) -> some ApplicationProtocol {
        Application(
            router: router(registry, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "lineage"), logger: logger)
    }
}
