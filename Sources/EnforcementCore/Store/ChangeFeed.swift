import Synchronization

/// Wakes the watchers of the platform's streams (institutions' requests, courts' delegated
/// tasks) when new rows are committed.
///
/// A wake-up carries no data: a watcher re-reads the store after its cursor, so a lost or merged
/// signal loses nothing. Each subscription also ticks every `pollInterval`, which covers rows
/// written by another server instance sharing the database.
public final class ChangeFeed: Sendable {
    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<Void>.Continuation] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    public let pollInterval: Duration

    public init(pollInterval: Duration = .seconds(1)) {
        self.pollInterval = pollInterval
    }

    /// Tells every watcher that new requests may be there.
    public func publish() {
        state.withLock { state in
            for continuation in state.subscribers.values { continuation.yield() }
        }
    }

    /// Ends every watch (graceful shutdown); later subscriptions end at once.
    public func close() {
        let continuations = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    /// A stream of wake-ups; it ends when the feed closes or the iterating task is cancelled.
    func subscribe() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        let interval = pollInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker.cancel()
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Number of live subscriptions (for tests and metrics).
    public var watcherCount: Int { state.withLock { $0.subscribers.count } }
}

extension ChangeFeed {
    /// The one delivery loop of every stream: first the backlog (rows up to the high-water mark
    /// that are still wanted), then, on each wake-up or poll tick, every row committed after the
    /// cursor that is wanted. Rows come in position order from `page(after, backlog)`.
    func watch<Item: Sendable>(
        high: Int64,
        page: @Sendable (_ after: Int64, _ backlog: Bool) async throws -> [Item],
        position: (Item) -> Int64,
        wanted: (Item) -> Bool,
        deliver: (Item) async throws -> Void
    ) async throws {
        let wakeUps = subscribe()
        let pageSize = 200
        var cursor: Int64 = 0
        while cursor < high {
            let rows = try await page(cursor, true)
            for row in rows where position(row) <= high && wanted(row) { try await deliver(row) }
            guard let last = rows.last, rows.count == pageSize, position(last) < high else { break }
            cursor = position(last)
        }
        cursor = high
        for await _ in wakeUps {
            while true {
                let rows = try await page(cursor, false)
                for row in rows where wanted(row) { try await deliver(row) }
                guard let last = rows.last else { break }
                cursor = position(last)
                if rows.count < pageSize { break }
            }
        }
    }
}
