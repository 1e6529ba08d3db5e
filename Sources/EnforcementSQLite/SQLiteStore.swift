public import CoreMetrics
public import EnforcementCore
public import Foundation
import EnforcementSQL
import GRDB

/// The default store: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged
/// write survives `kill -9` and power loss. Every write holds the change, its journal entry and
/// its idempotency record together: alone in its transaction, or (group commit) in its own
/// savepoint of a commit it shares with the writes that arrived beside it.
public final class SQLiteStore: EnforcementStore {
    private let writer: any DatabaseWriter
    private let committer: GroupCommitter?
    private let metrics: StoreMetrics

    /// Opens (creating if needed) the database file and migrates it; with `migrate: false` the
    /// file must exist and is only read (for `audit verify`). With `groupCommit` (the default),
    /// writes that arrive while a commit is in flight share the next commit (see `GroupCommitter`).
    public init(path: String, migrate: Bool = true, groupCommit: Bool = true, metrics: any MetricsFactory = NOOPMetricsHandler.instance) throws {
        guard migrate || FileManager.default.fileExists(atPath: path) else {
            throw EnforcementError(.notFound, field: "database", "no database file at \(path)")
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        // A file that is there must be this platform's database, looked at read-only first: never
        // migrate a stranger's tables or build a fresh schema over what could not be read.
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
            var look = Configuration()
            look.readonly = true
            // Another connection may hold the file a moment (the last one of a closing store checkpoints
            // under an exclusive lock): waited for, like the writes, rather than called unreadable.
            look.busyMode = .timeout(10)
            do {
                let tables = try DatabaseQueue(path: path, configuration: look).read { db in
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                if !tables.isEmpty, !tables.contains("grdb_migrations") {
                    throw Self.unreadable(path, "it holds tables (\(tables.prefix(3).joined(separator: ", ")), …) but none of this platform's")
                }
            } catch let error as DatabaseError {
                throw Self.unreadable(path, "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")")
            }
        }
        writer = try DatabasePool(path: path, configuration: configuration)
        self.metrics = StoreMetrics(factory: metrics, store: "sqlite")
        committer = groupCommit ? Self.committer(writer, metrics: self.metrics) : nil
        if migrate {
            // On the writer, which then migrates: a reader connection opened before the migration
            // would keep statements prepared on the old schema (`SELECT *` then reads past the
            // columns it was prepared with).
            let unknown = try writer.writeWithoutTransaction { db in
                try Self.migrator.appliedIdentifiers(db).subtracting(Self.migrator.migrations).sorted()
            }
            guard unknown.isEmpty else { throw EnforcementError.databaseNewer(unknown) }
            try Self.migrator.migrate(writer)
        }
        // The writer's savepoints (one per write of a group commit) keep the pages they change in a
        // statement journal; past 64 KiB SQLite spills it to a temporary file, and then every write
        // paid two `pwrite` calls per page it touched on the one writer thread. In memory it holds at
        // most one write's pages. Set after migrating, whose index builds may sort more than memory
        // should hold; the readers keep the default too, for their sorts.
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
    }

    /// A database file that cannot be opened as this platform's: the server stops and says so.
    static func unreadable(_ path: String, _ why: String) -> EnforcementError {
        EnforcementError(.internalError, field: "database",
                         "\(path) is not a readable database of this platform (\(why)); it is left as it is: restore it from a backup, or move it away to start with an empty one",
                         reason: "DATABASE_UNREADABLE")
    }

    /// An empty in-memory database, for tests.
    public init(groupCommit: Bool = true) throws {
        writer = try DatabaseQueue()
        metrics = StoreMetrics(store: "sqlite")
        committer = groupCommit ? Self.committer(writer, metrics: metrics) : nil
        try Self.migrator.migrate(writer)
    }

    /// Commits made so far by group commit, and the writes they carried (for tests and the benchmark).
    public var groupCommitStatistics: (commits: Int, writes: Int)? { committer?.statistics }

    public func write<Response: Codable & Sendable>(
        _ context: WriteContext,
        _ body: @escaping @Sendable (any StoreTransaction) throws -> (response: Response, subject: String)
    ) async throws -> Response {
        // The RPC's encoder is read here, in the caller's task, and carried into the writer's queue.
        let wire = WireAnswer.current
        let attempt: @Sendable (any SQLSession) throws -> Response = { db in try SQLWrites.perform(db, context, wire, body) }
        return try await Self.reportingUnwritable {
            guard let committer else {
                return try await metrics.commit(writes: 1) { try await writer.write { db in try Self.transaction(db, attempt) } }
            }
            return try await committer.submit(attempt)
        }
    }

    /// Runs a write; a database that cannot be written now answers UNAVAILABLE (see `unwritable`).
    private static func reportingUnwritable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where unwritable(error) {
            throw unavailable(error)
        }
    }

    /// The failures of a database that cannot be written now — a full disk, an I/O error, a file
    /// made read-only or gone — as opposed to a write the database refused. Nothing of the write
    /// was kept (SQLite rolls the transaction back); it can be retried with the same request id.
    static func unwritable(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_NOMEM].contains(error.resultCode)
    }

    static func unavailable(_ error: DatabaseError) -> EnforcementError {
        EnforcementError(.unavailable, "the database cannot be written now (\(error.resultCode): \(error.message ?? "no detail")); nothing was written — retry later with the same request id",
                         reason: "STORE_UNWRITABLE")
    }

    private static func committer(_ writer: any DatabaseWriter, metrics: StoreMetrics) -> GroupCommitter {
        // One writer at a time (the keys are not needed), which commits group after group in one visit.
        GroupCommitter(metrics: metrics, writer: { visit in
            try await writer.writeWithoutTransaction { db in
                visit { body in
                    var results: [Result<Void, any Error>] = []
                    try db.inTransaction {
                        results = try transaction(db, body)
                        return .commit
                    }
                    return results
                }
            }
        })
    }

    /// One write transaction's bodies on the writer, then what they deferred to its end (`WriteTail`).
    private static func transaction<T>(_ db: Database, _ body: (any SQLSession) throws -> T) throws -> T {
        let session = GRDBSession(db: db, tail: WriteTail())
        let value = try body(session)
        try session.tail?.flush(session)
        return value
    }

    public func read<Value: Sendable>(_ body: @escaping @Sendable (any StoreSnapshot) throws -> Value) async throws -> Value {
        try await writer.read { db in try body(SQLSnapshot(GRDBSession(db: db))) }
    }

    /// Loads records in bulk for benchmarks: `body(tx, index)` for each index in `range`, in
    /// transactions of `batch` calls, with no journal entry and no idempotency record. Never on a
    /// deployment's database: what it writes is not in the journal.
    public func seedWithoutJournal(
        _ range: Range<Int>, batch: Int = 20_000, _ body: @escaping @Sendable (any StoreTransaction, Int) throws -> Void
    ) async throws {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
            let slice = start..<min(start + batch, range.upperBound)
            try await writer.write { db in
                // With a tail: the counters and feed positions are written once a batch.
                try Self.transaction(db) { session in
                    let tx = SQLTransaction(session)
                    for index in slice { try body(tx, index) }
                }
            }
        }
    }

    /// The kept answer of (principal, request id): the response message's bytes (`wire`), or for
    /// writes without an RPC encoder and rows from before wire answers, the domain JSON. For audits and tests.
    public func keptAnswer(principal: String, requestID: String) async throws -> (json: String?, wire: Data?)? {
        try await writer.read { db in try SQLWrites.keptAnswer(GRDBSession(db: db), principal: principal, requestID: requestID) }
    }

    public func checkWritable(at instant: Date) async throws {
        try await Self.reportingUnwritable { try await writer.write { db in try SQLWrites.heartbeat(GRDBSession(db: db), at: instant) } }
    }

    public func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry] {
        try await writer.read { db in try SQLWrites.journalEntries(GRDBSession(db: db), after: after, limit: limit) }
    }
}
