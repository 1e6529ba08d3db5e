import EnforcementCore
import Foundation

/// Measures, the dishonest-list feed and its daily exports, access codes and lookup failures in SQL.
extension SQLRecords {
    func measure(_ id: String) throws -> Measure? {
        try measureRows(where: "id = ?", [id]).first
    }

    func list(_ filter: MeasureFilter) throws -> [Measure] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            arguments.append(contentsOf: [number.description])
        }
        if let court = filter.court {
            conditions.append("court = ?")
            arguments.append(contentsOf: [court.value])
        }
        if let kind = filter.kind {
            conditions.append("kind = ?")
            arguments.append(contentsOf: [kind.rawValue])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if filter.removalDueOnly { conditions.append("removal_due IS NOT NULL AND status = 'in_force'") }
        return try measureRows(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func insert(_ measure: Measure) throws -> Measure {
        var stored = measure
        stored.position = try db.nextPosition("measures", "position")
        stored.id = "MS" + String(format: "%08lld", stored.position)
        try db.execute(
            "INSERT INTO measures (position, id, case_number, court, kind, status, removal_due, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [stored.position, stored.id, measure.caseNumber.description, measure.caseNumber.court.value, measure.kind.rawValue,
             measure.status.rawValue, measure.removal?.dueOn.description, try encode(stored)])
        try retally("measure:\(stored.id)", FigureTally.cells(ofMeasure: stored), isNew: true)
        try rewatch("measure:\(stored.id)", SupervisionWatches.of(measure: stored), isNew: true)
        return stored
    }

    func update(_ measure: Measure) throws {
        try updateOne(
            "UPDATE measures SET id = ?, status = ?, removal_due = ?, data = ? WHERE position = ?",
            [measure.id, measure.status.rawValue, measure.removal?.dueOn.description, try encode(measure), measure.position],
            "measure \(measure.id)")
        try retally("measure:\(measure.id)", FigureTally.cells(ofMeasure: measure))
        try rewatch("measure:\(measure.id)", SupervisionWatches.of(measure: measure))
    }

    private func measureRows(where condition: String, _ arguments: [any SQLBindable], limit: Int = .max) throws -> [Measure] {
        try db.rows("SELECT position, data FROM measures WHERE \(condition) ORDER BY position LIMIT ?",
                         arguments + [limit]).map { row in
            var measure = try decode(Measure.self, row["data"])
            measure.position = row["position"]
            return measure
        }
    }

    // MARK: Feed and exports

    func feed(after: Int64, limit: Int) throws -> [DishonestFeedEntry] {
        try db.rows("SELECT position, data FROM dishonest_feed WHERE position > ? ORDER BY position LIMIT ?",
                         [after, limit]).map { row in
            var entry = try decode(DishonestFeedEntry.self, row["data"])
            entry.position = row["position"]
            return entry
        }
    }

    func lastDishonestFeedPosition() throws -> Int64 {
        try db.value(as: Int64.self, "SELECT COALESCE(MAX(position), 0) FROM dishonest_feed") ?? 0
    }

    func lastDishonestFeedPosition(before instant: Date) throws -> Int64 {
        try db.value(as: Int64.self, "SELECT COALESCE(MAX(position), 0) FROM dishonest_feed WHERE at_ms < ?",
                           [instant.epochMillis]) ?? 0
    }

    func append(_ entry: DishonestFeedEntry) throws -> DishonestFeedEntry {
        // The position is the row id; the stored JSON carries it too, written in the same statement's transaction.
        let next = try lastDishonestFeedPosition() + 1
        var stored = entry
        stored.position = next
        try db.write("INSERT INTO dishonest_feed (position, measure_id, change, at_ms, data) VALUES (?, ?, ?, ?, ?)",
                     [next, entry.record.measureID, entry.change.rawValue, entry.at.epochMillis, try encode(stored)])
        return stored
    }

    func dailyExport(_ day: CalendarDate) throws -> DailyExport? {
        try db.value(as: String.self, "SELECT data FROM dishonest_exports WHERE day = ?", [day.description])
            .map { try decode(DailyExport.self, $0) }
    }

    func lastDailyExport() throws -> DailyExport? {
        try db.value(as: String.self, "SELECT data FROM dishonest_exports ORDER BY day DESC LIMIT 1")
            .map { try decode(DailyExport.self, $0) }
    }

    func insert(_ export: DailyExport) throws {
        try db.write("INSERT INTO dishonest_exports (day, after_position, through_position, data) VALUES (?, ?, ?, ?)",
                     [export.day.description, export.afterPosition, export.throughPosition, try encode(export)])
    }

    // MARK: Disclosure

    func accessCodeHashes(of number: CaseNumber) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try db.rows("SELECT party, code_hash FROM access_codes WHERE case_number = ?",
                                                          [number.description]).map { ($0["party"] as String, $0["code_hash"] as String) })
    }

    func setAccessCodeHash(_ hash: String, party: String, of number: CaseNumber, at: Date) throws {
        try db.write("""
            INSERT INTO access_codes (case_number, party, code_hash, issued_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (case_number, party) DO UPDATE SET code_hash = excluded.code_hash, issued_ms = excluded.issued_ms
            """, [number.description, party, hash, at.epochMillis])
    }

    func pruneIdempotency(principal: String, before: Date, limit: Int) throws {
        try db.write("""
            DELETE FROM idempotency WHERE principal = ? AND request_id IN
                (SELECT request_id FROM idempotency WHERE principal = ? AND at_ms < ? ORDER BY at_ms LIMIT ?)
            """, [principal, principal, before.epochMillis, limit])
    }

    // MARK: Notifications

    func due(at instant: Date, limit: Int) throws -> [OutboxItem] {
        try outboxRows(
            where: "(d.outbox_sequence IS NULL OR (d.status = 'pending' AND d.next_attempt_ms <= ?)) AND (o.lease_until_ms IS NULL OR o.lease_until_ms <= ?)",
            [instant.epochMillis, instant.epochMillis], limit: limit)
    }

    func items(status: Delivery.Status?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxItem] {
        var conditions = ["o.sequence > ?"]
        var arguments: [any SQLBindable] = [after]
        if let caseNumber {
            conditions.append("o.case_number = ?")
            arguments.append(contentsOf: [caseNumber.description])
        }
        switch status {
        case .pending?: conditions.append("(d.outbox_sequence IS NULL OR d.status = 'pending')")
        case let status?:
            conditions.append("d.status = ?")
            arguments.append(contentsOf: [status.rawValue])
        case nil: break
        }
        return try outboxRows(where: conditions.joined(separator: " AND "), arguments, limit: limit)
    }

    func item(_ sequence: Int64) throws -> OutboxItem? {
        try outboxRows(where: "o.sequence = ?", [sequence], limit: 1).first
    }

    private func outboxRows(where condition: String, _ arguments: [any SQLBindable], limit: Int) throws -> [OutboxItem] {
        try db.rows("""
            SELECT o.sequence, o.data AS message, d.data AS delivery FROM outbox o
            LEFT JOIN deliveries d ON d.outbox_sequence = o.sequence
            WHERE \(condition) ORDER BY o.sequence LIMIT ?
            """, arguments + [limit]).map { row in
            var message = try decode(OutboxMessage.self, row["message"])
            message.sequence = row["sequence"]
            let delivery = try (row["delivery"] as String?).map { try decode(Delivery.self, $0) }
            return OutboxItem(message: message, delivery: delivery)
        }
    }

    func deliveryLog(outboxSequence: Int64?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [DeliveryAttempt] {
        var conditions = ["l.sequence > ?"]
        var arguments: [any SQLBindable] = [after]
        if let outboxSequence {
            conditions.append("l.outbox_sequence = ?")
            arguments.append(contentsOf: [outboxSequence])
        }
        if let caseNumber {
            conditions.append("o.case_number = ?")
            arguments.append(contentsOf: [caseNumber.description])
        }
        return try db.rows("""
            SELECT l.sequence, l.data FROM delivery_log l JOIN outbox o ON o.sequence = l.outbox_sequence
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY l.sequence LIMIT ?
            """, arguments + [limit]).map { row in
            var attempt = try decode(DeliveryAttempt.self, row["data"])
            attempt.sequence = row["sequence"]
            return attempt
        }
    }

    func save(_ delivery: Delivery) throws {
        try db.write("""
            INSERT INTO deliveries (outbox_sequence, status, next_attempt_ms, data) VALUES (?, ?, ?, ?)
            ON CONFLICT (outbox_sequence) DO UPDATE SET status = excluded.status, next_attempt_ms = excluded.next_attempt_ms, data = excluded.data
            """, [delivery.outboxSequence, delivery.status.rawValue, delivery.nextAttemptAt.epochMillis, try encode(delivery)])
        try db.write("UPDATE outbox SET lease_owner = NULL, lease_until_ms = NULL WHERE sequence = ?", [delivery.outboxSequence])
    }

    func claim(_ sequence: Int64, owner: String, until: Date, at now: Date) throws -> Bool {
        try db.execute(
            "UPDATE outbox SET lease_owner = ?, lease_until_ms = ? WHERE sequence = ? AND (lease_until_ms IS NULL OR lease_until_ms <= ? OR lease_owner = ?)",
            [owner, until.epochMillis, sequence, now.epochMillis, owner]) == 1
    }

    func append(_ attempt: DeliveryAttempt) throws -> DeliveryAttempt {
        var stored = attempt
        stored.sequence = try insertReturning(
            "INSERT INTO delivery_log (outbox_sequence, data) VALUES (?, ?) RETURNING sequence", [attempt.outboxSequence, try encode(attempt)])
        return stored
    }

    func nodeEvents(after position: Int64, limit: Int) throws -> [NodeEvent] {
        try nodeEvents(where: "feed_position > ?", [position], order: "feed_position", limit: limit)
    }

    func nodeNotifierCursor() throws -> Int64 {
        try db.value(as: Int64.self, "SELECT last FROM counters WHERE name = 'node_notifier'") ?? 0
    }

    func setNodeNotifierCursor(_ sequence: Int64) throws {
        try db.write("INSERT INTO counters (name, last) VALUES ('node_notifier', ?) ON CONFLICT (name) DO UPDATE SET last = excluded.last",
                     [sequence])
    }
}
