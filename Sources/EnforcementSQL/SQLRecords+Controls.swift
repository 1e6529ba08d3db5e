import EnforcementCore
import Foundation

/// Network asset control in SQL: requests (with their control state), reminders, re-queries.
extension SQLRecords {
    func request(_ id: String) throws -> ControlRequest? {
        try requests(where: "id = ?", [id]).first
    }

    func requests(ofCase number: CaseNumber) throws -> [ControlRequest] {
        try requests(where: "case_number = ?", [number.description])
    }

    func requests(institution: String, after: Int64, unansweredOnly: Bool, limit: Int) throws -> [ControlRequest] {
        try requests(where: "institution = ? AND feed_position > ?" + (unansweredOnly ? " AND status = 'pending'" : ""),
                     [institution, after], order: "feed_position", limit: limit)
    }

    func lastPosition() throws -> Int64 {
        try Feed.controlRequests.last(db)
    }

    func freezes(onAsset key: String) throws -> [ControlRequest] {
        try requests(where: "asset_key = ? AND action = 'freeze'", [key])
    }

    func requests(actingOn freezeID: String) throws -> [ControlRequest] {
        try requests(where: "freeze_id = ?", [freezeID])
    }

    func overdueRequests(at instant: Date, limit: Int) throws -> [ControlRequest] {
        try requests(where: "status = 'pending' AND overdue_reminded = 0 AND answer_due_ms < ?", [instant.epochMillis], limit: limit)
    }

    func activeFreezes(endingOnOrBefore day: CalendarDate, limit: Int) throws -> [ControlRequest] {
        // ISO dates compare as text.
        try requests(where: "control_status = 'active' AND control_end_on <= ?", [day.description], limit: limit)
    }

    func reminders(_ filter: ReminderFilter) throws -> [Reminder] {
        var conditions = ["sequence > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let court = filter.court {
            conditions.append("court = ?")
            arguments.append(contentsOf: [court.value])
        }
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            arguments.append(contentsOf: [number.description])
        }
        if let institution = filter.institution {
            conditions.append("institution = ?")
            arguments.append(contentsOf: [institution])
        }
        arguments.append(contentsOf: [filter.limit])
        let sql = "SELECT sequence, data FROM reminders WHERE \(conditions.joined(separator: " AND ")) ORDER BY sequence LIMIT ?"
        return try db.rows(sql, arguments).map { row in
            var reminder = try decode(Reminder.self, row["data"])
            reminder.sequence = row["sequence"]
            return reminder
        }
    }

    func dueRequeries(on day: CalendarDate, limit: Int) throws -> [(caseNumber: CaseNumber, round: Int)] {
        try db.rows("SELECT case_number, round FROM requeries WHERE due_on <= ? ORDER BY due_on LIMIT ?",
                         [day.description, limit]).map { row in
            (try CaseNumber(parsing: row["case_number"] as String), row["round"])
        }
    }

    func deductionsAwaitingReceipt(answeredBefore instant: Date, limit: Int) throws -> [ControlRequest] {
        try requests(where: "awaiting_receipt_ms IS NOT NULL AND awaiting_receipt_ms < ?", [instant.epochMillis], limit: limit)
    }

    func requests(_ filter: ControlLogFilter) throws -> [ControlRequest] {
        var conditions = ["position > ?", "served_ms >= ?", "served_ms < ?"]
        var arguments: [any SQLBindable] = [filter.after, filter.servedFrom.epochMillis, filter.servedBefore.epochMillis]
        if let court = filter.court {
            conditions.append("court = ?")
            arguments.append(court.value)
        }
        if let institution = filter.institution {
            conditions.append("institution = ?")
            arguments.append(institution)
        }
        return try requests(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func standingOrder(_ id: String) throws -> StandingFreezeOrder? {
        try standingOrders(where: "id = ?", [id]).first
    }

    func standingOrders(ofCase number: CaseNumber) throws -> [StandingFreezeOrder] {
        try standingOrders(where: "case_number = ?", [number.description])
    }

    func activeStandingOrders(after: Int64, limit: Int) throws -> [StandingFreezeOrder] {
        try standingOrders(where: "status = 'active' AND position > ?", [after], limit: limit)
    }

    func insert(_ order: StandingFreezeOrder) throws -> StandingFreezeOrder {
        var stored = order
        stored.position = try db.nextPosition("standing_orders", "position")
        stored.id = StandingFreezeOrder.id(position: stored.position)
        try db.execute("INSERT INTO standing_orders (position, id, case_number, status, data) VALUES (?, ?, ?, ?, ?)",
                       [stored.position, stored.id, order.caseNumber.description, order.status.rawValue, try encode(stored)])
        return stored
    }

    func update(_ order: StandingFreezeOrder) throws {
        try updateOne("UPDATE standing_orders SET id = ?, status = ?, data = ? WHERE position = ?",
                      [order.id, order.status.rawValue, try encode(order), order.position], "standing order \(order.id)")
    }

    private func standingOrders(where condition: String, _ arguments: [any SQLBindable], limit: Int = .max) throws -> [StandingFreezeOrder] {
        try db.rows("SELECT position, data FROM standing_orders WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit]).map { row in
            var order = try decode(StandingFreezeOrder.self, row["data"])
            order.position = row["position"]
            return order
        }
    }

    func insert(_ request: ControlRequest) throws -> ControlRequest {
        // The id is derived from the position, taken first so the row is inserted whole.
        var stored = request
        stored.position = try db.nextPosition("control_requests", "position")
        stored.id = ControlRequest.id(position: stored.position)
        try save(stored, isNew: true)
        // Its place in the institutions' feed is given as the write commits (`Feed`).
        if let tail = db.tail {
            tail.fed(.controlRequests)
        } else {
            stored.feedPosition = try Feed.controlRequests.placeNow(db, key: stored.position)
        }
        return stored
    }

    func update(_ request: ControlRequest) throws {
        try save(request, isNew: false)
    }

    func append(_ reminder: Reminder) throws -> Reminder {
        var stored = reminder
        stored.sequence = try insertReturning(
            "INSERT INTO reminders (case_number, court, institution, data) VALUES (?, ?, ?, ?) RETURNING sequence",
            [reminder.caseNumber.description, reminder.caseNumber.court.value, reminder.institution, try encode(reminder)])
        return stored
    }

    func scheduleRequery(_ number: CaseNumber, round: Int?, on day: CalendarDate?) throws {
        if let round, let day {
            try db.write("""
                    INSERT INTO requeries (case_number, round, due_on) VALUES (?, ?, ?)
                    ON CONFLICT (case_number) DO UPDATE SET round = excluded.round, due_on = excluded.due_on
                    """,
                [number.description, round, day.description])
        } else {
            try db.write("DELETE FROM requeries WHERE case_number = ?", [number.description])
        }
    }

    /// Writes the request's columns and payload, and its counters and watches (`isNew`: it has none
    /// kept yet, so none are read).
    private func save(_ request: ControlRequest, isNew: Bool) throws {
        let columns: [any SQLBindable] = [
            request.id, request.status.rawValue, request.answerDueAt.epochMillis, request.overdueReminded,
            request.action == .freeze ? request.assetKey : nil, request.freezeRequestID,
            request.control?.status.rawValue, request.control?.endOn?.description, request.caseNumber.court.value,
            request.servedAt.epochMillis, Self.awaitingReceipt(request)?.epochMillis, try encode(request),
        ]
        if isNew {
            // Not waited for: a failure (a position or id already taken) fails the write at its end.
            try db.write("""
                INSERT INTO control_requests (id, status, answer_due_ms, overdue_reminded, asset_key, freeze_id, control_status,
                    control_end_on, court, served_ms, awaiting_receipt_ms, data, position, case_number, institution, action)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, columns + [request.position, request.caseNumber.description, request.institution, request.action.rawValue])
        } else {
            try updateOne("""
                UPDATE control_requests SET id = ?, status = ?, answer_due_ms = ?, overdue_reminded = ?, asset_key = ?,
                    freeze_id = ?, control_status = ?, control_end_on = ?, court = ?, served_ms = ?, awaiting_receipt_ms = ?, data = ?
                WHERE position = ?
                """, columns + [request.position], "request \(request.id)")
        }
        try retally("control:\(request.id)", FigureTally.cells(ofControl: request), isNew: isNew)
        try rewatch("control:\(request.id)", SupervisionWatches.of(control: request), isNew: isNew)
    }

    /// A deduction whose money moved but has not arrived, and whose judge has not been reminded: since when.
    static func awaitingReceipt(_ request: ControlRequest) -> Date? {
        guard request.action == .deduct, request.receiptID == nil, request.receiptReminded != true,
              case .deduction(let moved, _, _)? = request.answer, moved.fen > 0 else { return nil }
        return request.answeredAt
    }

    private func requests(where condition: String, _ arguments: [any SQLBindable], order: String = "position",
                          limit: Int = .max) throws -> [ControlRequest] {
        try db.rows("SELECT position, feed_position, data FROM control_requests WHERE \(condition) ORDER BY \(order) LIMIT ?",
            arguments + [limit]
        ).map { row in
            var request = try decode(ControlRequest.self, row["data"])
            request.position = row["position"]
            let feed: Int64 = row["feed_position"]
            // 0: inserted by the transaction reading it, not yet placed.
            request.feedPosition = feed == 0 ? nil : feed
            return request
        }
    }
}
