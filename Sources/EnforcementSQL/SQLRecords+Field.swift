import EnforcementCore
import Foundation

/// Field records in SQL: the record whole in `field_records`, and a row per declared file in
/// `field_evidence` (found by case and hash; its `received_ms` is when the whole file arrived).
extension SQLRecords {
    func fieldRecord(_ id: String) throws -> FieldRecord? {
        try fieldRecords(where: "id = ?", [id], limit: 1).first
    }

    func fieldRecords(ofCase number: CaseNumber, after: Int64, limit: Int) throws -> [FieldRecord] {
        try fieldRecords(where: "case_number = ? AND position > ?", [number.description, after], limit: limit)
    }

    func evidence(ofCase number: CaseNumber, sha256: String) throws -> [EvidenceFile] {
        try db.rows("SELECT sha256, size, media_type, name, received_ms FROM field_evidence WHERE case_number = ? AND sha256 = ? ORDER BY position",
                    [number.description, sha256]).map(Self.evidenceFile)
    }

    func receivedEvidence(court: CourtCode?, after: Int64, limit: Int) throws -> [(position: Int64, caseNumber: CaseNumber, file: EvidenceFile)] {
        var sql = "SELECT position, case_number, sha256, size, media_type, name, received_ms FROM field_evidence WHERE received_ms IS NOT NULL AND position > ?"
        var arguments: [any SQLBindable] = [after]
        if let court {
            sql += " AND court = ?"
            arguments.append(court.value)
        }
        return try db.rows(sql + " ORDER BY position LIMIT ?", arguments + [limit]).map { row in
            (row["position"], try CaseNumber(parsing: row["case_number"] as String), Self.evidenceFile(row))
        }
    }

    func insert(_ record: FieldRecord) throws -> FieldRecord {
        var stored = record
        // The evidence's arrival lives in its own rows; the record's payload keeps what the device said.
        let declared = record.evidence.map { file in var file = file; file.receivedAt = nil; return file }
        stored.evidence = declared
        stored.position = try db.nextPosition("field_records", "position")
        stored.id = FieldRecord.id(position: stored.position)
        try db.execute(
            "INSERT INTO field_records (position, id, case_number, court, kind, received_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [stored.position, stored.id, record.caseNumber.description, record.caseNumber.court.value, record.kind.rawValue,
             record.receivedAt.epochMillis, try encode(stored)])
        for file in declared {
            // A file the same bytes of which some record of the case already brought counts at once.
            let received = try db.value(as: Int64.self, "SELECT MIN(received_ms) FROM field_evidence WHERE case_number = ? AND sha256 = ?",
                                        [record.caseNumber.description, file.sha256])
            try db.write("""
                INSERT INTO field_evidence (record_position, case_number, court, sha256, size, media_type, name, received_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [stored.position, record.caseNumber.description, record.caseNumber.court.value, file.sha256, file.size, file.mediaType,
                      file.name, received])
        }
        return try fieldRecord(stored.id) ?? stored
    }

    func markReceived(ofCase number: CaseNumber, sha256: String, at instant: Date) throws {
        try db.write("UPDATE field_evidence SET received_ms = ? WHERE case_number = ? AND sha256 = ? AND received_ms IS NULL",
                     [instant.epochMillis, number.description, sha256])
    }

    private func fieldRecords(where condition: String, _ arguments: [any SQLBindable], limit: Int) throws -> [FieldRecord] {
        try db.rows("SELECT position, data FROM field_records WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit]).map { row in
            var record = try decode(FieldRecord.self, row["data"])
            record.position = row["position"]
            let received = Dictionary(
                try db.rows("SELECT sha256, received_ms FROM field_evidence WHERE record_position = ?", [record.position])
                    .map { ($0["sha256"] as String, $0["received_ms"] as Int64?) }, uniquingKeysWith: { first, _ in first })
            for index in record.evidence.indices {
                record.evidence[index].receivedAt = (received[record.evidence[index].sha256] ?? nil).map(Date.init(epochMillis:))
            }
            return record
        }
    }

    private static func evidenceFile(_ row: SQLRow) -> EvidenceFile {
        EvidenceFile(sha256: row["sha256"], size: row["size"], mediaType: row["media_type"], name: row["name"],
                     receivedAt: (row["received_ms"] as Int64?).map(Date.init(epochMillis:)))
    }
}
