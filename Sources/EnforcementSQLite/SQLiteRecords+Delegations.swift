import EnforcementCore
import Foundation
import GRDB

/// Delegated tasks in SQLite: one row per task, with its feed position for the receiver's stream.
extension SQLiteRecords {
    func task(_ id: String) throws -> DelegationTask? {
        try tasks(where: "id = ?", [id]).first
    }

    func list(_ filter: DelegationFilter) throws -> [DelegationTask] {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [filter.after]
        if let court = filter.court {
            conditions.append("(sender = ? OR receiver = ?)")
            _ = arguments.append(contentsOf: [court.value, court.value])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let from = filter.sentFrom {
            conditions.append("sent_ms >= ?")
            _ = arguments.append(contentsOf: [SQLiteStore.millis(from)])
        }
        if let before = filter.sentBefore {
            conditions.append("sent_ms < ?")
            _ = arguments.append(contentsOf: [SQLiteStore.millis(before)])
        }
        return try tasks(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func list(addressedTo receiver: CourtCode, after: Int64, limit: Int) throws -> [DelegationTask] {
        try tasks(where: "receiver = ? AND feed_position > ?", [receiver.value, after], order: "feed_position", limit: limit)
    }

    func lastDelegationFeedPosition() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT last FROM counters WHERE name = 'delegation_feed'") ?? 0
    }

    func insert(_ task: DelegationTask) throws -> DelegationTask {
        try db.execute(
            sql: "INSERT INTO delegations (id, sender, receiver, status, sent_ms, feed_position, data) VALUES (?, ?, ?, ?, ?, 0, '{}')",
            arguments: [UUID().uuidString, task.sender.value, task.receiver.value, task.status.rawValue, SQLiteStore.millis(task.sentAt)])
        var stored = task
        stored.position = db.lastInsertedRowID
        stored.id = DelegationTask.id(position: stored.position)
        return try update(stored, readdressed: true)
    }

    func update(_ task: DelegationTask, readdressed: Bool) throws -> DelegationTask {
        var stored = task
        if readdressed {
            try db.execute(sql: """
                INSERT INTO counters (name, last) VALUES ('delegation_feed', 1)
                ON CONFLICT (name) DO UPDATE SET last = last + 1
                """)
            stored.feedPosition = try Int64.fetchOne(db, sql: "SELECT last FROM counters WHERE name = 'delegation_feed'")!
        }
        try db.execute(
            sql: "UPDATE delegations SET id = ?, receiver = ?, status = ?, feed_position = ?, data = ? WHERE position = ?",
            arguments: [stored.id, stored.receiver.value, stored.status.rawValue, stored.feedPosition, try encode(stored), stored.position])
        guard db.changesCount == 1 else { throw EnforcementError(.internalError, "task \(task.id) vanished during an update") }
        return stored
    }

    private func tasks(where condition: String, _ arguments: StatementArguments, order: String = "position", limit: Int = -1) throws -> [DelegationTask] {
        try Row.fetchAll(db, sql: "SELECT position, feed_position, data FROM delegations WHERE \(condition) ORDER BY \(order) LIMIT ?",
                         arguments: arguments + [limit]).map { row in
            var task = try JSONDecoder().decode(DelegationTask.self, from: Data((row["data"] as String).utf8))
            task.position = row["position"]
            task.feedPosition = row["feed_position"]
            return task
        }
    }
}
