import CoreMetrics
import EnforcementAPI
import Foundation
import GRPCCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
import SwiftProtobuf
import Synchronization

/// The server's metrics: swift-metrics handles backed by one Prometheus registry per application
/// (so tests and several servers in one process never share counts), read by the operator's
/// Prometheus from `/metrics` on the metrics listener.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A bank answers within hours or days, not milliseconds.
        factory.durationHistogramBuckets["enforcement_bank_answer_lag_seconds"] = [
            .seconds(60), .seconds(600), .seconds(3_600), .seconds(4 * 3_600), .seconds(24 * 3_600), .seconds(3 * 24 * 3_600),
            .seconds(7 * 24 * 3_600),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }

    func inFlight(_ method: String) -> Meter {
        Meter(label: "enforcement_rpc_in_flight", dimensions: [("method", method)], factory: factory)
    }

    func finished(_ method: String, code: String, after duration: Duration) {
        Counter(label: "enforcement_rpc_requests_total", dimensions: [("method", method), ("code", code)], factory: factory).increment()
        CoreMetrics.Timer(label: "enforcement_rpc_duration_seconds", dimensions: [("method", method)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Live streams by kind (the streaming method's name).
    func openStreams(_ kind: String) -> Meter {
        Meter(label: "enforcement_open_streams", dimensions: [("kind", kind)], factory: factory)
    }

    /// From service to answer, per institution, for every answer a bank or registry gives.
    func bankAnswered(institution: String, lag: Duration) {
        CoreMetrics.Timer(label: "enforcement_bank_answer_lag_seconds", dimensions: [("institution", institution)], factory: factory)
            .recordNanoseconds(max(0, lag.nanoseconds))
    }

    /// One pass of a background job: counts add up, levels (`gauges`) are set.
    func background(_ job: String, findings: [String: Int], gauges: Set<String>) {
        for (finding, value) in findings {
            if gauges.contains(finding) {
                Gauge(label: "enforcement_background_level", dimensions: [("job", job), ("measure", finding)], factory: factory).record(value)
            } else if value > 0 {
                Counter(label: "enforcement_background_findings_total", dimensions: [("job", job), ("finding", finding)], factory: factory)
                    .increment(by: value)
            }
        }
        Counter(label: "enforcement_background_passes_total", dimensions: [("job", job)], factory: factory).increment()
    }

    func backgroundFailed(_ job: String) {
        Counter(label: "enforcement_background_failures_total", dimensions: [("job", job)], factory: factory).increment()
    }

    func serving(_ serving: Bool) {
        Gauge(label: "enforcement_health_serving", factory: factory).record(serving ? 1 : 0)
    }

    /// The status code's canonical name (`OK`, `INVALID_ARGUMENT`, …) for the `code` label.
    static func name(_ code: RPCError.Code?) -> String {
        guard let code else { return "OK" }
        return switch code {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "UNKNOWN"
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Passes every message on and records, for a bank's answer, the time from service to answer.
struct LagObserver<Element: Sendable>: RPCWriterProtocol {
    let inner: RPCWriter<Element>
    let metrics: ServerMetrics

    func write(_ element: Element) async throws {
        if let answer = element as? Enforcement_V1_ControlRequest, answer.hasServedAt, answer.hasAnsweredAt {
            let lag = answer.answeredAt.date.timeIntervalSince(answer.servedAt.date)
            metrics.bankAnswered(institution: answer.institutionID, lag: .milliseconds(Int64((lag * 1_000).rounded())))
        }
        try await inner.write(element)
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await write(element) }
    }
}

/// The plain-HTTP metrics listener: `GET /metrics` answers the Prometheus text exposition; every
/// other request 404. Bound to 127.0.0.1 by default; a few connections at once, each closed after
/// one answer or 10 s of silence.
public final class MetricsEndpoint: Sendable {
    let host: String
    let port: Int
    let metrics: ServerMetrics
    /// Connections open at once, at most.
    static let maxConnections = 16
    private let channel = Mutex<(any Channel)?>(nil)
    private let open = Atomic<Int>(0)

    public init(host: String, port: Int, metrics: ServerMetrics) {
        self.host = host
        self.port = port
        self.metrics = metrics
    }

    /// Binds the listener; answers the bound port.
    @discardableResult
    public func start() async throws -> Int {
        let metrics = self.metrics
        let endpoint = self
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 32)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard endpoint.open.add(1, ordering: .relaxed).newValue <= Self.maxConnections else {
                    endpoint.open.subtract(1, ordering: .relaxed)
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in endpoint.open.subtract(1, ordering: .relaxed) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(10)))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(metrics: metrics))
                }
            }
            .bind(host: host, port: port).get()
        self.channel.withLock { $0 = channel }
        return channel.localAddress?.port ?? port
    }

    /// The bound port, once started.
    public var listeningPort: Int? { channel.withLock { $0?.localAddress?.port } }

    public func stop() async {
        let channel = self.channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
    }
}

/// One HTTP/1.1 exchange per connection.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let metrics: ServerMetrics
    private var head: HTTPRequestHead?

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break  // nothing is read from a body
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let found = head.method == .GET && path == "/metrics"
            let body = found ? metrics.exposition() : Array("not found: the metrics are at GET /metrics\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8")
            headers.add(name: "Content-Length", value: "\(body.count)")
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: found ? .ok : .notFound, headers: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}
