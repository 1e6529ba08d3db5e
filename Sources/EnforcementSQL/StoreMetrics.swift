public import CoreMetrics

/// What a store reports to the operator (through swift-metrics: nothing unless the server hands
/// it a factory): how long durable commits take, how many writes each carried, and how often a
/// failed group was retried write by write.
public struct StoreMetrics: Sendable {
    let commitTimer: CoreMetrics.Timer
    let groupSize: Recorder
    let retries: Counter
    let failures: Counter

    /// `store` names the database kind in every metric (`sqlite`, `postgresql`).
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance, store: String) {
        commitTimer = CoreMetrics.Timer(label: "enforcement_store_commit_duration_seconds", dimensions: [("store", store)], factory: factory)
        groupSize = Recorder(label: "enforcement_store_commit_writes", dimensions: [("store", store)], aggregate: true, factory: factory)
        retries = Counter(label: "enforcement_store_transaction_retries_total", dimensions: [("store", store)], factory: factory)
        failures = Counter(label: "enforcement_store_commit_failures_total", dimensions: [("store", store)], factory: factory)
    }

    /// Times one commit of `writes` writes.
    public func commit<T>(writes: Int, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        return try finished(writes, since: start, result)
    }

    /// `commit` for a commit made synchronously, on the store's writer thread.
    func commitNow<T>(writes: Int, _ body: () throws -> T) throws -> T {
        let start = ContinuousClock.now
        return try finished(writes, since: start, Result { try body() })
    }

    private func finished<T>(_ writes: Int, since start: ContinuousClock.Instant, _ result: Result<T, any Error>) throws -> T {
        switch result {
        case .success:
            commitTimer.recordInterval(start.duration(to: .now))
            groupSize.record(writes)
        case .failure:
            failures.increment()
        }
        return try result.get()
    }

    /// A failed group is tried again write by write: `writes` retries.
    func retried(_ writes: Int) { retries.increment(by: writes) }
}

extension CoreMetrics.Timer {
    /// Records a `Duration` (swift-metrics takes nanoseconds).
    func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
