import Foundation
import Synchronization

/// Group commit: writes that arrive while a commit is in flight wait and then share the next
/// commit, so one `fsync` makes a whole group durable instead of one write each.
///
/// Each write runs in its own savepoint, so a write the domain refuses (or that fails in SQL) is
/// rolled back alone and its neighbours still commit. A write is answered only after the commit
/// that carries it has returned (SQLite's WAL with `synchronous=FULL`, PostgreSQL's
/// `synchronous_commit=on`: on disk). If the commit itself
/// fails, or a write leaves the transaction unusable, nothing of the group is kept and each of
/// its writes is tried again alone, so one bad write never fails the others.
public final class GroupCommitter: Sendable {
    /// One queued write: runs inside the group's transaction and keeps its own answer.
    private final class Job: @unchecked Sendable {
        // Touched only on the writer's queue (`run`) and then, after the commit, by `finish`.
        private let body: (any SQLSession) throws -> Void
        private let done: (Result<Void, any Error>) -> Void
        /// What the write reads and changes (`WriteContext.lockKeys`); nil: everything.
        let keys: [String]?

        init(keys: [String]?, body: @escaping (any SQLSession) throws -> Void, done: @escaping (Result<Void, any Error>) -> Void) {
            self.keys = keys
            self.body = body
            self.done = done
        }

        func run(_ db: any SQLSession) throws { try body(db) }
        func finish(_ result: Result<Void, any Error>) { done(result) }
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
        var commits = 0
        var writes = 0
    }

    private enum Runner {
        case transaction(Transaction)
        case writer(Writer)
    }

    private let runner: Runner
    private let metrics: StoreMetrics
    private let state = Mutex(State())
    /// The most writes one commit carries; the rest wait for the next.
    let maxGroup: Int

    /// Runs its body in one transaction of the store's and commits it; the body's value is
    /// returned once the commit is durable. `keys`: what the group's writes read and change, every
    /// write's keys together (see `WriteContext.lockKeys`); nil when one of them declared none.
    public typealias Transaction = @Sendable (
        _ keys: [String]?, _ body: @escaping @Sendable (any SQLSession) throws -> [Result<Void, any Error>]
    ) async throws -> [Result<Void, any Error>]

    public init(maxGroup: Int = 256, metrics: StoreMetrics = StoreMetrics(store: "unnamed"), transaction: @escaping Transaction) {
        runner = .transaction(transaction)
        self.maxGroup = maxGroup
        self.metrics = metrics
    }

    /// One transaction, run synchronously on the writer thread, committed (durably) when it returns.
    public typealias WriterTransaction = (_ body: (any SQLSession) throws -> [Result<Void, any Error>]) throws -> [Result<Void, any Error>]

    /// Runs `visit` on the store's one writer thread, handing it the writer's `WriterTransaction`,
    /// and returns what `visit` returned (whether writes still wait).
    public typealias Writer = @Sendable (_ visit: @escaping @Sendable (_ transaction: WriterTransaction) -> Bool) async throws -> Bool

    /// For a store with one writer thread that runs transactions synchronously (SQLite under GRDB):
    /// the writer commits group after group in one visit, taking the next group as soon as a commit
    /// returns, instead of coming back to a task between groups (which waited for a thread of the
    /// cooperative pool, busy with the calls, while the writer stood idle: measured 1.5 ms of every
    /// 7.4 ms between two commits). A visit ends when nothing waits or after `groupsPerVisit` groups,
    /// so whatever else waits for the writer (a heartbeat, a checkpoint) gets its turn.
    public init(maxGroup: Int = 256, metrics: StoreMetrics = StoreMetrics(store: "unnamed"), writer: @escaping Writer) {
        runner = .writer(writer)
        self.maxGroup = maxGroup
        self.metrics = metrics
    }

    /// The most groups one visit to the writer commits (`init(maxGroup:metrics:writer:)`).
    static let groupsPerVisit = 16

    public var statistics: (commits: Int, writes: Int) { state.withLock { ($0.commits, $0.writes) } }

    /// Queues `body` for the next commit and returns its answer once that commit is durable.
    /// `keys`: what it reads and changes, nil for everything (see `WriteContext.lockKeys`).
    public func submit<Response: Sendable>(
        keys: [String]? = nil, _ body: @escaping @Sendable (any SQLSession) throws -> Response
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
            nonisolated(unsafe) var answer: Response?
            let job = Job(
                keys: keys,
                body: { db in answer = try body(db) },
                done: { result in continuation.resume(with: result.map { answer! }) })
            let start = state.withLock { state in
                state.pending.append(job)
                defer { state.draining = true }
                return !state.draining
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Commits group after group until nothing is waiting. A group is of one kind: writes that name
    /// their keys, or writes that do not (the oldest waiting write's kind, with every waiting write
    /// of that kind). A write naming no keys would otherwise make its whole group exclusive in a
    /// store that runs keyed writes side by side (PostgreSQL); the other kind goes next.
    private func drain() async {
        switch runner {
        case .transaction(let transaction):
            while true {
                let group = next()
                if group.isEmpty { return }
                await commit(group, transaction)
            }
        case .writer(let writer):
            var more = true
            while more {
                let answers = Answers()
                do {
                    more = try await writer { transaction in
                        for _ in 0..<Self.groupsPerVisit {
                            let group = self.next()
                            if group.isEmpty { return false }
                            // The group before is answered as this one starts. The visit's last group is
                            // answered once the writer is handed back: a caller that then closes its
                            // store and opens the file again finds the writer done with it.
                            answers.give()
                            self.commitNow(group, transaction, into: answers)
                        }
                        return true
                    }
                } catch {
                    // The writer could not be reached at all: every waiting write fails with its error.
                    answers.give()
                    while case let group = next(), !group.isEmpty {
                        for job in group { job.finish(.failure(error)) }
                    }
                    return
                }
                answers.give()
            }
        }
    }

    /// The answers of the writes a visit to the writer committed, given in the visit's order.
    private final class Answers: @unchecked Sendable {
        // Touched by one visit on the writer thread, then by the drain task after the visit returned.
        private var items: [(job: Job, result: Result<Void, any Error>)] = []

        func add(_ job: Job, _ result: Result<Void, any Error>) { items.append((job, result)) }

        func give() {
            for item in items { item.job.finish(item.result) }
            items = []
        }
    }

    /// The next group to commit, taken from the waiting writes; empty (and no longer draining) when
    /// none waits.
    private func next() -> [Job] {
        state.withLock { state in
            guard let first = state.pending.first else {
                state.draining = false
                return []
            }
            let keyed = first.keys != nil
            var group: [Job] = []
            var rest: [Job] = []
            for job in state.pending {
                if group.count < maxGroup, (job.keys != nil) == keyed { group.append(job) } else { rest.append(job) }
            }
            state.pending = rest
            return group
        }
    }

    private func commit(_ group: [Job], _ transaction: Transaction) async {
        do {
            var keys: Set<String>? = []
            for job in group {
                guard let own = job.keys else {
                    keys = nil
                    break
                }
                keys?.formUnion(own)
            }
            let results = try await metrics.commit(writes: group.count) {
                try await transaction(keys.map { $0.sorted() }) { db in try Self.run(group, db) }
            }
            committed(group, results)
        } catch {
            if retriesEach(group, after: error) {
                for job in group { await commit([job], transaction) }
            }
        }
    }

    /// `commit` on the writer thread (`init(maxGroup:metrics:writer:)`); the answers go to `answers`.
    private func commitNow(_ group: [Job], _ transaction: WriterTransaction, into answers: Answers) {
        do {
            let results = try metrics.commitNow(writes: group.count) { try transaction { db in try Self.run(group, db) } }
            counted(group)
            for (job, result) in zip(group, results) { answers.add(job, result) }
        } catch {
            if retriesEach(group, after: error, failing: { answers.add($0, .failure($1)) }) {
                for job in group { commitNow([job], transaction, into: answers) }
            }
        }
    }

    /// A group whose commit failed: a write alone fails with the error (false); the writes of a
    /// larger group are each to be tried again alone (true).
    private func retriesEach(_ group: [Job], after error: any Error,
                             failing fail: (Job, any Error) -> Void = { $0.finish(.failure($1)) }) -> Bool {
        guard group.count > 1 else {
            fail(group[0], error)
            return false
        }
        metrics.retried(group.count)
        return true
    }

    /// The group's writes inside its transaction, each in its own savepoint.
    private static func run(_ group: [Job], _ db: any SQLSession) throws -> [Result<Void, any Error>] {
        var results: [Result<Void, any Error>] = []
        results.reserveCapacity(group.count)
        for job in group {
            let mark = db.tail?.mark
            try db.send("SAVEPOINT write")
            do {
                try job.run(db)
                // A statement the write sent without waiting fails this write, not the next.
                try db.flush()
                try db.send("RELEASE SAVEPOINT write")
                results.append(.success(()))
            } catch {
                // A failure that ended the transaction itself cannot be isolated here: the
                // rollback then throws, and the group is tried again write by write.
                try db.execute("ROLLBACK TO SAVEPOINT write")
                try db.execute("RELEASE SAVEPOINT write")
                if let mark { db.tail?.rollback(to: mark) }
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Answers a committed group's writes, each with its own result.
    private func committed(_ group: [Job], _ results: [Result<Void, any Error>]) {
        counted(group)
        for (job, result) in zip(group, results) { job.finish(result) }
    }

    private func counted(_ group: [Job]) {
        state.withLock {
            $0.commits += 1
            $0.writes += group.count
        }
    }
}
