import EnforcementCore
import Foundation

/// The command centre's counters in SQL: `figures` holds the sum per (measure, court, day,
/// dimension, bucket) three times — per day (grain `d`, `YYYY-MM-DD`), per month (`m`, `YYYY-MM`) and
/// per year (`y`, `YYYY`) — so a period reads whole years and months from their rows and only its
/// ragged ends from days. `figure_sources` holds what each record contributes now (its cells as
/// JSON), so a change subtracts the record's previous cells and adds its new ones in the same
/// transaction without decoding the previous record.
extension SQLRecords {
    // MARK: Keeping the counters

    /// Moves the counters from what `source` contributed to `cells`. `isNew`: the record was just
    /// inserted, so it contributed nothing yet (no read).
    func retally(_ source: String, _ cells: FigureTally.Cells, isNew: Bool = false) throws {
        let old: FigureTally.Cells
        let encoded = cells.isEmpty ? "" : FigureTally.encode(cells)
        if isNew {
            old = [:]
        } else if let text = try db.value(as: String.self, "SELECT cells FROM figure_sources WHERE source = ?", [source]) {
            // The same cells kept (the encoding is sorted, so equal cells encode alike): nothing to count.
            if text == encoded { return }
            old = try FigureTally.decode(text)
        } else {
            old = [:]
        }
        let delta = FigureTally.difference(from: old, to: cells)
        guard !delta.isEmpty else { return }
        // In a write transaction the counter rows move at its end (`WriteTail`), once for all its writes.
        if let tail = db.tail {
            tail.addFigures(Self.rollups(delta, days: true))
        } else {
            try writeFigures(Self.rollups(delta, days: true))
        }
        if cells.isEmpty {
            try db.write("DELETE FROM figure_sources WHERE source = ?", [source])
        } else {
            try db.write("""
                INSERT INTO figure_sources (source, cells) VALUES (?, ?)
                ON CONFLICT (source) DO UPDATE SET cells = excluded.cells
                """, [source, encoded])
        }
    }

    /// Adds to the counter rows, a statement per 100 rows rather than one per row. The rows go in key
    /// order, so concurrent transactions on PostgreSQL lock counter rows in one order; a row occurs
    /// once per statement (PostgreSQL refuses to update one row twice in one upsert), and a change
    /// that nets to nothing is not written (a counter row of 0 reads as no row).
    func writeFigures(_ rows: [FigureRollupKey: Int64]) throws {
        let changes = rows.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: changes.count, by: 100) {
            let slice = changes[start..<min(start + 100, changes.count)]
            try db.write("""
                INSERT INTO figures (measure, grain, court, day, dimension, bucket, value) VALUES \(
                    repeatElement("(?, ?, ?, ?, ?, ?, ?)", count: slice.count).joined(separator: ", "))
                ON CONFLICT (measure, grain, court, day, dimension, bucket) DO UPDATE SET value = figures.value + excluded.value
                """, slice.flatMap { key, value -> [any SQLBindable] in
                    [key.measure, key.grain, key.court, key.period, key.dimension, key.bucket, value]
                })
        }
    }

    // MARK: FigureReader

    /// Writes the counter changes a write transaction still holds, before the counters are read in it.
    private func writePendingFigures() throws {
        guard let tail = db.tail else { return }
        try tail.lockShared(db)
        try writeFigures(tail.takeFigures())
    }

    func sums(_ query: FigureQuery) throws -> [FigureSum] {
        guard !query.measures.isEmpty else { return [] }
        try writePendingFigures()
        // Whole years and months from their own rows unless the sum is split by day (or by month).
        let pieces = Self.pieces(from: query.from ?? CalendarDate(year: 1900, month: 1, day: 1), to: query.to ?? CalendarDate(year: 2200, month: 12, day: 31),
                                 years: !query.groupBy.contains(.day) && !query.groupBy.contains(.month), months: !query.groupBy.contains(.day))
        guard !pieces.isEmpty else { return [] }
        // One indexed range read per piece (an OR of ranges would scan every row of the measures).
        var parts: [String] = []
        var arguments: [any SQLBindable] = []
        for piece in pieces {
            parts.append("""
                SELECT measure, court, day, dimension, bucket, value FROM figures
                WHERE measure IN (\(Array(repeating: "?", count: query.measures.count).joined(separator: ", ")))\(query.court == nil ? "" : " AND court = ?")
                AND grain = ? AND day BETWEEN ? AND ?
                """)
            arguments.append(contentsOf: query.measures.map(\.rawValue))
            if let court = query.court { arguments.append(court.value) }
            arguments.append(contentsOf: [piece.grain, piece.low, piece.high])
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
            SELECT \(columns), CAST(SUM(value) AS BIGINT) AS total FROM (\(parts.joined(separator: " UNION ALL "))) AS f
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
        try writePendingFigures()
        var cells: FigureTally.Cells = [:]
        for row in try db.rows("SELECT measure, court, day, dimension, bucket, value FROM figures WHERE grain = 'd' AND value <> 0") {
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
        // The records' changes still pending in the transaction are in what was just recomputed.
        if let tail = db.tail {
            try tail.lockShared(db)
            _ = tail.takeFigures()
        }
        try writeFigures(Self.rollups(total, days: true))
    }

    func rollupDifferences() throws -> Int {
        var expected = Self.rollups(try storedFigures(), days: false)
        var differences = 0
        for row in try db.rows("SELECT measure, grain, court, day, dimension, bucket, value FROM figures WHERE grain <> 'd' AND value <> 0") {
            let key = FigureRollupKey(measure: row["measure"], grain: row["grain"], court: row["court"], period: row["day"],
                                      dimension: row["dimension"], bucket: row["bucket"])
            if expected.removeValue(forKey: key) != row["value"] { differences += 1 }
        }
        return differences + expected.values.filter { $0 != 0 }.count
    }

    /// The grains a day's cell is counted in: the day, its month and its year.
    static func grains(of day: CalendarDate) -> [(grain: String, period: String)] {
        let text = day.description
        return [("d", text), ("m", String(text.prefix(7))), ("y", String(text.prefix(4)))]
    }

    /// Month and year rows (and, with `days`, the day rows) of day cells.
    static func rollups(_ cells: FigureTally.Cells, days: Bool) -> [FigureRollupKey: Int64] {
        var rows: [FigureRollupKey: Int64] = [:]
        for (cell, value) in cells {
            for (grain, period) in grains(of: cell.day) where days || grain != "d" {
                rows[FigureRollupKey(measure: cell.measure.rawValue, grain: grain, court: cell.court, period: period,
                                     dimension: cell.dimension, bucket: cell.bucket), default: 0] += value
            }
        }
        return rows
    }

    /// `from`…`to` as the fewest rows: whole years (if `years`), whole months (if `months`), days.
    static func pieces(from: CalendarDate, to: CalendarDate, years: Bool, months: Bool) -> [(grain: String, low: String, high: String)] {
        var pieces: [(grain: String, low: String, high: String)] = []
        func add(_ grain: String, _ period: String) {
            if let last = pieces.last, last.grain == grain { pieces[pieces.count - 1].high = period } else { pieces.append((grain, period, period)) }
        }
        func monthEnd(_ year: Int, _ month: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: 1).adding(months: 1).adding(days: -1) }
        func monthText(_ year: Int, _ month: Int) -> String { String(CalendarDate(year: year, month: month, day: 1).description.prefix(7)) }
        var cursor = from
        while cursor <= to {
            if years, cursor.month == 1, cursor.day == 1 {
                let lastWhole = to.month == 12 && to.day == 31 ? to.year : to.year - 1
                if lastWhole >= cursor.year {
                    add("y", String(cursor.description.prefix(4)))
                    pieces[pieces.count - 1].high = String(CalendarDate(year: lastWhole, month: 1, day: 1).description.prefix(4))
                    cursor = CalendarDate(year: lastWhole + 1, month: 1, day: 1)
                    continue
                }
            }
            if months, cursor.day == 1 {
                var last = to == monthEnd(to.year, to.month) ? (year: to.year, month: to.month)
                    : to.month == 1 ? (year: to.year - 1, month: 12) : (year: to.year, month: to.month - 1)
                if years, last.year > cursor.year { last = (cursor.year, 12) }  // the next year may be whole
                if (last.year, last.month) >= (cursor.year, cursor.month) {
                    add("m", monthText(cursor.year, cursor.month))
                    pieces[pieces.count - 1].high = monthText(last.year, last.month)
                    cursor = monthEnd(last.year, last.month).adding(days: 1)
                    continue
                }
            }
            // A run of days: to the month's end or to `to`.
            let last = min(to, monthEnd(cursor.year, cursor.month))
            add("d", cursor.description)
            pieces[pieces.count - 1].high = last.description
            cursor = last.adding(days: 1)
        }
        return pieces
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

/// Campaigns: the record whole, found by id.
extension SQLRecords {
    func campaign(_ id: String) throws -> Campaign? {
        try campaignRows("id = ?", [id], limit: 1).first
    }

    func campaigns(after: Int64, limit: Int) throws -> [Campaign] {
        try campaignRows("position > ?", [after], limit: limit)
    }

    func insert(_ campaign: Campaign) throws -> Campaign {
        var stored = campaign
        stored.position = try db.nextPosition("campaigns", "position")
        stored.id = Campaign.id(position: stored.position)
        try db.execute("INSERT INTO campaigns (position, id, data) VALUES (?, ?, ?)", [stored.position, stored.id, try encode(stored)])
        return stored
    }

    private func campaignRows(_ condition: String, _ arguments: [any SQLBindable], limit: Int) throws -> [Campaign] {
        try db.rows("SELECT position, data FROM campaigns WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit]).map { row in
            var campaign = try decode(Campaign.self, row["data"])
            campaign.position = row["position"]
            return campaign
        }
    }
}

/// One month or year row of the counters.
struct FigureRollupKey: Hashable, Comparable {
    var measure: String
    var grain: String
    var court: String
    var period: String
    var dimension: String
    var bucket: Int

    static func < (lhs: FigureRollupKey, rhs: FigureRollupKey) -> Bool {
        (lhs.measure, lhs.grain, lhs.court, lhs.period, lhs.dimension, lhs.bucket) < (rhs.measure, rhs.grain, rhs.court, rhs.period, rhs.dimension, rhs.bucket)
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
