import Synchronization

/// At most one log line per key in each `interval`: a flood of refusals (wrong access codes, a
/// client hammering a closed door) must not become a flood of log lines. The line that is written
/// says how many were suppressed since the previous one.
public final class LogThrottle: Sendable {
    private let interval: Duration
    private let state = Mutex([String: (last: ContinuousClock.Instant, suppressed: Int)]())

    public init(interval: Duration = .seconds(60)) { self.interval = interval }

    /// Nil when the line should be suppressed; else the number suppressed before it.
    public func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            if let entry = state[key], now - entry.last < interval {
                state[key] = (entry.last, entry.suppressed + 1)
                return nil
            }
            let suppressed = state[key]?.suppressed ?? 0
            if state.count > 1_000 { state.removeAll() }  // keys are few (status × method); bound them anyway
            state[key] = (now, 0)
            return suppressed
        }
    }
}
