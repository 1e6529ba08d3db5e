public import EnforcementCore
public import Foundation
import GRDB

/// The default store: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged
/// write survives `kill -9` and power loss. Every write holds the change, its journal entry and
/// its idempotency record together: alone in its transaction, or (group commit) in its own
/// savepoint of a commit it shares with the writes that arrived beside it.
public final class SQLiteStore: EnforcementStore {
    private let writer: any DatabaseWriter
    private let committer: GroupCommitter?

    /// Opens (creating if needed) the database file and migrates it; with `migrate: false` the
    /// file must exist and is only read (for `audit verify`). With `groupCommit` (the default),
    /// writes that arrive while a commit is in flight share the next commit (see `GroupCommitter`).
    public init(path: String, migrate: Bool = true, groupCommit: Bool = true) throws {
        guard migrate || FileManager.default.fileExists(atPath: path) else {
            throw EnforcementError(.notFound, field: "database", "no database file at \(path)")
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        writer = try DatabasePool(path: path, configuration: configuration)
        committer = groupCommit ? GroupCommitter(writer: writer) : nil
        if migrate { try Self.migrator.migrate(writer) }
    }

    /// An empty in-memory database, for tests.
    public init(groupCommit: Bool = true) throws {
        writer = try DatabaseQueue()
        committer = groupCommit ? GroupCommitter(writer: writer) : nil
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
        let attempt: @Sendable (Database) throws -> Response = { db in try Self.perform(db, context, wire, body) }
        guard let committer else { return try await writer.write(attempt) }
        return try await committer.submit(attempt)
    }

    /// One write inside the current transaction: the idempotency check, the body, the stored
    /// answer (in the wire format when the RPC gave its encoder, see `WireAnswer`) and the journal entry.
    static func perform<Response: Codable & Sendable>(
        _ db: Database, _ context: WriteContext, _ wire: WireAnswer?,
        _ body: (any StoreTransaction) throws -> (response: Response, subject: String)
    ) throws -> Response {
        let principal = context.caller.principal.uri
        if let row = try Row.fetchOne(
            db, sql: "SELECT request_hash, response, answer FROM idempotency WHERE principal = ? AND request_id = ?",
            arguments: [principal, context.requestID])
        {
            guard row["request_hash"] as String == context.requestHash else {
                throw EnforcementError(
                    .alreadyExists, field: "request_id",
                    "request id \(context.requestID) was already used with a different request")
            }
            if let answer = row["answer"] as Data? {
                guard wire != nil else {
                    // Kept for an RPC; a caller inside the process cannot read it as a domain value.
                    throw EnforcementError(
                        .alreadyExists, field: "request_id", "request id \(context.requestID) was already answered over the API")
                }
                throw ReplayedWireAnswer(bytes: answer)
            }
            return try JSONDecoder().decode(Response.self, from: Data((row["response"] as String).utf8))
        }
        let (response, subject) = try body(SQLiteTransaction(db: db))
        let answer = try wire?.encode(response)
        // With the wire answer kept, `response` is empty: the bytes alone are the answer.
        let encoded = answer == nil ? String(decoding: try JSONEncoder().encode(response), as: UTF8.self) : ""
        try db.execute(
            sql: "INSERT INTO idempotency (principal, request_id, request_hash, response, answer, at_ms) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [principal, context.requestID, context.requestHash, encoded, answer, millis(context.at)])
        try appendJournal(db, context: context, subject: subject)
        return response
    }

    public func read<Value: Sendable>(_ body: @escaping @Sendable (any StoreSnapshot) throws -> Value) async throws -> Value {
        try await writer.read { db in try body(SQLiteSnapshot(db: db)) }
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
                let tx = SQLiteTransaction(db: db)
                for index in slice { try body(tx, index) }
            }
        }
    }

    /// The kept answer of (principal, request id): the response message's bytes (`wire`), or for
    /// writes without an RPC encoder and rows from before wire answers, the domain JSON. For audits and tests.
    public func keptAnswer(principal: String, requestID: String) async throws -> (json: String?, wire: Data?)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT response, answer FROM idempotency WHERE principal = ? AND request_id = ?",
                             arguments: [principal, requestID]).map { row in
                let json: String = row["response"]
                return (json.isEmpty ? nil : json, row["answer"])
            }
        }
    }

    public func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM journal WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [after, limit]
            ).map { row in
                var entry = JournalEntry(
                    sequence: row["sequence"], at: Date(timeIntervalSince1970: Double(row["at_ms"] as Int64) / 1000),
                    principal: row["principal"], user: row["user"], action: row["action"], requestID: row["request_id"],
                    subject: row["subject"], payload: row["payload"], previousHash: row["previous_hash"], userName: row["user_name"])
                entry.hash = row["hash"]
                return entry
            }
        }
    }

    static func appendJournal(_ db: Database, context: WriteContext, subject: String) throws {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1")
        let entry = JournalEntry(
            sequence: (last?["sequence"] as Int64? ?? 0) + 1, at: context.at, principal: context.caller.principal.uri,
            user: context.caller.user?.id, action: context.action, requestID: context.requestID, subject: subject,
            payload: context.payload, previousHash: last?["hash"] ?? JournalEntry.genesisHash, userName: context.caller.user?.name)
        try db.execute(
            sql: """
                INSERT INTO journal (sequence, at_ms, principal, user, user_name, action, request_id, subject, payload, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.sequence, millis(entry.at), entry.principal, entry.user, entry.userName, entry.action, entry.requestID,
                entry.subject, entry.payload, entry.previousHash, entry.hash,
            ])
    }

    static func millis(_ date: Date) -> Int64 { date.epochMillis }
}
