@testable import EnforcementSQL
import Testing

@Suite("The write tail: what a write transaction defers to its end")
struct WriteTailTests {
    /// A session that runs nothing: the tail's lock is a closure, counted here.
    struct Silent: SQLSession {
        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int { 0 }
        func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] { [] }
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
