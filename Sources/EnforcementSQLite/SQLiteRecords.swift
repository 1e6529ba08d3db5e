import EnforcementCore
import Foundation
import GRDB

/// One write transaction: every aggregate's writer, over the same connection.
struct SQLiteTransaction: StoreTransaction {
    let records: SQLiteRecords

    init(db: Database) { records = SQLiteRecords(db: db) }

    var cases: any CaseWriter { records }
    var controls: any ControlWriter { records }
    var ledger: any LedgerWriter { records }
    var measures: any MeasureWriter { records }
    var delegations: any DelegationWriter { records }
    var outbox: any OutboxWriter { records }
    var idempotency: any IdempotencyWriter { records }
}

/// One read snapshot: every aggregate's reader.
struct SQLiteSnapshot: StoreSnapshot {
    let records: SQLiteRecords

    init(db: Database) { records = SQLiteRecords(db: db) }

    var cases: any CaseReader { records }
    var controls: any ControlReader { records }
    var ledger: any LedgerReader { records }
    var measures: any MeasureReader { records }
    var delegations: any DelegationReader { records }
    var outbox: any OutboxReader { records }
}

/// The SQLite tables of every aggregate, seen through one connection inside `write`/`read` (the
/// per-aggregate files extend it).
struct SQLiteRecords: CaseWriter, ControlWriter, LedgerWriter, MeasureWriter, DelegationWriter, OutboxWriter, IdempotencyWriter {
    let db: Database

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    func record(_ number: CaseNumber) throws -> EnforcementCase? {
        try String.fetchOne(db, sql: "SELECT data FROM cases WHERE number = ?", arguments: [number.description])
            .map { try JSONDecoder().decode(EnforcementCase.self, from: Data($0.utf8)) }
    }

    func list(matching filter: CaseFilter, after: Int64, limit: Int) throws -> [(position: Int64, record: EnforcementCase)] {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [after]
        if let court = filter.court {
            conditions.append("court = ?")
            _ = arguments.append(contentsOf: [court.value])
        }
        if let judge = filter.handlingJudge {
            conditions.append("handling_judge = ?")
            _ = arguments.append(contentsOf: [judge])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let today = filter.overdueAsOf {
            // due_on is set only for pending cases; ISO dates compare as text.
            conditions.append("due_on IS NOT NULL AND due_on < ?")
            _ = arguments.append(contentsOf: [today.description])
        }
        _ = arguments.append(contentsOf: [limit])
        let sql = "SELECT position, data FROM cases WHERE \(conditions.joined(separator: " AND ")) ORDER BY position LIMIT ?"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            (row["position"], try JSONDecoder().decode(EnforcementCase.self, from: Data((row["data"] as String).utf8)))
        }
    }

    func nodeEvents(of number: CaseNumber) throws -> [NodeEvent] {
        try Row.fetchAll(db, sql: "SELECT sequence, data FROM node_events WHERE case_number = ? ORDER BY sequence",
                         arguments: [number.description]).map { row in
            var event = try JSONDecoder().decode(NodeEvent.self, from: Data((row["data"] as String).utf8))
            event.sequence = row["sequence"]
            return event
        }
    }

    func nextSequence(year: Int, court: CourtCode, type: CaseType) throws -> Int {
        try db.execute(
            sql: """
                INSERT INTO case_sequences (year, court, type, last) VALUES (?, ?, ?, 1)
                ON CONFLICT (year, court, type) DO UPDATE SET last = last + 1
                """,
            arguments: [year, court.value, type.rawValue])
        // The row was just written in this transaction.
        return try Int.fetchOne(
            db, sql: "SELECT last FROM case_sequences WHERE year = ? AND court = ? AND type = ?",
            arguments: [year, court.value, type.rawValue])!
    }

    func insert(_ record: EnforcementCase) throws {
        try db.execute(
            sql: "INSERT INTO cases (number, court, handling_judge, status, due_on, data) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                record.number.description, record.court.value, record.handlingJudge, record.status.rawValue,
                record.dueOn(asOf: record.filedOn)?.description, try encode(record),
            ])
    }

    func update(_ record: EnforcementCase) throws {
        try db.execute(
            sql: "UPDATE cases SET handling_judge = ?, status = ?, due_on = ?, data = ? WHERE number = ?",
            arguments: [
                record.handlingJudge, record.status.rawValue, record.dueOn(asOf: record.filedOn)?.description,
                try encode(record), record.number.description,
            ])
        guard db.changesCount == 1 else {
            throw EnforcementError(.internalError, "case \(record.number) vanished during an update")
        }
    }

    func append(_ event: NodeEvent) throws -> NodeEvent {
        try db.execute(
            sql: "INSERT INTO node_events (case_number, data) VALUES (?, ?)",
            arguments: [event.caseNumber.description, try encode(event)])
        var stored = event
        stored.sequence = db.lastInsertedRowID
        return stored
    }

    func encode(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }
}
