public import EnforcementCore
import Foundation

/// One write transaction: every aggregate's writer, over the same connection.
public struct SQLTransaction: StoreTransaction {
    let records: SQLRecords

    public init(_ session: any SQLSession) { records = SQLRecords(db: session) }

    public var cases: any CaseWriter { records }
    public var controls: any ControlWriter { records }
    public var ledger: any LedgerWriter { records }
    public var measures: any MeasureWriter { records }
    public var delegations: any DelegationWriter { records }
    public var outbox: any OutboxWriter { records }
    public var fields: any FieldWriter { records }
    public var figures: any FigureWriter { records }
    public var campaigns: any CampaignWriter { records }
    public var supervision: any SupervisionWriter { records }
    public var idempotency: any IdempotencyWriter { records }
}

/// One read snapshot: every aggregate's reader.
public struct SQLSnapshot: StoreSnapshot {
    let records: SQLRecords

    public init(_ session: any SQLSession) { records = SQLRecords(db: session) }

    public var cases: any CaseReader { records }
    public var controls: any ControlReader { records }
    public var ledger: any LedgerReader { records }
    public var measures: any MeasureReader { records }
    public var delegations: any DelegationReader { records }
    public var outbox: any OutboxReader { records }
    public var fields: any FieldReader { records }
    public var figures: any FigureReader { records }
    public var campaigns: any CampaignReader { records }
    public var supervision: any SupervisionReader { records }
    public var audit: any AuditReader { records }
}

/// The tables of every aggregate, seen through one session inside `write`/`read` (the
/// per-aggregate files extend it). The SQL is the same for SQLite and PostgreSQL: `?` placeholders,
/// `RETURNING` for generated positions, counters taken inside the transaction for numbers that
/// must be gapless or known before the insert.
struct SQLRecords: CaseWriter, ControlWriter, LedgerWriter, MeasureWriter, DelegationWriter, OutboxWriter, FieldWriter, FigureWriter, CampaignWriter, SupervisionWriter, IdempotencyWriter, AuditReader {
    let db: any SQLSession

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    func record(_ number: CaseNumber) throws -> EnforcementCase? {
        try db.value(as: String.self, "SELECT data FROM cases WHERE number = ?", [number.description])
            .map { try decodeCase(number.description, $0) }
    }

    func list(matching filter: CaseFilter, after: Int64, limit: Int) throws -> [(position: Int64, record: EnforcementCase)] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [after]
        if let court = filter.court {
            conditions.append("court = ?")
            arguments.append(contentsOf: [court.value])
        }
        if let judge = filter.handlingJudge {
            conditions.append("handling_judge = ?")
            arguments.append(contentsOf: [judge])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if let today = filter.overdueAsOf {
            // due_on is set only for pending cases; ISO dates compare as text.
            conditions.append("due_on IS NOT NULL AND due_on < ?")
            arguments.append(contentsOf: [today.description])
        }
        if let type = filter.type {
            conditions.append("case_type = ?")
            arguments.append(type.rawValue)
        }
        for (column, operation, day) in [("filed_on", ">=", filter.filedFrom), ("filed_on", "<=", filter.filedTo),
                                          ("closed_on", ">=", filter.closedFrom), ("closed_on", "<=", filter.closedTo)] {
            guard let day else { continue }
            conditions.append("\(column) \(operation) ?")
            arguments.append(day.description)
        }
        if let mode = filter.closingMode {
            conditions.append("closing_mode = ?")
            arguments.append(mode.rawValue)
        }
        if filter.unclosed { conditions.append("status <> 'closed'") }
        arguments.append(contentsOf: [limit])
        let sql = "SELECT position, number, data FROM cases WHERE \(conditions.joined(separator: " AND ")) ORDER BY position LIMIT ?"
        return try db.rows(sql, arguments).map { row in
            (row["position"], try decodeCase(row["number"], row["data"]))
        }
    }

    func nodeEvents(of number: CaseNumber) throws -> [NodeEvent] {
        try nodeEvents(where: "case_number = ?", [number.description], order: "sequence")
    }

    /// Node events matching `condition`, read whole, with their key and feed position.
    func nodeEvents(where condition: String, _ arguments: [any SQLBindable], order: String, limit: Int = .max) throws -> [NodeEvent] {
        try db.rows("SELECT sequence, feed_position, data FROM node_events WHERE \(condition) ORDER BY \(order) LIMIT ?",
                    arguments + [limit]).map { row in
            var event = try decode(NodeEvent.self, row["data"])
            event.sequence = row["sequence"]
            let feed: Int64 = row["feed_position"]
            // 0: inserted by the transaction reading it, not yet placed.
            event.feedPosition = feed == 0 ? nil : feed
            return event
        }
    }

    func nextSequence(year: Int, court: CourtCode, type: CaseType) throws -> Int {
        try db.value(as: Int.self, """
            INSERT INTO case_sequences (year, court, type, last) VALUES (?, ?, ?, 1)
            ON CONFLICT (year, court, type) DO UPDATE SET last = case_sequences.last + 1 RETURNING last
            """, [year, court.value, type.rawValue])!
    }

    func insert(_ record: EnforcementCase) throws {
        try db.write(
            """
            INSERT INTO cases (number, court, handling_judge, status, due_on, data, filed_on, closed_on, case_type, closing_mode)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.number.description, record.court.value, record.handlingJudge, record.status.rawValue,
                record.dueOn(asOf: record.filedOn)?.description, try encode(record),
            ] + Self.caseFilterColumns(record))
        try retally("case:\(record.number)", FigureTally.cells(ofCase: record), isNew: true)
        try rewatch("case:\(record.number)", SupervisionWatches.of(case: record), isNew: true)
    }

    func update(_ record: EnforcementCase) throws {
        try updateOne(
            """
            UPDATE cases SET handling_judge = ?, status = ?, due_on = ?, data = ?, filed_on = ?, closed_on = ?, case_type = ?, closing_mode = ?
            WHERE number = ?
            """,
            [
                record.handlingJudge, record.status.rawValue, record.dueOn(asOf: record.filedOn)?.description, try encode(record),
            ] + Self.caseFilterColumns(record) + [record.number.description], "case \(record.number)")
        try retally("case:\(record.number)", FigureTally.cells(ofCase: record))
        try rewatch("case:\(record.number)", SupervisionWatches.of(case: record))
    }

    func append(_ event: NodeEvent) throws -> NodeEvent {
        var stored = event
        stored.sequence = try insertReturning(
            "INSERT INTO node_events (case_number, data) VALUES (?, ?) RETURNING sequence", [event.caseNumber.description, try encode(event)])
        // Its place in the readers' feed is given as the write commits (`Feed`).
        if let tail = db.tail {
            tail.fed(.nodeEvents)
        } else {
            stored.feedPosition = try Feed.nodeEvents.placeNow(db, key: stored.sequence)
        }
        try watchNode(stored)
        return stored
    }

    // MARK: Shared by every aggregate

    /// The version of the records' JSON payloads this code writes. Each payload starts with it
    /// (`{"_v":1,…}`; payloads from before versions have none and are version 1). Raise it when a
    /// record's shape changes in a way older code would misread, and teach `decode` the older shapes.
    static let payloadVersion = 1

    func encode(_ value: some Encodable) throws -> String {
        let json = String(decoding: try Self.encoder.encode(value), as: UTF8.self)
        guard json.hasPrefix("{") else { return json }
        return "{\"_v\":\(Self.payloadVersion)" + (json == "{}" ? "}" : "," + json.dropFirst())
    }

    func decode<Record: Decodable>(_ type: Record.Type, _ json: String) throws -> Record {
        let version = Self.version(of: json)
        // Another server sharing the database, already upgraded, wrote it: refuse rather than misread.
        guard version <= Self.payloadVersion else {
            throw EnforcementError(
                .failedPrecondition, "a stored \(Record.self) has payload version \(version); this server reads up to \(Self.payloadVersion): upgrade it")
        }
        return try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// The payload's version: the number after a leading `{"_v":`, else 1.
    static func version(of json: String) -> Int {
        let prefix = #"{"_v":"#
        guard json.hasPrefix(prefix) else { return 1 }
        return Int(json.dropFirst(prefix.count).prefix(while: \.isNumber)) ?? 1
    }

    /// The cases read by number or listed, decoded once per payload (see `DecodedRecords`): about
    /// 4,000 cases' worth, and never more than 32 MiB of payload.
    static let decodedCases = DecodedRecords<EnforcementCase>(limit: 4_096, byteLimit: 32 << 20)

    func decodeCase(_ number: String, _ json: String) throws -> EnforcementCase {
        try Self.decodedCases.record(number, json) { try decode(EnforcementCase.self, $0) }
    }

    /// Runs an INSERT … RETURNING of one generated integer (a position or sequence).
    func insertReturning(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
        guard let value = try db.value(as: Int64.self, sql, arguments) else {
            throw EnforcementError(.internalError, "an insert returned no position")
        }
        return value
    }

    /// The next value of a named counter, starting at 1; taken inside the transaction, so a
    /// rolled-back write gives its number back and concurrent writers wait for each other.
    func nextCounter(_ name: String) throws -> Int64 {
        try insertReturning("""
            INSERT INTO counters (name, last) VALUES (?, 1)
            ON CONFLICT (name) DO UPDATE SET last = counters.last + 1 RETURNING last
            """, [name])
    }

    /// Runs an UPDATE that must change exactly one row.
    func updateOne(_ sql: String, _ arguments: [any SQLBindable], _ what: @autoclosure () -> String) throws {
        guard try db.execute(sql, arguments) == 1 else {
            throw EnforcementError(.internalError, "\(what()) vanished during an update")
        }
    }
}
