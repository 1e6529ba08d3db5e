public import Foundation

/// Limits on the unauthenticated public lookup, kept in memory (bounded, expiring), so a failed
/// lookup writes nothing durable:
///
/// - wrong codes per (address, case): the `maxFailures`-th within the window locks the address out
///   of that case for `lockout`; a correct lookup does **not** reset the count;
/// - wrong codes per address across cases: `maxAddressFailures` within the window lock the address
///   out of every case for `lockout`;
/// - lookups per address: at most `perMinute` in any minute (the rest RESOURCE_EXHAUSTED).
///
/// At most `capacity` addresses are tracked; when full, expired entries go first, then the
/// entry seen least recently. A restart forgets the counts (the lockout is a brake on guessing:
/// a 10-character code over 31 letters has 8 × 10¹⁴ values).
public actor LookupLimiter {
    public struct Limits: Sendable {
        public var maxFailures = 5
        public var maxAddressFailures = 20
        public var perMinute = 20
        public var window: TimeInterval = 24 * 3600
        public var lockout: TimeInterval = 24 * 3600
        public var capacity = 50_000
        public init() {}
    }

    public enum Verdict: Equatable, Sendable {
        case allowed
        case locked(until: Date)
        case rateLimited
    }

    struct Entry {
        var lastSeen: Date
        /// Start of the current minute's count and the count.
        var minuteStart: Date
        var minuteCount = 0
        /// Failure instants across cases, and per case, within the window.
        var failures: [Date] = []
        var caseFailures: [String: [Date]] = [:]
        var lockedUntil: Date?
        var caseLockedUntil: [String: Date] = [:]
    }

    public let limits: Limits
    private var entries: [String: Entry] = [:]

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Counts a lookup of `caseKey` from `address` at `now`; answers whether it may proceed.
    public func admit(address: String, caseKey: String, at now: Date) -> Verdict {
        var entry = entries[address] ?? { makeRoom(now); return Entry(lastSeen: now, minuteStart: now) }()
        entry.lastSeen = now
        if now.timeIntervalSince(entry.minuteStart) >= 60 { entry.minuteStart = now; entry.minuteCount = 0 }
        entry.minuteCount += 1
        defer { entries[address] = entry }
        if let until = entry.lockedUntil, until > now { return .locked(until: until) }
        if let until = entry.caseLockedUntil[caseKey], until > now { return .locked(until: until) }
        if entry.minuteCount > limits.perMinute { return .rateLimited }
        return .allowed
    }

    /// Records a wrong code; answers the lockout it caused, if any, and the attempts left for the case.
    public func failed(address: String, caseKey: String, at now: Date) -> (lockedUntil: Date?, left: Int) {
        var entry = entries[address] ?? Entry(lastSeen: now, minuteStart: now)
        let since = now.addingTimeInterval(-limits.window)
        entry.failures = entry.failures.filter { $0 > since } + [now]
        entry.caseFailures = entry.caseFailures.filter { $0.key == caseKey || $0.value.contains { $0 > since } }
        let forCase = (entry.caseFailures[caseKey] ?? []).filter { $0 > since } + [now]
        entry.caseFailures[caseKey] = forCase
        var until: Date?
        if forCase.count >= limits.maxFailures {
            until = now.addingTimeInterval(limits.lockout)
            entry.caseLockedUntil[caseKey] = until
            entry.caseFailures[caseKey] = []
        }
        if entry.failures.count >= limits.maxAddressFailures {
            until = now.addingTimeInterval(limits.lockout)
            entry.lockedUntil = until
            entry.failures = []
        }
        entries[address] = entry
        return (until, max(0, limits.maxFailures - forCase.count))
    }

    /// How many addresses are tracked (for tests and metrics).
    public var trackedAddresses: Int { entries.count }

    private func makeRoom(_ now: Date) {
        guard entries.count >= limits.capacity else { return }
        let since = now.addingTimeInterval(-max(limits.window, limits.lockout))
        entries = entries.filter { $0.value.lastSeen > since || ($0.value.lockedUntil ?? .distantPast) > now
            || $0.value.caseLockedUntil.values.contains { $0 > now } }
        while entries.count >= limits.capacity, let oldest = entries.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            entries[oldest.key] = nil
        }
    }
}
