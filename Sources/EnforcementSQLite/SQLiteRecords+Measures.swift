import EnforcementCore
import Foundation
import GRDB

/// Measures, the dishonest-list feed and its daily exports, access codes and lookup failures in SQLite.
extension SQLiteRecords {
    func measure(_ id: String) throws -> Measure? {
        try measureRows(where: "id = ?", [id]).first
    }

    func list(_ filter: MeasureFilter) throws -> [Measure] {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            _ = arguments.append(contentsOf: [number.description])
        }
        if let court = filter.court {
            conditions.append("court = ?")
            _ = arguments.append(contentsOf: [court.value])
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            _ = arguments.append(contentsOf: [kind.rawValue])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if filter.removalDueOnly { conditions.append("removal_due IS NOT NULL AND status = 'in_force'") }
        return try measureRows(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func insert(_ measure: Measure) throws -> Measure {
        try db.execute(
            sql: "INSERT INTO measures (id, case_number, court, kind, status, data) VALUES (?, ?, ?, ?, ?, '{}')",
            arguments: [UUID().uuidString, measure.caseNumber.description, measure.caseNumber.court.value, measure.kind.rawValue, measure.status.rawValue])
        var stored = measure
        stored.position = db.lastInsertedRowID
        stored.id = "MS" + String(format: "%08lld", stored.position)
        try update(stored)
        return stored
    }

    func update(_ measure: Measure) throws {
        try db.execute(
            sql: "UPDATE measures SET id = ?, status = ?, removal_due = ?, data = ? WHERE position = ?",
            arguments: [measure.id, measure.status.rawValue, measure.removal?.dueOn.description, try encode(measure), measure.position])
        guard db.changesCount == 1 else { throw EnforcementError(.internalError, "measure \(measure.id) vanished during an update") }
    }

    private func measureRows(where condition: String, _ arguments: StatementArguments, limit: Int = -1) throws -> [Measure] {
        try Row.fetchAll(db, sql: "SELECT position, data FROM measures WHERE \(condition) ORDER BY position LIMIT ?",
                         arguments: arguments + [limit]).map { row in
            var measure = try JSONDecoder().decode(Measure.self, from: Data((row["data"] as String).utf8))
            measure.position = row["position"]
            return measure
        }
    }

    // MARK: Feed and exports

    func feed(after: Int64, limit: Int) throws -> [DishonestFeedEntry] {
        try Row.fetchAll(db, sql: "SELECT position, data FROM dishonest_feed WHERE position > ? ORDER BY position LIMIT ?",
                         arguments: [after, limit]).map { row in
            var entry = try JSONDecoder().decode(DishonestFeedEntry.self, from: Data((row["data"] as String).utf8))
            entry.position = row["position"]
            return entry
        }
    }

    func lastDishonestFeedPosition() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM dishonest_feed") ?? 0
    }

    func lastDishonestFeedPosition(before instant: Date) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM dishonest_feed WHERE at_ms < ?",
                           arguments: [SQLiteStore.millis(instant)]) ?? 0
    }

    func append(_ entry: DishonestFeedEntry) throws -> DishonestFeedEntry {
        // The position is the row id; the stored JSON carries it too, written in the same statement's transaction.
        let next = try lastDishonestFeedPosition() + 1
        var stored = entry
        stored.position = next
        try db.execute(sql: "INSERT INTO dishonest_feed (position, measure_id, change, at_ms, data) VALUES (?, ?, ?, ?, ?)",
                       arguments: [next, entry.record.measureID, entry.change.rawValue, SQLiteStore.millis(entry.at), try encode(stored)])
        return stored
    }

    func dailyExport(_ day: CalendarDate) throws -> DailyExport? {
        try String.fetchOne(db, sql: "SELECT data FROM dishonest_exports WHERE day = ?", arguments: [day.description])
            .map { try JSONDecoder().decode(DailyExport.self, from: Data($0.utf8)) }
    }

    func lastDailyExport() throws -> DailyExport? {
        try String.fetchOne(db, sql: "SELECT data FROM dishonest_exports ORDER BY day DESC LIMIT 1")
            .map { try JSONDecoder().decode(DailyExport.self, from: Data($0.utf8)) }
    }

    func insert(_ export: DailyExport) throws {
        try db.execute(sql: "INSERT INTO dishonest_exports (day, after_position, through_position, data) VALUES (?, ?, ?, ?)",
                       arguments: [export.day.description, export.afterPosition, export.throughPosition, try encode(export)])
    }

    // MARK: Disclosure

    func accessCodeHashes(of number: CaseNumber) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT party, code_hash FROM access_codes WHERE case_number = ?",
                                                          arguments: [number.description]).map { ($0["party"] as String, $0["code_hash"] as String) })
    }

    func setAccessCodeHash(_ hash: String, party: String, of number: CaseNumber, at: Date) throws {
        try db.execute(sql: """
            INSERT INTO access_codes (case_number, party, code_hash, issued_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (case_number, party) DO UPDATE SET code_hash = excluded.code_hash, issued_ms = excluded.issued_ms
            """, arguments: [number.description, party, hash, SQLiteStore.millis(at)])
    }

    func pruneIdempotency(principal: String, before: Date, limit: Int) throws {
        try db.execute(sql: """
            DELETE FROM idempotency WHERE rowid IN
                (SELECT rowid FROM idempotency WHERE principal = ? AND at_ms < ? ORDER BY at_ms LIMIT ?)
            """, arguments: [principal, SQLiteStore.millis(before), limit])
    }

    // MARK: Notifications

    func due(at instant: Date, limit: Int) throws -> [OutboxItem] {
        try outboxRows(where: "d.outbox_sequence IS NULL OR (d.status = 'pending' AND d.next_attempt_ms <= ?)", [SQLiteStore.millis(instant)], limit: limit)
    }

    func items(status: Delivery.Status?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxItem] {
        var conditions = ["o.sequence > ?"]
        var arguments: StatementArguments = [after]
        if let caseNumber {
            conditions.append("o.case_number = ?")
            _ = arguments.append(contentsOf: [caseNumber.description])
        }
        switch status {
        case .pending?: conditions.append("(d.outbox_sequence IS NULL OR d.status = 'pending')")
        case let status?:
            conditions.append("d.status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        case nil: break
        }
        return try outboxRows(where: conditions.joined(separator: " AND "), arguments, limit: limit)
    }

    func item(_ sequence: Int64) throws -> OutboxItem? {
        try outboxRows(where: "o.sequence = ?", [sequence], limit: 1).first
    }

    private func outboxRows(where condition: String, _ arguments: StatementArguments, limit: Int) throws -> [OutboxItem] {
        try Row.fetchAll(db, sql: """
            SELECT o.sequence, o.data AS message, d.data AS delivery FROM outbox o
            LEFT JOIN deliveries d ON d.outbox_sequence = o.sequence
            WHERE \(condition) ORDER BY o.sequence LIMIT ?
            """, arguments: arguments + [limit]).map { row in
            var message = try JSONDecoder().decode(OutboxMessage.self, from: Data((row["message"] as String).utf8))
            message.sequence = row["sequence"]
            let delivery = try (row["delivery"] as String?).map { try JSONDecoder().decode(Delivery.self, from: Data($0.utf8)) }
            return OutboxItem(message: message, delivery: delivery)
        }
    }

    func deliveryLog(outboxSequence: Int64?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [DeliveryAttempt] {
        var conditions = ["l.sequence > ?"]
        var arguments: StatementArguments = [after]
        if let outboxSequence {
            conditions.append("l.outbox_sequence = ?")
            _ = arguments.append(contentsOf: [outboxSequence])
        }
        if let caseNumber {
            conditions.append("o.case_number = ?")
            _ = arguments.append(contentsOf: [caseNumber.description])
        }
        return try Row.fetchAll(db, sql: """
            SELECT l.sequence, l.data FROM delivery_log l JOIN outbox o ON o.sequence = l.outbox_sequence
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY l.sequence LIMIT ?
            """, arguments: arguments + [limit]).map { row in
            var attempt = try JSONDecoder().decode(DeliveryAttempt.self, from: Data((row["data"] as String).utf8))
            attempt.sequence = row["sequence"]
            return attempt
        }
    }

    func save(_ delivery: Delivery) throws {
        try db.execute(sql: """
            INSERT INTO deliveries (outbox_sequence, status, next_attempt_ms, data) VALUES (?, ?, ?, ?)
            ON CONFLICT (outbox_sequence) DO UPDATE SET status = excluded.status, next_attempt_ms = excluded.next_attempt_ms, data = excluded.data
            """, arguments: [delivery.outboxSequence, delivery.status.rawValue, SQLiteStore.millis(delivery.nextAttemptAt), try encode(delivery)])
    }

    func append(_ attempt: DeliveryAttempt) throws -> DeliveryAttempt {
        try db.execute(sql: "INSERT INTO delivery_log (outbox_sequence, data) VALUES (?, ?)", arguments: [attempt.outboxSequence, try encode(attempt)])
        var stored = attempt
        stored.sequence = db.lastInsertedRowID
        return stored
    }

    func nodeEvents(after sequence: Int64, limit: Int) throws -> [NodeEvent] {
        try Row.fetchAll(db, sql: "SELECT sequence, data FROM node_events WHERE sequence > ? ORDER BY sequence LIMIT ?",
                         arguments: [sequence, limit]).map { row in
            var event = try JSONDecoder().decode(NodeEvent.self, from: Data((row["data"] as String).utf8))
            event.sequence = row["sequence"]
            return event
        }
    }

    func nodeNotifierCursor() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT last FROM counters WHERE name = 'node_notifier'") ?? 0
    }

    func setNodeNotifierCursor(_ sequence: Int64) throws {
        try db.execute(sql: "INSERT INTO counters (name, last) VALUES ('node_notifier', ?) ON CONFLICT (name) DO UPDATE SET last = excluded.last",
                       arguments: [sequence])
    }
}
