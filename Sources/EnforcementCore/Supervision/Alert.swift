public import Foundation

/// A supervision alert (监督预警): one rule's condition on one record, open while the condition
/// holds. It closes by itself when the condition ends; acknowledging it records who and why and
/// does not close it.
public struct Alert: Hashable, Codable, Sendable {
    public struct Acknowledgement: Hashable, Codable, Sendable {
        public var by: String
        public var note: String
        public var at: Date

        public init(by: String, note: String, at: Date) {
            self.by = by
            self.note = note
            self.at = at
        }
    }

    public var position: Int64 = 0
    /// `AL` and the position, e.g. `AL00000042`.
    public var id: String = ""
    /// The rule, the record and the item (``SupervisionWatch/key``): one open alert per key.
    public var key: String
    public var rule: SupervisionRule
    public var severity: AlertSeverity
    public var court: CourtCode
    public var caseNumber: CaseNumber?
    /// The case's handling judge when the alert opened.
    public var handlingJudge: String?
    public var institution: String?
    /// The rule's base day (last node, due day, end day, arrival).
    public var baseOn: CalendarDate
    public var message: String
    public var openedAt: Date
    public var redAt: Date?
    public var closedAt: Date?
    public var acknowledgements: [Acknowledgement] = []
    /// Moves forward on every change, so the alert stream delivers it again.
    public var feedPosition: Int64 = 0

    public init(key: String, rule: SupervisionRule, severity: AlertSeverity, court: CourtCode, caseNumber: CaseNumber?, handlingJudge: String?,
                institution: String?, baseOn: CalendarDate, message: String, openedAt: Date) {
        self.key = key
        self.rule = rule
        self.severity = severity
        self.court = court
        self.caseNumber = caseNumber
        self.handlingJudge = handlingJudge
        self.institution = institution
        self.baseOn = baseOn
        self.message = message
        self.openedAt = openedAt
        redAt = severity == .red ? openedAt : nil
    }

    public var isOpen: Bool { closedAt == nil }

    public static func id(position: Int64) -> String { String(format: "AL%08lld", position) }
}

/// An open alert as the supervision pass and the scorecards read it: its columns, not its record.
public struct AlertState: Hashable, Sendable {
    public var id: String
    public var key: String
    public var rule: SupervisionRule
    public var severity: AlertSeverity
    public var court: String
    public var handlingJudge: String?
    public var baseOn: CalendarDate
    public var openedAt: Date

    public init(id: String, key: String, rule: SupervisionRule, severity: AlertSeverity, court: String, handlingJudge: String?,
                baseOn: CalendarDate, openedAt: Date) {
        self.id = id
        self.key = key
        self.rule = rule
        self.severity = severity
        self.court = court
        self.handlingJudge = handlingJudge
        self.baseOn = baseOn
        self.openedAt = openedAt
    }
}

/// Filters for listing alerts.
public struct AlertFilter: Hashable, Sendable {
    public var court: CourtCode?
    public var handlingJudge: String?
    public var rule: SupervisionRule?
    public var severity: AlertSeverity?
    /// true: open only; false: closed only; nil: both.
    public var open: Bool?
    public var after: Int64
    public var limit: Int

    public init(court: CourtCode? = nil, handlingJudge: String? = nil, rule: SupervisionRule? = nil, severity: AlertSeverity? = nil,
                open: Bool? = true, after: Int64 = 0, limit: Int = 100) {
        self.court = court
        self.handlingJudge = handlingJudge
        self.rule = rule
        self.severity = severity
        self.open = open
        self.after = after
        self.limit = limit
    }
}

/// A court's or a judge's open alerts: by rule, red ones, and the median age in days.
public struct Scorecard: Hashable, Codable, Sendable {
    public struct Row: Hashable, Codable, Sendable {
        /// A court code, or a judge's name ("" for cases without one).
        public var name: String
        public var open: Int
        public var red: Int
        public var byRule: [SupervisionRule: Int]
        public var medianAgeDays: Int
    }

    public var court: CourtCode?
    public var rows: [Row]

    /// Rows of `alerts` grouped by `name`, most open first; ages counted to `today`.
    public static func rows(_ alerts: [AlertState], today: CalendarDate, name: (AlertState) -> String) -> [Row] {
        Dictionary(grouping: alerts, by: name).map { name, group in
            let ages = group.map { CalendarDate($0.openedAt).days(until: today) }.sorted()
            return Row(name: name, open: group.count, red: group.count { $0.severity == .red },
                       byRule: Dictionary(grouping: group, by: \.rule).mapValues(\.count), medianAgeDays: ages[(ages.count - 1) / 2])
        }.sorted { ($0.open, $1.name) > ($1.open, $0.name) }
    }
}
