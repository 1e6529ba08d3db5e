import EnforcementCore
import Foundation

/// Delegated tasks in SQL: one row per task, with its feed position for the receiver's stream.
extension SQLRecords {
    func task(_ id: String) throws -> DelegationTask? {
        try tasks(where: "id = ?", [id]).first
    }

    func list(_ filter: DelegationFilter) throws -> [DelegationTask] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let court = filter.court {
            conditions.append("(sender = ? OR receiver = ?)")
            arguments.append(contentsOf: [court.value, court.value])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if let from = filter.sentFrom {
            conditions.append("sent_ms >= ?")
            arguments.append(contentsOf: [from.epochMillis])
        }
        if let before = filter.sentBefore {
            conditions.append("sent_ms < ?")
            arguments.append(contentsOf: [before.epochMillis])
        }
        return try tasks(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func list(addressedTo receiver: CourtCode, after: Int64, limit: Int) throws -> [DelegationTask] {
        try tasks(where: "receiver = ? AND feed_position > ?", [receiver.value, after], order: "feed_position", limit: limit)
    }

    func lastDelegationFeedPosition() throws -> Int64 {
        try db.value(as: Int64.self, "SELECT last FROM counters WHERE name = 'delegation_feed'") ?? 0
    }

    func insert(_ task: DelegationTask) throws -> DelegationTask {
        var stored = task
        stored.position = try db.nextPosition("delegations", "position")
        stored.id = DelegationTask.id(position: stored.position)
        stored.feedPosition = try nextCounter("delegation_feed")
        try db.execute(
            "INSERT INTO delegations (position, id, sender, receiver, status, sent_ms, feed_position, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [stored.position, stored.id, task.sender.value, task.receiver.value, task.status.rawValue, task.sentAt.epochMillis,
             stored.feedPosition, try encode(stored)])
        try retally("delegation:\(stored.id)", FigureTally.cells(ofDelegation: stored), isNew: true)
        try rewatch("delegation:\(stored.id)", SupervisionWatches.of(delegation: stored), isNew: true)
        return stored
    }

    func update(_ task: DelegationTask, readdressed: Bool) throws -> DelegationTask {
        var stored = task
        if readdressed { stored.feedPosition = try nextCounter("delegation_feed") }
        try updateOne(
            "UPDATE delegations SET id = ?, receiver = ?, status = ?, feed_position = ?, data = ? WHERE position = ?",
            [stored.id, stored.receiver.value, stored.status.rawValue, stored.feedPosition, try encode(stored), stored.position],
            "task \(task.id)")
        try retally("delegation:\(stored.id)", FigureTally.cells(ofDelegation: stored))
        try rewatch("delegation:\(stored.id)", SupervisionWatches.of(delegation: stored))
        return stored
    }

    private func tasks(where condition: String, _ arguments: [any SQLBindable], order: String = "position", limit: Int = .max) throws -> [DelegationTask] {
        try db.rows("SELECT position, feed_position, data FROM delegations WHERE \(condition) ORDER BY \(order) LIMIT ?",
                         arguments + [limit]).map { row in
            var task = try decode(DelegationTask.self, row["data"])
            task.position = row["position"]
            task.feedPosition = row["feed_position"]
            return task
        }
    }
}
