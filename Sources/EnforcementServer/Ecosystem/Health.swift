public import EnforcementAPI
public import EnforcementCore
public import GRPCCore
public import Logging
public import ServiceLifecycle
import SwiftProtobuf
import Synchronization

/// Whether the server serves, for `grpc.health.v1.Health`: SERVING while the store can be written
/// and no graceful shutdown has begun, NOT_SERVING otherwise. Every service of the server depends
/// on the one store, so each has the overall status; a name the server does not serve is unknown.
public final class ServingHealth: Sendable {
    public typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

    private struct State {
        var storeWritable = true
        var shuttingDown = false
        var watchers: [Int: (listener: String, continuation: AsyncStream<Status>.Continuation)] = [:]
        var nextWatcher = 0
        var status: Status { storeWritable && !shuttingDown ? .serving : .notServing }
    }

    /// The fully qualified names of the services answered for (the overall status is "").
    public let services: [String]
    /// Live `Watch` streams at most, over every listener: each holds a task and a continuation.
    public let maxWatchers: Int
    private let state = Mutex(State())

    public init(services: [String], maxWatchers: Int = 64) {
        self.services = services.sorted()
        self.maxWatchers = maxWatchers
    }

    /// The overall status.
    public var status: Status { state.withLock { $0.status } }

    /// Whether the last store probe could write.
    public var storeWritable: Bool { state.withLock { $0.storeWritable } }

    /// The status of `service` ("" for the server as a whole); nil when it is not served here.
    public func status(of service: String) -> Status? {
        service.isEmpty || services.contains(service) ? status : nil
    }

    /// Records what the last store probe found; watchers hear of a change.
    public func setStoreWritable(_ writable: Bool) {
        update { $0.storeWritable = writable }
    }

    /// From the start of a graceful shutdown until the listeners close: NOT_SERVING.
    public func beginShutdown() {
        update { $0.shuttingDown = true }
    }

    /// Ends the `Watch` streams of one listener (after the last status they were sent): that
    /// listener can then close.
    public func endWatches(on listener: String) {
        let ending = state.withLock { state in
            let ending = state.watchers.filter { $0.value.listener == listener }
            for id in ending.keys { state.watchers[id] = nil }
            return ending.values.map(\.continuation)
        }
        for watcher in ending { watcher.finish() }
    }

    /// A stream of the overall status, starting with the current one and then each change, until
    /// `endWatches(on:)` or `cancel(watch:)`; nil when `maxWatchers` streams are open.
    public func watch(on listener: String) -> (id: Int, statuses: AsyncStream<Status>)? {
        let (stream, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { state in
            guard state.watchers.count < maxWatchers else { return nil }
            let id = state.nextWatcher
            state.nextWatcher += 1
            state.watchers[id] = (listener, continuation)
            continuation.yield(state.status)
            return id
        }
        guard let id else { return nil }
        return (id, stream)
    }

    public func cancel(watch id: Int) {
        let watcher = state.withLock { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.finish()
    }

    private func update(_ change: (inout State) -> Void) {
        state.withLock { state in
            let before = state.status
            change(&state)
            guard state.status != before else { return }
            for watcher in state.watchers.values { watcher.continuation.yield(state.status) }
        }
    }
}

/// `grpc.health.v1.Health` over ``ServingHealth``, on the main listener (any certificate of the
/// deployment's CA, no user token) and on the plaintext health listener.
public struct HealthServiceAdapter: Grpc_Health_V1_Health.SimpleServiceProtocol {
    let health: ServingHealth
    /// The listener this instance serves on (its watches end when that listener shuts down).
    let listener: String

    public init(health: ServingHealth, listener: String) {
        self.health = health
        self.listener = listener
    }

    public func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = health.status(of: try Self.service(request)) else {
            throw RPCError(code: .notFound, message: "this server does not serve \(request.service.prefix(200))")
        }
        return .with { $0.status = status }
    }

    public func list(request: Grpc_Health_V1_HealthListRequest, context: ServerContext) async throws -> Grpc_Health_V1_HealthListResponse {
        let status = health.status
        return .with { response in
            response.statuses[""] = .with { $0.status = status }
            for service in health.services { response.statuses[service] = .with { $0.status = status } }
        }
    }

    public func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>, context: ServerContext
    ) async throws {
        let known = health.status(of: try Self.service(request)) != nil
        guard let (id, statuses) = health.watch(on: listener) else {
            throw RPCError(code: .resourceExhausted, message: "at most \(health.maxWatchers) health watches at once; use Check")
        }
        defer { health.cancel(watch: id) }
        // The RPC ends when the client goes away or the server shuts down, whichever is first.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await status in statuses {
                    try await response.write(.with { $0.status = known ? status : .serviceUnknown })
                }
            }
            group.addTask {
                try await context.cancellation.cancelled
                throw CancellationError()
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The service name asked for, bounded (a service name is short).
    static func service(_ request: Grpc_Health_V1_HealthCheckRequest) throws -> String {
        guard request.service.utf8.count <= 200 else {
            throw RPCError(code: .invalidArgument, message: "service: a service name is at most 200 bytes")
        }
        return request.service
    }
}

/// Probes the store every `interval` with a heartbeat commit and tells ``ServingHealth``; the
/// first probe runs at once. Tests call `probe()` directly.
public struct StoreHealthProbe: Service {
    let store: any EnforcementStore
    let clock: any WallClock
    let health: ServingHealth
    let interval: Duration
    let logger: Logger
    let metrics: ServerMetrics?

    public init(store: any EnforcementStore, clock: any WallClock, health: ServingHealth, interval: Duration, logger: Logger,
                metrics: ServerMetrics? = nil) {
        self.store = store
        self.clock = clock
        self.health = health
        self.interval = interval
        self.logger = logger
        self.metrics = metrics
    }

    /// One probe: whether the store could be written.
    @discardableResult
    public func probe() async -> Bool {
        defer { metrics?.serving(health.status == .serving) }
        let wasWritable = health.storeWritable
        do {
            try await store.checkWritable(at: clock.now())
            if !wasWritable { logger.notice("the store can be written again: health is SERVING unless shutting down") }
            health.setStoreWritable(true)
            return true
        } catch {
            if wasWritable { logger.error("the store cannot be written: health is NOT_SERVING", metadata: ["error": "\(error)"]) }
            health.setStoreWritable(false)
            return false
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await probe()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
