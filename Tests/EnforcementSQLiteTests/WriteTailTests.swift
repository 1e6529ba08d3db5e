@testable import EnforcementSQL
import Foundation
import Testing

@Suite("The write tail: what a write transaction defers to its end")
struct WriteTailTests {
    /// A session that runs nothing: the tail's lock is a closure, counted here.
    struct Silent: SQLSession {
        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int { 0 }
        func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] { [] }
        func nextPosition(_ table: String, _ column: String) throws -> Int64 { 1 }
    }

    final class Count { var value = 0 }

    @Test("the lock on the shared rows is taken once per transaction, and again after the savepoint it was taken in was rolled back (PostgreSQL released it with the savepoint)")
    func lockFollowsSavepoints() throws {
        let tail = WriteTail()
        let taken = Count()
        tail.lock = { _ in taken.value += 1 }
        let db = Silent()

        try tail.lockShared(db)
        try tail.lockShared(db)
        #expect(taken.value == 1, "held for the rest of the transaction")

        let fresh = WriteTail()
        fresh.lock = { _ in taken.value += 1 }
        taken.value = 0
        let beforeRefused = fresh.mark
        try fresh.lockShared(db)  // a write that read the counters, then was refused
        fresh.rollback(to: beforeRefused)
        let beforeNext = fresh.mark
        try fresh.lockShared(db)  // the next write of the group reads them too
        #expect(taken.value == 2, "taken again: the rolled-back savepoint released it")
        fresh.rollback(to: beforeNext)
        try fresh.lockShared(db)
        #expect(taken.value == 3)

        let kept = fresh.mark
        try fresh.lockShared(db)
        fresh.rollback(to: kept)
        try fresh.lockShared(db)
        #expect(taken.value == 3, "a lock taken before the savepoint outlives its rollback")
    }
}

@Suite("Group commit: groups of one kind")
struct GroupKindTests {
    final class Gate: @unchecked Sendable {
        let lock = NSLock()
        var open = false
        var groups: [[String]?] = []
        var sizes: [Int] = []
    }

    @Test("writes naming their keys and writes naming none, waiting together, commit in separate groups: a keyed group stays keyed (side by side on PostgreSQL), the unkeyed one exclusive")
    func groupsByKind() async throws {
        let gate = Gate()
        let committer = GroupCommitter { keys, body in
            let first = gate.lock.withLock { gate.groups.isEmpty }
            // The first group holds the commit while the others queue.
            while first, !gate.lock.withLock({ gate.open }) { try await Task.sleep(for: .milliseconds(5)) }
            let results = try body(WriteTailTests.Silent())
            gate.lock.withLock {
                gate.groups.append(keys)
                gate.sizes.append(results.count)
            }
            return results
        }
        async let a: Void = committer.submit(keys: ["case:1"]) { _ in }
        try await Task.sleep(for: .milliseconds(100))
        async let b: Void = committer.submit(keys: nil) { _ in }
        async let c: Void = committer.submit(keys: ["case:2"]) { _ in }
        async let d: Void = committer.submit(keys: ["case:3", "case:2"]) { _ in }
        async let e: Void = committer.submit(keys: nil) { _ in }
        try await Task.sleep(for: .milliseconds(200))
        gate.lock.withLock { gate.open = true }
        _ = try await (a, b, c, d, e)
        let (groups, sizes) = gate.lock.withLock { (gate.groups, gate.sizes) }
        #expect(groups.count == 3 && sizes.reduce(0, +) == 5, "\(groups) \(sizes)")
        #expect(groups.first == ["case:1"])
        let rest = Array(zip(groups.dropFirst(), sizes.dropFirst()))
        #expect(rest.contains { $0.0 == nil && $0.1 == 2 }, "the two unkeyed writes together, exclusive: \(groups) \(sizes)")
        #expect(rest.contains { $0.0 == ["case:2", "case:3"] && $0.1 == 2 }, "the two keyed writes together, keyed: \(groups) \(sizes)")
    }
}
