import EnforcementCore
import Foundation

extension SQLRecords {
    func keptResponse(principal: String, requestID: String) throws -> String? {
        try SQLWrites.keptAnswer(db, principal: principal, requestID: requestID)?.json
    }

    func activity(after: Int64, limit: Int) throws -> [Activity] {
        try db.rows("SELECT sequence, at_ms, principal, action, subject FROM journal WHERE sequence > ? ORDER BY sequence LIMIT ?",
                    [after, Int64(max(0, limit))]).map { row in
            Activity(sequence: row["sequence"], at: Date(timeIntervalSince1970: Double(row["at_ms"] as Int64) / 1000),
                     principal: row["principal"], action: row["action"], subject: row["subject"])
        }
    }

    func lastJournalSequence() throws -> Int64 {
        try db.value(as: Int64.self, "SELECT COALESCE(MAX(sequence), 0) FROM journal") ?? 0
    }
}
