import EnforcementCore
import Foundation

/// Supervision in SQL: `supervision_watches` holds what each record keeps watched (rule, item, base
/// day), replaced by the record's writer in the same transaction, so the due ones are one indexed
/// range read per rule; `alerts` holds the alerts, at most one open per key.
extension SQLRecords {
    // MARK: Keeping the watches

    /// Replaces the watches `source` keeps by `watches`; writes nothing when they are unchanged.
    func rewatch(_ source: String, _ watches: [SupervisionWatch], isNew: Bool = false) throws {
        if !isNew {
            let stored = try db.rows("SELECT rule, item, court, case_number, base_on, institution FROM supervision_watches WHERE source = ?", [source])
                .map { row in
                    [row["rule"] as String, row["item"], row["court"], row["case_number"] as String? ?? "", row["base_on"], row["institution"] as String? ?? ""]
                }
            let wanted = watches.map { [$0.rule.rawValue, $0.item, $0.court.value, $0.caseNumber?.description ?? "", $0.baseOn.description, $0.institution ?? ""] }
            if Set(stored) == Set(wanted) { return }
            if !stored.isEmpty { try db.write("DELETE FROM supervision_watches WHERE source = ?", [source]) }
        }
        for watch in watches { try insertWatch(watch) }
    }

    /// The passive-handling watch of a case: its latest node day.
    func watchNode(_ event: NodeEvent) throws {
        let watch = SupervisionWatches.ofNode(event)
        try db.write("""
            INSERT INTO supervision_watches (source, rule, item, court, case_number, base_on, institution) VALUES (?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (source, rule, item) DO UPDATE SET base_on = CASE
                WHEN excluded.base_on > supervision_watches.base_on THEN excluded.base_on ELSE supervision_watches.base_on END
            """, [watch.source, watch.rule.rawValue, watch.item, watch.court.value, watch.caseNumber?.description, watch.baseOn.description])
    }

    private func insertWatch(_ watch: SupervisionWatch) throws {
        try db.write("""
            INSERT INTO supervision_watches (source, rule, item, court, case_number, base_on, institution) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [watch.source, watch.rule.rawValue, watch.item, watch.court.value, watch.caseNumber?.description, watch.baseOn.description,
                  watch.institution])
    }

    // MARK: SupervisionReader

    func dueWatches(_ rule: SupervisionRule, baseOnOrBefore: CalendarDate) throws -> [DueWatch] {
        // A listing's removal and a delegated task are duties that outlive the case; the rest end with it.
        let status = switch rule {
        case .passiveHandling: "c.status = 'pending'"
        case .removalLate, .delegationOverdue: "1 = 1"
        default: "(c.status IS NULL OR c.status <> 'closed')"
        }
        return try db.rows("""
            SELECT w.source, w.item, w.base_on FROM supervision_watches w LEFT JOIN cases c ON c.number = w.case_number
            WHERE w.rule = ? AND w.base_on <= ? AND \(status)
            """, [rule.rawValue, baseOnOrBefore.description]).map { row in
            guard let base = CalendarDate(iso: row["base_on"] as String) else {
                throw EnforcementError(.internalError, "a stored supervision watch does not decode")
            }
            return DueWatch(rule: rule, source: row["source"], item: row["item"], baseOn: base)
        }
    }

    func watch(_ due: DueWatch) throws -> SupervisionWatch? {
        guard let row = try db.row("""
            SELECT court, case_number, base_on, institution FROM supervision_watches WHERE source = ? AND rule = ? AND item = ?
            """, [due.source, due.rule.rawValue, due.item]) else { return nil }
        guard let base = CalendarDate(iso: row["base_on"] as String) else {
            throw EnforcementError(.internalError, "a stored supervision watch does not decode")
        }
        return SupervisionWatch(
            rule: due.rule, item: due.item, court: try CourtCode(row["court"] as String),
            caseNumber: try (row["case_number"] as String?).map { try CaseNumber(parsing: $0) }, baseOn: base,
            institution: row["institution"], source: due.source)
    }

    func openAlertStates(court: CourtCode?) throws -> [AlertState] {
        try db.rows("""
            SELECT id, alert_key, rule, severity, court, handling_judge, base_on, opened_ms FROM alerts WHERE open = 1\(court == nil ? "" : " AND court = ?")
            """, court.map { [$0.value] } ?? []).map { row in
            guard let rule = SupervisionRule(rawValue: row["rule"]), let severity = AlertSeverity(rawValue: row["severity"]),
                  let base = CalendarDate(iso: row["base_on"] as String) else {
                throw EnforcementError(.internalError, "a stored alert does not decode")
            }
            return AlertState(id: row["id"], key: row["alert_key"], rule: rule, severity: severity, court: row["court"], handlingJudge: row["handling_judge"],
                              baseOn: base, openedAt: Date(timeIntervalSince1970: Double(row["opened_ms"] as Int64) / 1000))
        }
    }

    func alert(_ id: String) throws -> Alert? {
        try alertRows(where: "id = ?", [id]).first
    }

    func openAlert(key: String) throws -> Alert? {
        try alertRows(where: "alert_key = ? AND open = 1", [key]).first
    }

    func alerts(_ filter: AlertFilter) throws -> [Alert] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let court = filter.court {
            conditions.append("court = ?")
            arguments.append(court.value)
        }
        if let judge = filter.handlingJudge {
            conditions.append("handling_judge = ?")
            arguments.append(judge)
        }
        if let rule = filter.rule {
            conditions.append("rule = ?")
            arguments.append(rule.rawValue)
        }
        if let severity = filter.severity {
            conditions.append("severity = ?")
            arguments.append(severity.rawValue)
        }
        if let open = filter.open {
            conditions.append("open = ?")
            arguments.append(open ? 1 : 0)
        }
        return try alertRows(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func openAlerts() throws -> [Alert] {
        try alertRows(where: "open = 1", [])
    }

    func alerts(court: CourtCode?, feedAfter: Int64, limit: Int) throws -> [Alert] {
        if let court {
            return try alertRows(where: "court = ? AND feed_position > ?", [court.value, feedAfter], order: "feed_position", limit: limit)
        }
        return try alertRows(where: "feed_position > ?", [feedAfter], order: "feed_position", limit: limit)
    }

    func watchDifferences() throws -> [String] {
        try SQLSupervision.check(db)
    }

    func lastAlertFeedPosition() throws -> Int64 {
        try db.value(as: Int64.self, "SELECT last FROM counters WHERE name = 'alert_feed'") ?? 0
    }

    // MARK: SupervisionWriter

    func insert(_ alert: Alert) throws -> Alert {
        var stored = alert
        stored.position = try db.nextPosition("alerts", "position")
        stored.id = Alert.id(position: stored.position)
        stored.feedPosition = try nextCounter("alert_feed")
        try db.execute("""
            INSERT INTO alerts (position, id, alert_key, court, handling_judge, rule, severity, open, base_on, opened_ms, feed_position, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [stored.position, stored.id, alert.key, alert.court.value, alert.handlingJudge, alert.rule.rawValue, alert.severity.rawValue,
                  stored.isOpen ? 1 : 0, alert.baseOn.description, alert.openedAt.epochMillis, stored.feedPosition, try encode(stored)])
        return stored
    }

    func update(_ alert: Alert) throws -> Alert {
        var stored = alert
        stored.feedPosition = try nextCounter("alert_feed")
        try updateOne("""
            UPDATE alerts SET id = ?, severity = ?, open = ?, feed_position = ?, data = ? WHERE position = ?
            """, [stored.id, stored.severity.rawValue, stored.isOpen ? 1 : 0, stored.feedPosition, try encode(stored), stored.position],
            "alert \(alert.id)")
        return stored
    }

    private func alertRows(where condition: String, _ arguments: [any SQLBindable], order: String = "position", limit: Int = .max) throws -> [Alert] {
        try db.rows("SELECT position, feed_position, data FROM alerts WHERE \(condition) ORDER BY \(order) LIMIT ?", arguments + [limit]).map { row in
            var alert = try decode(Alert.self, row["data"])
            alert.position = row["position"]
            alert.feedPosition = row["feed_position"]
            return alert
        }
    }
}

/// The watches recomputed from the records: the migration that adds the tables fills them so, and
/// the check compares them with the kept ones.
public enum SQLSupervision {
    public static func backfill(_ session: any SQLSession) throws {
        let records = SQLRecords(db: session)
        try session.execute("DELETE FROM supervision_watches")
        for (source, watches) in try recompute(session) { try records.rewatch(source, watches, isNew: true) }
    }

    /// Every record's watches by source, as its writer would keep them now.
    static func recompute(_ session: any SQLSession) throws -> [String: [SupervisionWatch]] {
        let records = SQLRecords(db: session)
        var all: [String: [SupervisionWatch]] = [:]
        func keep(_ source: String, _ watches: [SupervisionWatch]) { if !watches.isEmpty { all[source] = watches } }
        try page(session, "cases") { keep("case:\($0)", SupervisionWatches.of(case: try records.decode(EnforcementCase.self, $1))) }
        try page(session, "control_requests") { _, data in
            let request = try records.decode(ControlRequest.self, data)
            keep("control:\(request.id)", SupervisionWatches.of(control: request))
        }
        try page(session, "measures") { _, data in
            let measure = try records.decode(Measure.self, data)
            keep("measure:\(measure.id)", SupervisionWatches.of(measure: measure))
        }
        try page(session, "delegations") { _, data in
            let task = try records.decode(DelegationTask.self, data)
            keep("delegation:\(task.id)", SupervisionWatches.of(delegation: task))
        }
        var latest: [String: SupervisionWatch] = [:]
        var after: Int64 = 0
        while true {
            let rows = try session.rows("SELECT sequence, data FROM node_events WHERE sequence > ? ORDER BY sequence LIMIT 1000", [after])
            for row in rows {
                let watch = SupervisionWatches.ofNode(try records.decode(NodeEvent.self, row["data"]))
                if let kept = latest[watch.source], kept.baseOn >= watch.baseOn { continue }
                latest[watch.source] = watch
            }
            guard let last = rows.last, rows.count == 1000 else { break }
            after = last["sequence"]
        }
        for (source, watch) in latest { all[source] = [watch] }
        return all
    }

    /// The keys of the watches kept but not recomputed, or recomputed but not kept (or kept with
    /// another base day), in order: empty when the writers kept every watch.
    public static func check(_ session: any SQLSession) throws -> [String] {
        let recomputed = Set(try recompute(session).values.flatMap { $0 }.map { "\($0.key) \($0.baseOn)" })
        let stored = Set(try session.rows("SELECT source, rule, item, base_on FROM supervision_watches").map { row in
            "\(row["rule"] as String)/\(row["source"] as String)" + ((row["item"] as String).isEmpty ? "" : "/\(row["item"] as String)") + " \(row["base_on"] as String)"
        })
        return recomputed.symmetricDifference(stored).sorted()
    }

    /// Every row of a table with a `position`, 1,000 at a time: its key column and data.
    private static func page(_ session: any SQLSession, _ table: String, _ body: (String, String) throws -> Void) throws {
        let key = table == "cases" ? "number" : "id"
        var after: Int64 = 0
        while true {
            let rows = try session.rows("SELECT position, \(key) AS key, data FROM \(table) WHERE position > ? ORDER BY position LIMIT 1000", [after])
            for row in rows { try body(row["key"], row["data"]) }
            guard let last = rows.last, rows.count == 1000 else { break }
            after = last["position"]
        }
    }
}
