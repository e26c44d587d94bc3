import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// What the fake server has seen so far.
public struct FakeServerStats: Sendable {
    /// Chat-completions requests received.
    public var requests = 0
    /// Requests received and not yet answered (or dropped).
    public var inFlight = 0
    /// The most requests in flight at once.
    public var maxInFlight = 0
    /// Answers (status 200 with a well-formed body) sent.
    public var answersSent = 0
    /// Seconds since the server started at which each request arrived, in arrival order.
    public var arrivals: [Double] = []
    /// Every distinct `Authorization` header value received.
    public var authorizations: Set<String> = []
}

/// An OpenAI-compatible chat-completions server on 127.0.0.1 (an ephemeral port by default) whose every reply
/// a closure chooses: answers, 429 with `Retry-After`, 5xx, slow replies, dropped connections, malformed JSON.
///
/// Only `POST /v1/chat/completions` is served; other paths get 404.
public final class FakeOpenAIServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let channel: any Channel
    private let state: ServerState

    /// The endpoint to give a client: `http://127.0.0.1:PORT/v1`.
    public var endpoint: String { "http://127.0.0.1:\(port)/v1" }

    /// What the server has seen so far.
    public var stats: FakeServerStats { state.stats.withLock { $0 } }

    /// Seconds since the server started, on the clock of ``FakeServerStats/arrivals``.
    public var uptime: Double { state.uptime }

    /// Starts a server on 127.0.0.1:`port` (0: an ephemeral port) replying with `behaviour`.
    public static func start(
        port: Int = 0, behaviour: @escaping @Sendable (FakeRequest) -> FakeReply = FakeReply.echo
    ) async throws -> FakeOpenAIServer {
        let state = ServerState(behaviour: behaviour)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        guard let bound = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return FakeOpenAIServer(port: bound, channel: channel, state: state)
    }

    private init(port: Int, channel: any Channel, state: ServerState) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    /// Stops listening (connections already open finish on their own).
    public func stop() async throws {
        try await channel.close()
    }

    /// Returns when the server stops.
    public func waitUntilStopped() async throws {
        try await channel.closeFuture.get()
    }
}

/// Shared by every connection: the reply closure, counters, and how often each prompt arrived.
final class ServerState: Sendable {
    let behaviour: @Sendable (FakeRequest) -> FakeReply
    let stats = Mutex(FakeServerStats())
    let attempts = Mutex([String: Int]())
    let started = ContinuousClock.now

    init(behaviour: @escaping @Sendable (FakeRequest) -> FakeReply) {
        self.behaviour = behaviour
    }

    /// Counts a request's arrival; returns its arrival index.
    /// Seconds since the server started.
    var uptime: Double {
        let (whole, fraction) = (ContinuousClock.now - started).components
        return Double(whole) + Double(fraction) * 1e-18
    }

    func arrive(authorization: String?) -> Int {
        let seconds = uptime
        return stats.withLock { stats in
            let index = stats.requests
            stats.requests += 1
            stats.inFlight += 1
            stats.maxInFlight = max(stats.maxInFlight, stats.inFlight)
            stats.arrivals.append(seconds)
            if let authorization { stats.authorizations.insert(authorization) }
            return index
        }
    }

    /// Counts a request's end; `answered` when a well-formed answer went out.
    func leave(answered: Bool) {
        stats.withLock { stats in
            stats.inFlight -= 1
            if answered { stats.answersSent += 1 }
        }
    }

    func attempt(of prompt: String) -> Int {
        attempts.withLock { attempts in
            attempts[prompt, default: 0] += 1
            return attempts[prompt]!
        }
    }
}

/// One connection: collects a request, asks the state for the reply, sends it when its delay is over.
final class FakeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: ServerState
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(state: ServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        guard head.method == .POST, path == "/v1/chat/completions" else {
            send(status: 404, headers: [], body: Self.errorBody("no such route: \(head.method) \(path)"), context)
            return
        }
        let index = state.arrive(authorization: head.headers.first(name: "authorization"))
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        let messages = object["messages"] as? [[String: Any]] ?? []
        let prompt = messages.last { $0["role"] as? String == "user" }?["content"] as? String ?? ""
        let request = FakeRequest(
            index: index, attempt: state.attempt(of: prompt), path: path, model: object["model"] as? String,
            prompt: prompt, system: messages.first { $0["role"] as? String == "system" }?["content"] as? String,
            maxTokens: object["max_tokens"] as? Int, temperature: object["temperature"] as? Double,
            authorization: head.headers.first(name: "authorization"))
        let reply = state.behaviour(request)
        let delay: Duration
        switch reply {
        case .answer(_, _, let wait), .status(_, _, _, let wait), .drop(let wait), .malformed(let wait): delay = wait
        }
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
            self.deliver(reply, request: request, context: context)
        }
    }

    private func deliver(_ reply: FakeReply, request: FakeRequest, context: ChannelHandlerContext) {
        switch reply {
        case .answer(let text, let finishReason, _):
            state.leave(answered: context.channel.isActive)
            let body = Self.completionBody(text: text, finishReason: finishReason, request: request)
            send(status: 200, headers: [], body: body, context)
        case .status(let status, let headers, let message, _):
            state.leave(answered: false)
            send(
                status: status, headers: headers, body: Self.errorBody(message ?? "injected status \(status)"), context)
        case .drop:
            state.leave(answered: false)
            context.close(promise: nil)
        case .malformed:
            state.leave(answered: false)
            send(
                status: 200, headers: [], body: Array("{\"choices\": [{\"message\": {\"content\": \"cut".utf8), context)
        }
    }

    private func send(status: Int, headers: [(String, String)], body: [UInt8], _ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var fields = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(body.count)")])
        for (name, value) in headers { fields.add(name: name, value: value) }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private static func completionBody(text: String, finishReason: String, request: FakeRequest) -> [UInt8] {
        let promptTokens =
            request.prompt.split(separator: " ").count + (request.system?.split(separator: " ").count ?? 0)
        let completionTokens = text.split(separator: " ").count
        let object: [String: Any] = [
            "id": "chatcmpl-\(request.index)", "object": "chat.completion", "created": 0,
            "model": request.model ?? "fake",
            "choices": [
                ["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": finishReason]
            ],
            "usage": [
                "prompt_tokens": promptTokens, "completion_tokens": completionTokens,
                "total_tokens": promptTokens + completionTokens,
            ],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    private static func errorBody(_ message: String) -> [UInt8] {
        let object: [String: Any] = ["error": ["message": message, "type": "fake_server"]]
        return Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }
}
