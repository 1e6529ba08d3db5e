public import EnforcementCore
import Foundation

/// The command centre's counters in SQL: `figures` holds the sum per (measure, court, day,
/// dimension, bucket); `figure_sources` holds what each record contributes now (its cells as JSON),
/// so a change subtracts the record's previous cells and adds its new ones in the same transaction
/// without decoding the previous record.
extension SQLRecords {
    // MARK: Keeping the counters

    /// Moves the counters from what `source` contributed to `cells`. `isNew`: the record was just
    /// inserted, so it contributed nothing yet (no read).
    func retally(_ source: String, _ cells: FigureTally.Cells, isNew: Bool = false) throws {
        let old: FigureTally.Cells
        if isNew {
            old = [:]
        } else if let text = try db.value(as: String.self, "SELECT cells FROM figure_sources WHERE source = ?", [source]) {
            old = try FigureTally.decode(text)
        } else {
            old = [:]
        }
        let delta = FigureTally.difference(from: old, to: cells)
        guard !delta.isEmpty else { return }
        // In key order, so concurrent transactions on PostgreSQL lock counter rows in one order.
        for (cell, value) in delta.sorted(by: { $0.key < $1.key }) {
            try db.execute("""
                INSERT INTO figures (measure, court, day, dimension, bucket, value) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (measure, court, day, dimension, bucket) DO UPDATE SET value = figures.value + excluded.value
                """, [cell.measure.rawValue, cell.court, cell.day.description, cell.dimension, cell.bucket, value])
        }
        if cells.isEmpty {
            try db.execute("DELETE FROM figure_sources WHERE source = ?", [source])
        } else {
            try db.execute("""
                INSERT INTO figure_sources (source, cells) VALUES (?, ?)
                ON CONFLICT (source) DO UPDATE SET cells = excluded.cells
                """, [source, FigureTally.encode(cells)])
        }
    }

    // MARK: FigureReader

    func sums(_ query: FigureQuery) throws -> [FigureSum] {
        guard !query.measures.isEmpty else { return [] }
        var conditions = ["measure IN (\(Array(repeating: "?", count: query.measures.count).joined(separator: ", ")))"]
        var arguments: [any SQLBindable] = query.measures.map(\.rawValue)
        if let court = query.court {
            conditions.append("court = ?")
            arguments.append(court.value)
        }
        if let from = query.from {
            conditions.append("day >= ?")
            arguments.append(from.description)
        }
        if let to = query.to {
            conditions.append("day <= ?")
            arguments.append(to.description)
        }
        var groups = ["measure"]
        if query.groupBy.contains(.court) { groups.append("court") }
        if query.groupBy.contains(.month) {
            groups.append("substr(day, 1, 7)")
        } else if query.groupBy.contains(.day) {
            groups.append("day")
        }
        if query.groupBy.contains(.dimension) { groups.append("dimension") }
        if query.groupBy.contains(.bucket) { groups.append("bucket") }
        let columns = groups.enumerated().map { "\($1) AS g\($0)" }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), CAST(SUM(value) AS BIGINT) AS total FROM figures WHERE \(conditions.joined(separator: " AND "))
            GROUP BY \(groups.joined(separator: ", ")) ORDER BY \(groups.joined(separator: ", "))
            """
        return try db.rows(sql, arguments).compactMap { row in
            guard let measure = FigureMeasure(rawValue: row["g0"] as String) else { return nil }
            var sum = FigureSum(measure: measure, value: row["total"])
            var index = 1
            func next<Value: SQLColumnDecodable>() -> Value { defer { index += 1 }; return row["g\(index)"] }
            if query.groupBy.contains(.court) { sum.court = next() as String }
            if query.groupBy.contains(.month) || query.groupBy.contains(.day) { sum.period = next() as String }
            if query.groupBy.contains(.dimension) { sum.dimension = next() as String }
            if query.groupBy.contains(.bucket) { sum.bucket = next() as Int }
            return sum
        }
    }

    func storedFigures() throws -> FigureTally.Cells {
        var cells: FigureTally.Cells = [:]
        for row in try db.rows("SELECT measure, court, day, dimension, bucket, value FROM figures WHERE value <> 0") {
            guard let measure = FigureMeasure(rawValue: row["measure"] as String),
                  let day = CalendarDate(stored: row["day"] as String) else {
                throw EnforcementError(.internalError, "a counter row has an unknown measure or a bad day: \(row.values)")
            }
            cells[FigureCell(measure, court: row["court"], day: day, dimension: row["dimension"], bucket: row["bucket"])] = row["value"]
        }
        return cells
    }

    func recomputedFigures() throws -> (cells: FigureTally.Cells, staleRecords: Int) {
        var total: FigureTally.Cells = [:]
        var stale = 0
        var sources = 0
        try forEachFigureSource { _, cells, kept in
            for (cell, value) in cells { total[cell, default: 0] += value }
            if !cells.isEmpty { sources += 1 }
            if cells != (try kept.map(FigureTally.decode) ?? [:]) { stale += 1 }
        }
        // Kept contributions of records that no longer exist count as stale too.
        let kept = try db.value(as: Int.self, "SELECT COUNT(*) FROM figure_sources") ?? 0
        stale += max(0, kept - sources)
        return (total.filter { $0.value != 0 }, stale)
    }

    func rebuildFigures() throws {
        try db.execute("DELETE FROM figures")
        try db.execute("DELETE FROM figure_sources")
        var total: FigureTally.Cells = [:]
        try forEachFigureSource { source, cells, _ in
            guard !cells.isEmpty else { return }
            for (cell, value) in cells { total[cell, default: 0] += value }
            try db.execute("INSERT INTO figure_sources (source, cells) VALUES (?, ?)", [source, FigureTally.encode(cells)])
        }
        for (cell, value) in total.sorted(by: { $0.key < $1.key }) where value != 0 {
            try db.execute("INSERT INTO figures (measure, court, day, dimension, bucket, value) VALUES (?, ?, ?, ?, ?, ?)",
                           [cell.measure.rawValue, cell.court, cell.day.description, cell.dimension, cell.bucket, value])
        }
    }

    /// Every record that contributes to the counters, page by page: its source key, its cells now
    /// and the cells kept for it.
    private func forEachFigureSource(_ body: (String, FigureTally.Cells, String?) throws -> Void) throws {
        func scan(_ table: String, key: String, prefix: String, _ cells: (SQLRow) throws -> FigureTally.Cells) throws {
            var after: Int64 = 0
            while true {
                let rows = try db.rows("""
                    SELECT t.position, t.\(key) AS source_key, t.data, f.cells FROM \(table) t
                    LEFT JOIN figure_sources f ON f.source = CAST(? AS TEXT) || t.\(key)
                    WHERE t.position > ? ORDER BY t.position LIMIT 1000
                    """, [prefix, after])
                for row in rows {
                    try body(prefix + (row["source_key"] as String), try cells(row), row["cells"])
                }
                guard let last = rows.last, rows.count == 1000 else { return }
                after = last["position"]
            }
        }
        try scan("cases", key: "number", prefix: "case:") { FigureTally.cells(ofCase: try decode(EnforcementCase.self, $0["data"])) }
        try scan("control_requests", key: "id", prefix: "control:") { FigureTally.cells(ofControl: try decode(ControlRequest.self, $0["data"])) }
        try scan("receipts", key: "bank_transaction_id", prefix: "receipt:") { FigureTally.cells(ofReceipt: try decode(Receipt.self, $0["data"])) }
        try scan("payouts", key: "id", prefix: "payout:") { FigureTally.cells(ofPayout: try decode(Payout.self, $0["data"])) }
        try scan("measures", key: "id", prefix: "measure:") { FigureTally.cells(ofMeasure: try decode(Measure.self, $0["data"])) }
        try scan("delegations", key: "id", prefix: "delegation:") { FigureTally.cells(ofDelegation: try decode(DelegationTask.self, $0["data"])) }
    }

    /// The filter columns of a case (drill-down by filing day, closing day, type and mode).
    static func caseFilterColumns(_ record: EnforcementCase) -> [any SQLBindable] {
        let closing = record.status == .closed ? record.closing : nil
        return [record.filedOn.description, closing?.on.description, record.number.type.rawValue, closing?.mode.rawValue]
    }
}

/// Run by each store's migration that adds the counters: fills the cases' filter columns and
/// computes every counter from the records already stored.
public enum SQLFigures {
    public static func backfill(_ session: any SQLSession) throws {
        let records = SQLRecords(db: session)
        var after: Int64 = 0
        while true {
            let rows = try session.rows("SELECT position, data FROM cases WHERE position > ? ORDER BY position LIMIT 1000", [after])
            for row in rows {
                let record = try records.decode(EnforcementCase.self, row["data"])
                try session.execute("UPDATE cases SET filed_on = ?, closed_on = ?, case_type = ?, closing_mode = ? WHERE position = ?",
                                    SQLRecords.caseFilterColumns(record) + [row["position"] as Int64])
            }
            guard let last = rows.last, rows.count == 1000 else { break }
            after = last["position"]
        }
        try records.rebuildFigures()
    }
}
