import Synchronization

/// Wakes the watchers of institution request streams when new requests are committed.
///
/// A wake-up carries no data: a watcher re-reads the store after its cursor, so a lost or merged
/// signal loses nothing. Each subscription also ticks every `pollInterval`, which covers requests
/// written by another server instance sharing the database.
public final class ControlFeed: Sendable {
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
