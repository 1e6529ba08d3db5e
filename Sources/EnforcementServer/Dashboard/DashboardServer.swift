import EnforcementCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
public import ServiceLifecycle
import Synchronization

/// The wall screen (指挥中心大屏): a page, its JSON reads and its live event stream on an HTTPS
/// listener of its own (server-only TLS with the main listener's certificate). A browser signs in
/// by opening a one-time link (`CommandService.CreateDashboardLink`), which sets an HttpOnly,
/// Secure, SameSite=Strict session cookie; every other path answers 401 without one.
///
/// Only converts and delegates: the links and sessions are `DashboardAccess`, the figures, ticker
/// and case timelines `WallScreenWorkflow`.
public final class DashboardServer: Service, Sendable {
    static let cookieName = "enforcement_dashboard"
    let access: DashboardAccess
    let screen: WallScreenWorkflow
    let host: String
    let port: Int
    let tls: TLSConfiguration
    let logger: Logger
    let maxStreams: Int
    private let streams = Atomic<Int>(0)
    private let boundPort = Mutex<Int?>(nil)
    private let configuredURL: URL?

    init(access: DashboardAccess, screen: WallScreenWorkflow, host: String, port: Int, publicURL: URL?, maxStreams: Int,
         certificateChain: String, privateKey: String, logger: Logger) throws {
        self.access = access
        self.screen = screen
        self.host = host
        self.port = port
        configuredURL = publicURL
        self.maxStreams = maxStreams
        self.logger = logger
        tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateChain).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem)))
    }

    /// The port it listens on, once it does (useful with port 0).
    public var listeningPort: Int? { boundPort.withLock { $0 } }

    /// Where links point: the configured public URL, else `https://<host>:<port>`.
    var baseURL: URL? {
        if let configuredURL { return configuredURL }
        guard let port = listeningPort else { return nil }
        return URL(string: "https://\(host):\(port)")
    }

    public func run() async throws {
        // Hummingbird's own lines (its start, each request) only from warnings up: the server logs
        // one "listening" line for all its listeners, which scripts wait for.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(SecurityHeaders())
        routes(router)
        let app = Application(
            router: router,
            server: try .tls(.http1(configuration: .init(idleTimeout: .seconds(120))), tlsConfiguration: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(4 * maxStreams + 16)),
            onServerRunning: { channel in self.boundPort.withLock { $0 = channel.localAddress?.port } },
            logger: quiet)
        try await app.run()
    }

    func routes(_ router: Router<BasicRequestContext>) {
        router.get("/") { request, _ -> Response in
            guard (try? await self.session(request)) != nil else {
                return Self.page(.unauthorized, DashboardPage.message(title: "请先登录", text: "请由指挥中心或本院运行 enforcectl command dashboard-link 取得一次性登录链接，在浏览器中打开。"))
            }
            return Self.page(.ok, DashboardPage.html)
        }
        router.get("/login") { request, _ -> Response in
            do {
                let (cookie, _) = try await self.access.redeem(request.uri.queryParameters.get("link") ?? "")
                // A page that moves on to "/" itself: the next request is same-site, so the
                // SameSite=Strict cookie goes with it even when the link was opened from elsewhere.
                var response = Self.page(.ok, DashboardPage.message(title: "登录成功", text: "正在打开大屏……", refresh: "/"))
                response.setCookie(Cookie(name: Self.cookieName, value: cookie, maxAge: self.access.sessionLifetime,
                                          path: "/", secure: true, httpOnly: true, sameSite: .strict))
                return response
            } catch let error as EnforcementError {
                let text = switch error.rule {
                case "LINK_EXPIRED": "该链接已过期，请重新取得登录链接。"
                case "LINK_USED": "该链接已使用过，每个链接只能登录一次。"
                default: "链接无效。"
                }
                return Self.page(Self.status(error.code), DashboardPage.message(title: "无法登录", text: text))
            }
        }
        router.get("/app.js") { _, _ in Self.asset(DashboardPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.asset(DashboardPage.style, type: "text/css; charset=utf-8") }
        router.get("/api/screen") { request, _ in
            await self.json {
                let session = try await self.session(request)
                return try await self.screen.screen(court: session.court(asked: request.uri.queryParameters.get("court").map { String($0) } ?? ""),
                                                    by: session.caller)
            }
        }
        router.get("/api/courts/:court/overdue") { request, context in
            await self.json {
                let session = try await self.session(request)
                return try await self.screen.overdueCases(court: session.court(asked: Self.parameter(context, "court")), by: session.caller)
            }
        }
        router.get("/api/cases/:number") { request, context in
            await self.json {
                let session = try await self.session(request)
                return try await self.screen.caseTimeline(Self.parameter(context, "number"), by: session.caller, within: session.court)
            }
        }
        router.get("/api/events") { request, _ -> Response in
            let session: DashboardSession
            do { session = try await self.session(request) } catch { return Self.failure(error) }
            return self.events(request, session, cookie: request.cookies[Self.cookieName]?.value ?? "")
        }
    }

    /// A path parameter, percent-decoded (court codes and case numbers are Chinese).
    static func parameter(_ context: BasicRequestContext, _ name: String) -> String {
        let raw = context.parameters.get(name) ?? ""
        return String((raw.removingPercentEncoding ?? raw).prefix(64))
    }

    /// The session the request's cookie names; UNAUTHENTICATED without one.
    func session(_ request: Request) async throws -> DashboardSession {
        guard let cookie = request.cookies[Self.cookieName]?.value else { throw DashboardAccess.noSession }
        return try await access.session(cookie: cookie)
    }

    // MARK: The live stream

    /// Server-sent events: `ticker` (journal entries of the session's scope, `id` = the journal
    /// position, so a reconnecting browser resumes after `Last-Event-ID`) and `screen` (the fresh
    /// figures after new entries, at most every half second); a comment line every 15 s keeps
    /// proxies from closing a quiet stream and finds closed connections. The stream ends when its
    /// session expires (checked with each keep-alive).
    func events(_ request: Request, _ session: DashboardSession, cookie: String) -> Response {
        guard streams.add(1, ordering: .relaxed).newValue <= maxStreams else {
            streams.subtract(1, ordering: .relaxed)
            return Self.failure(EnforcementError(.resourceExhausted, "\(maxStreams) wall screens are connected to this server already"))
        }
        let resume = (request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("after").map { String($0) })
            .flatMap { Int64($0) }.map { max(0, $0) }
        let caller: Caller
        do { caller = try session.caller } catch {
            streams.subtract(1, ordering: .relaxed)
            return Self.failure(error)
        }
        let court = session.court
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { self.streams.subtract(1, ordering: .relaxed) }
            let encoder = Self.encoder()
            func send(_ text: String) async throws { try await writer.write(ByteBuffer(string: text)) }
            func sendScreen() async throws {
                let figures = try await self.screen.screen(court: court?.value ?? "", by: caller)
                try await send("event: screen\ndata: \(String(decoding: try encoder.encode(figures), as: UTF8.self))\n\n")
            }
            try await sendScreen()
            var quiet = ContinuousClock.now
            var lastScreen = ContinuousClock.now
            // A new screen starts with the 30 entries before now.
            var start = resume ?? 0
            if resume == nil { start = max(0, try await self.screen.lastSequence() - 30) }
            try await self.screen.follow(after: start, court: court) { items, through in
                if !items.isEmpty {
                    let data = String(decoding: try encoder.encode(items), as: UTF8.self)
                    try await send("id: \(through)\nevent: ticker\ndata: \(data)\n\n")
                    // Fresh figures after the entries, at most every half second: under a burst of
                    // writes the entries that come meanwhile wait and share one recomputation.
                    let since = ContinuousClock.now - lastScreen
                    if since < .milliseconds(500) { try await Task.sleep(for: .milliseconds(500) - since) }
                    try await sendScreen()
                    (lastScreen, quiet) = (.now, .now)
                }
                if ContinuousClock.now - quiet >= .seconds(15) {
                    // The session is checked again: a stream ends when its session has expired.
                    _ = try await self.access.session(cookie: cookie)
                    try await send(": keep-alive\n\n")
                    quiet = .now
                }
            }
            try await writer.finish(nil)
        })
    }

    // MARK: Answers

    /// The page's JSON: dates as ISO-8601 text.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    func json<Value: Encodable & Sendable>(_ body: () async throws -> Value) async -> Response {
        do {
            let data = try Self.encoder().encode(try await body())
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return Self.failure(error)
        }
    }

    /// The one error edge of the screen: a domain error's code as an HTTP status, with its message.
    static func failure(_ error: any Error) -> Response {
        let domain = error as? EnforcementError ?? EnforcementError(.internalError, "the screen could not be answered")
        let body = (try? JSONSerialization.data(withJSONObject: ["error": domain.message, "reason": domain.rule ?? ""])) ?? Data()
        return Response(status: status(domain.code), headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func status(_ code: EnforcementError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidArgument: .badRequest
        case .notFound: .notFound
        case .permissionDenied: .forbidden
        case .unauthenticated: .unauthorized
        case .resourceExhausted: .tooManyRequests
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    static func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Headers on every answer: the page loads only its own script and style (no CDN, no inline
/// script), is never framed, sends no referrer (the link's secret must not leak) and is not cached.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000"
        return response
    }
}
