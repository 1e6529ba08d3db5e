import Synchronization

/// How many long-lived streams (the `Watch…` RPCs) one principal holds at once: a bank's worker
/// needs one or two; 1,400 from one certificate is an attack on the server's CPU and memory.
public final class StreamQuota: Sendable {
    public let perPrincipal: Int
    private let held = Mutex([String: Int]())

    public init(perPrincipal: Int = 4) { self.perPrincipal = perPrincipal }

    /// Takes a slot for `principal`, or nil when it holds `perPrincipal` already.
    func acquire(_ principal: String) -> Slot? {
        let taken = held.withLock { held -> Bool in
            guard held[principal, default: 0] < perPrincipal else { return false }
            held[principal, default: 0] += 1
            return true
        }
        return taken ? Slot(quota: self, principal: principal) : nil
    }

    /// Streams held by a principal now.
    public func holding(_ principal: String) -> Int { held.withLock { $0[principal] ?? 0 } }

    fileprivate func release(_ principal: String) {
        held.withLock { held in
            held[principal, default: 1] -= 1
            if held[principal] == 0 { held[principal] = nil }
        }
    }

    /// One held stream; released once, whichever path ends the stream.
    final class Slot: Sendable {
        private let quota: StreamQuota
        private let principal: String
        private let released = Atomic(false)

        fileprivate init(quota: StreamQuota, principal: String) {
            self.quota = quota
            self.principal = principal
        }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { quota.release(principal) }
        }

        deinit { release() }
    }
}
