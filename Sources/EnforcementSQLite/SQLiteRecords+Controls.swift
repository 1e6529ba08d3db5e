import EnforcementCore
import Foundation
import GRDB

/// Network asset control in SQLite: requests (with their control state), reminders, re-queries.
extension SQLiteRecords {
    func request(_ id: String) throws -> ControlRequest? {
        try requests(where: "id = ?", [id]).first
    }

    func requests(ofCase number: CaseNumber) throws -> [ControlRequest] {
        try requests(where: "case_number = ?", [number.description])
    }

    func requests(institution: String, after: Int64, unansweredOnly: Bool, limit: Int) throws -> [ControlRequest] {
        try requests(where: "institution = ? AND position > ?" + (unansweredOnly ? " AND status = 'pending'" : ""),
                     [institution, after], limit: limit)
    }

    func lastPosition() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM control_requests") ?? 0
    }

    func freezes(onAsset key: String) throws -> [ControlRequest] {
        try requests(where: "asset_key = ? AND action = 'freeze'", [key])
    }

    func requests(actingOn freezeID: String) throws -> [ControlRequest] {
        try requests(where: "freeze_id = ?", [freezeID])
    }

    func overdueRequests(at instant: Date, limit: Int) throws -> [ControlRequest] {
        try requests(where: "status = 'pending' AND overdue_reminded = 0 AND answer_due_ms < ?", [SQLiteStore.millis(instant)], limit: limit)
    }

    func activeFreezes(endingOnOrBefore day: CalendarDate, limit: Int) throws -> [ControlRequest] {
        // ISO dates compare as text.
        try requests(where: "control_status = 'active' AND control_end_on <= ?", [day.description], limit: limit)
    }

    func reminders(_ filter: ReminderFilter) throws -> [Reminder] {
        var conditions = ["sequence > ?"]
        var arguments: StatementArguments = [filter.after]
        if let court = filter.court {
            conditions.append("court = ?")
            _ = arguments.append(contentsOf: [court.value])
        }
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            _ = arguments.append(contentsOf: [number.description])
        }
        if let institution = filter.institution {
            conditions.append("institution = ?")
            _ = arguments.append(contentsOf: [institution])
        }
        _ = arguments.append(contentsOf: [filter.limit])
        let sql = "SELECT sequence, data FROM reminders WHERE \(conditions.joined(separator: " AND ")) ORDER BY sequence LIMIT ?"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var reminder = try JSONDecoder().decode(Reminder.self, from: Data((row["data"] as String).utf8))
            reminder.sequence = row["sequence"]
            return reminder
        }
    }

    func dueRequeries(on day: CalendarDate, limit: Int) throws -> [(caseNumber: CaseNumber, round: Int)] {
        try Row.fetchAll(db, sql: "SELECT case_number, round FROM requeries WHERE due_on <= ? ORDER BY due_on LIMIT ?",
                         arguments: [day.description, limit]).map { row in
            (try CaseNumber(parsing: row["case_number"] as String), row["round"])
        }
    }

    func insert(_ request: ControlRequest) throws -> ControlRequest {
        // The id is derived from the position, known only after the insert.
        try db.execute(
            sql: """
                INSERT INTO control_requests (id, case_number, institution, action, status, answer_due_ms, overdue_reminded, data)
                VALUES (?, ?, ?, ?, ?, 0, 0, '{}')
                """,
            arguments: [UUID().uuidString, request.caseNumber.description, request.institution, request.action.rawValue, request.status.rawValue])
        var stored = request
        stored.position = db.lastInsertedRowID
        stored.id = ControlRequest.id(position: stored.position)
        try save(stored)
        return stored
    }

    func update(_ request: ControlRequest) throws {
        try save(request)
        guard db.changesCount == 1 else {
            throw EnforcementError(.internalError, "request \(request.id) vanished during an update")
        }
    }

    func append(_ reminder: Reminder) throws -> Reminder {
        try db.execute(
            sql: "INSERT INTO reminders (case_number, court, institution, data) VALUES (?, ?, ?, ?)",
            arguments: [reminder.caseNumber.description, reminder.caseNumber.court.value, reminder.institution, try encode(reminder)])
        var stored = reminder
        stored.sequence = db.lastInsertedRowID
        return stored
    }

    func scheduleRequery(_ number: CaseNumber, round: Int?, on day: CalendarDate?) throws {
        if let round, let day {
            try db.execute(
                sql: """
                    INSERT INTO requeries (case_number, round, due_on) VALUES (?, ?, ?)
                    ON CONFLICT (case_number) DO UPDATE SET round = excluded.round, due_on = excluded.due_on
                    """,
                arguments: [number.description, round, day.description])
        } else {
            try db.execute(sql: "DELETE FROM requeries WHERE case_number = ?", arguments: [number.description])
        }
    }

    private func save(_ request: ControlRequest) throws {
        try db.execute(
            sql: """
                UPDATE control_requests SET id = ?, status = ?, answer_due_ms = ?, overdue_reminded = ?, asset_key = ?,
                    freeze_id = ?, control_status = ?, control_end_on = ?, data = ?
                WHERE position = ?
                """,
            arguments: [
                request.id, request.status.rawValue, SQLiteStore.millis(request.answerDueAt), request.overdueReminded,
                request.action == .freeze ? request.assetKey : nil, request.freezeRequestID,
                request.control?.status.rawValue, request.control?.endOn?.description, try encode(request), request.position,
            ])
    }

    private func requests(where condition: String, _ arguments: StatementArguments, limit: Int = -1) throws -> [ControlRequest] {
        try Row.fetchAll(
            db, sql: "SELECT position, data FROM control_requests WHERE \(condition) ORDER BY position LIMIT ?",
            arguments: arguments + [limit]
        ).map { row in
            var request = try JSONDecoder().decode(ControlRequest.self, from: Data((row["data"] as String).utf8))
            request.position = row["position"]
            return request
        }
    }
}
