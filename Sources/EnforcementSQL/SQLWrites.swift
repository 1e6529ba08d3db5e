public import EnforcementCore
public import Foundation

/// What every write does around its body, the same in both stores: the idempotency check, the
/// stored answer and the journal entry, inside the transaction (or savepoint) the store opened.
public enum SQLWrites {
    /// One write inside the current transaction: the idempotency check, the body, the stored
    /// answer (in the wire format when the RPC gave its encoder, see `WireAnswer`) and the journal entry.
    public static func perform<Response: Codable & Sendable>(
        _ db: any SQLSession, _ context: WriteContext, _ wire: WireAnswer?,
        _ body: (any StoreTransaction) throws -> (response: Response, subject: String)
    ) throws -> Response {
        let principal = context.caller.principal.uri
        if let row = try db.row(
            "SELECT request_hash, response, answer FROM idempotency WHERE principal = ? AND request_id = ?", [principal, context.requestID])
        {
            guard row["request_hash"] as String == context.requestHash else {
                throw EnforcementError(
                    .alreadyExists, field: "request_id",
                    "request id \(context.requestID) was already used with a different request", reason: "REQUEST_ID_REUSED")
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
        let (response, subject) = try body(SQLTransaction(db))
        let answer = try wire?.encode(response)
        // With the wire answer kept, `response` is empty: the bytes alone are the answer.
        let encoded = answer == nil ? String(decoding: try JSONEncoder().encode(response), as: UTF8.self) : ""
        try db.write(
            "INSERT INTO idempotency (principal, request_id, request_hash, response, answer, at_ms) VALUES (?, ?, ?, ?, ?, ?)",
            [principal, context.requestID, context.requestHash, encoded, answer, context.at.epochMillis])
        // The entry is chained at the transaction's end (`WriteTail`), or here without a tail.
        if let tail = db.tail {
            tail.appendJournal(context, subject: subject)
        } else {
            try appendJournal(db, [(context, subject)])
        }
        return response
    }

    /// Appends entries to the hash chain, after the last entry, in the order given (at most 50 rows
    /// a statement).
    static func appendJournal(_ db: any SQLSession, _ writes: [(context: WriteContext, subject: String)]) throws {
        let last = try db.row("SELECT sequence, hash FROM journal ORDER BY sequence DESC LIMIT 1")
        var sequence: Int64 = last?["sequence"] ?? 0
        var previous: String = last?["hash"] ?? JournalEntry.genesisHash
        let entries = writes.map { context, subject in
            sequence += 1
            let entry = JournalEntry(
                sequence: sequence, at: context.at, principal: context.caller.principal.uri,
                user: context.caller.user?.id, action: context.action, requestID: context.requestID, subject: subject,
                payload: context.payload, previousHash: previous, userName: context.caller.user?.name)
            previous = entry.hash
            return entry
        }
        for start in stride(from: 0, to: entries.count, by: 50) {
            let slice = entries[start..<min(start + 50, entries.count)]
            try db.write(
                """
                INSERT INTO journal (sequence, at_ms, principal, "user", user_name, action, request_id, subject, payload, previous_hash, hash)
                VALUES \(repeatElement("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: slice.count).joined(separator: ", "))
                """,
                slice.flatMap { entry -> [any SQLBindable] in
                    [
                        entry.sequence, entry.at.epochMillis, entry.principal, entry.user, entry.userName, entry.action, entry.requestID,
                        entry.subject, entry.payload, entry.previousHash, entry.hash,
                    ]
                })
        }
    }

    /// Rewrites the one heartbeat row (see `EnforcementStore.checkWritable`).
    public static func heartbeat(_ db: any SQLSession, at instant: Date) throws {
        try db.execute("INSERT INTO store_heartbeat (id, at_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms",
                       [Int64((instant.timeIntervalSince1970 * 1_000).rounded())])
    }

    public static func journalEntries(_ db: any SQLSession, after: Int64, limit: Int) throws -> [JournalEntry] {
        try db.rows("SELECT * FROM journal WHERE sequence > ? ORDER BY sequence LIMIT ?", [after, limit]).map { row in
            var entry = JournalEntry(
                sequence: row["sequence"], at: Date(timeIntervalSince1970: Double(row["at_ms"] as Int64) / 1000),
                principal: row["principal"], user: row["user"], action: row["action"], requestID: row["request_id"],
                subject: row["subject"], payload: row["payload"], previousHash: row["previous_hash"], userName: row["user_name"])
            entry.hash = row["hash"]
            return entry
        }
    }

    /// The kept answer of (principal, request id): the response message's bytes (`wire`), or for
    /// writes without an RPC encoder and rows from before wire answers, the domain JSON.
    public static func keptAnswer(_ db: any SQLSession, principal: String, requestID: String) throws -> (json: String?, wire: Data?)? {
        try db.row("SELECT response, answer FROM idempotency WHERE principal = ? AND request_id = ?", [principal, requestID]).map { row in
            let json: String = row["response"]
            return (json.isEmpty ? nil : json, row["answer"])
        }
    }
}
