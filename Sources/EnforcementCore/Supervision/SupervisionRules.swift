public import Foundation

/// A supervision rule (执行监督): what is watched, and the three kinds of irregular handling it
/// stands for — passive (消极执行), delayed (拖延执行) and irregular (不规范办案) handling.
public enum SupervisionRule: String, Codable, CaseIterable, Sendable, Comparable {
    /// 消极执行: no node recorded on a pending case (counted from its last node).
    case passiveHandling = "passive_handling"
    /// 拖延执行: a node of the catalogue with a deadline not reached by its due day.
    case nodeDeadline = "node_deadline"
    /// 拖延执行: a case not closed by its last day.
    case caseDue = "case_due"
    /// 不规范办案: case money held without a listed reason (counted from its arrival).
    case fundsHeld = "funds_held"
    /// 不规范办案: a freeze about to lapse unrenewed, or lapsed (counted from its end day).
    case freezeLapse = "freeze_lapse"
    /// 拖延执行 of an assisting institution: a query, freeze or deduction not answered by its due day.
    case answerOverdue = "answer_overdue"
    /// 不规范办案: a listing not removed by its due day.
    case removalLate = "removal_late"
    /// 拖延执行: a delegated task not completed (nor reported on) by its due day.
    case delegationOverdue = "delegation_overdue"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The rule's name as the command centre reads it.
    public var nameZh: String {
        switch self {
        case .passiveHandling: "消极执行：案件长期无节点"
        case .nodeDeadline: "拖延执行：节点超期"
        case .caseDue: "拖延执行：案件超审限"
        case .fundsHeld: "案款超期未发放"
        case .freezeLapse: "冻结即将到期或已失效"
        case .answerOverdue: "协助单位超期未反馈"
        case .removalLate: "失信名单超期未屏蔽"
        case .delegationOverdue: "委托事项超期"
        }
    }
}

/// Yellow: due soon; red: breached.
public enum AlertSeverity: String, Codable, CaseIterable, Sendable, Comparable {
    case yellow, red

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .yellow && rhs == .red }
}

/// The rules as data: for each rule, the day it turns yellow and the day it turns red, in days
/// after the rule's base day (a negative number is before it). The defaults are `DOMAIN.md`'s
/// table: passive handling 20 / 30 days after the last node; a node or a case 3 days before its due
/// day / the day after; money held from day 25 / day 31 after its arrival; a freeze 7 days before
/// its end / lapsed (the day after its end); a removal, a delegated task or an institution's answer
/// on its due day / the day after.
public struct SupervisionPolicy: Hashable, Codable, Sendable {
    public struct Thresholds: Hashable, Codable, Sendable {
        public var yellow: Int
        public var red: Int

        public init(yellow: Int, red: Int) {
            self.yellow = yellow
            self.red = red
        }
    }

    public var rules: [SupervisionRule: Thresholds]

    public static let standard = SupervisionPolicy(checked: [
        .passiveHandling: Thresholds(yellow: 20, red: 30),
        .nodeDeadline: Thresholds(yellow: -3, red: 1),
        .caseDue: Thresholds(yellow: -3, red: 1),
        .fundsHeld: Thresholds(yellow: 25, red: 31),
        .freezeLapse: Thresholds(yellow: -7, red: 1),
        .answerOverdue: Thresholds(yellow: 0, red: 1),
        .removalLate: Thresholds(yellow: 0, red: 1),
        .delegationOverdue: Thresholds(yellow: 0, red: 1),
    ])

    /// A rule left out is not watched. Each threshold lies within a year of its base day, and red
    /// never comes before yellow.
    public init(rules: [SupervisionRule: Thresholds]) throws(EnforcementError) {
        for (rule, thresholds) in rules {
            guard (-366...366).contains(thresholds.yellow), (-366...366).contains(thresholds.red), thresholds.yellow <= thresholds.red else {
                throw .invalid("supervision", "rule \(rule.rawValue): yellow and red are days within a year of the base day, red not before yellow")
            }
        }
        self.rules = rules
    }

    private init(checked rules: [SupervisionRule: Thresholds]) {
        self.rules = rules
    }

    /// The latest base days whose condition is yellow, and red, on `today` (computed once per rule
    /// and pass: calendar arithmetic per watch would dominate a pass).
    public struct Cutoffs: Hashable, Sendable {
        public var yellow: CalendarDate
        public var red: CalendarDate

        public func severity(base: CalendarDate) -> AlertSeverity? {
            base <= red ? .red : base <= yellow ? .yellow : nil
        }
    }

    public func cutoffs(_ rule: SupervisionRule, on today: CalendarDate) -> Cutoffs? {
        rules[rule].map { Cutoffs(yellow: today.adding(days: -$0.yellow), red: today.adding(days: -$0.red)) }
    }

    /// The severity of a rule's condition on `today`, counted from `base`; nil before yellow.
    public func severity(_ rule: SupervisionRule, base: CalendarDate, on today: CalendarDate) -> AlertSeverity? {
        cutoffs(rule, on: today)?.severity(base: base)
    }
}

/// A condition a stored record keeps watched: a rule, the case it belongs to and the rule's base
/// day (the last node, a due day, an end day). The writers keep every record's watches in the same
/// transaction, so supervision reads the due ones by an index instead of scanning cases.
public struct SupervisionWatch: Hashable, Codable, Sendable {
    public var rule: SupervisionRule
    /// What the watch is about within its record: a node code, or empty.
    public var item: String
    /// The court whose handling is watched.
    public var court: CourtCode
    /// The case, when it is a case of the city's courts.
    public var caseNumber: CaseNumber?
    public var baseOn: CalendarDate
    /// The institution whose answer is awaited (answer_overdue, freeze_lapse).
    public var institution: String?
    /// The record the watch comes from, e.g. `control:CR00000042`.
    public var source: String

    public init(rule: SupervisionRule, item: String = "", court: CourtCode, caseNumber: CaseNumber?, baseOn: CalendarDate,
                institution: String? = nil, source: String) {
        self.rule = rule
        self.item = item
        self.court = court
        self.caseNumber = caseNumber
        self.baseOn = baseOn
        self.institution = institution
        self.source = source
    }

    /// The alert key: one open alert per rule, record and item.
    public var key: String { "\(rule.rawValue)/\(source)" + (item.isEmpty ? "" : "/\(item)") }
}

/// A due watch by its key columns: what the pass compares with the open alerts.
public struct DueWatch: Hashable, Sendable {
    public var rule: SupervisionRule
    public var source: String
    public var item: String
    public var baseOn: CalendarDate

    public init(rule: SupervisionRule, source: String, item: String, baseOn: CalendarDate) {
        self.rule = rule
        self.source = source
        self.item = item
        self.baseOn = baseOn
    }

    public init(_ watch: SupervisionWatch) {
        self.init(rule: watch.rule, source: watch.source, item: watch.item, baseOn: watch.baseOn)
    }

    public var key: String { "\(rule.rawValue)/\(source)" + (item.isEmpty ? "" : "/\(item)") }
}

/// Which watches a record keeps now: pure functions of the record, like ``FigureTally``.
public enum SupervisionWatches {
    /// A case's node deadlines and its last day. Its passive-handling watch belongs to its node
    /// events (``ofNode``). A closed case watches nothing.
    public static func of(case record: EnforcementCase, nodes: ProcessNodeCatalogue = .standard) -> [SupervisionWatch] {
        guard record.status != .closed else { return [] }
        let source = "case:\(record.number)"
        var watches: [SupervisionWatch] = []
        for node in nodes.nodes where !record.nodesReached.contains(node.code) {
            guard let deadline = node.deadline else { continue }
            watches.append(SupervisionWatch(rule: .nodeDeadline, item: node.code, court: record.court, caseNumber: record.number,
                                            baseOn: deadline.due(filedOn: record.filedOn), source: source))
        }
        if record.status == .pending, let due = record.dueOn(asOf: record.filedOn) {
            watches.append(SupervisionWatch(rule: .caseDue, court: record.court, caseNumber: record.number, baseOn: due, source: source))
        }
        return watches
    }

    /// The passive-handling watch of a case: counted from its latest node.
    public static func ofNode(_ event: NodeEvent) -> SupervisionWatch {
        SupervisionWatch(rule: .passiveHandling, court: event.caseNumber.court, caseNumber: event.caseNumber, baseOn: event.occurredOn, source: "nodes:\(event.caseNumber)")
    }

    /// An unanswered request (its due day) and a freeze's end (while active or after it lapsed).
    public static func of(control request: ControlRequest) -> [SupervisionWatch] {
        let source = "control:\(request.id)"
        var watches: [SupervisionWatch] = []
        if request.status == .pending {
            watches.append(SupervisionWatch(rule: .answerOverdue, court: request.caseNumber.court, caseNumber: request.caseNumber, baseOn: CalendarDate(request.answerDueAt),
                                            institution: request.institution, source: source))
        }
        if request.action == .freeze, let control = request.control, control.status == .active || control.status == .lapsed, let end = control.endOn {
            watches.append(SupervisionWatch(rule: .freezeLapse, court: request.caseNumber.court, caseNumber: request.caseNumber, baseOn: end, institution: request.institution, source: source))
        }
        return watches
    }

    /// A listing due for removal and still in force.
    public static func of(measure: Measure) -> [SupervisionWatch] {
        guard measure.isInForce, let removal = measure.removal else { return [] }
        return [SupervisionWatch(rule: .removalLate, court: measure.caseNumber.court, caseNumber: measure.caseNumber, baseOn: removal.dueOn, source: "measure:\(measure.id)")]
    }

    /// An open delegated task, due on its completion day or, after a progress report, on the day the
    /// next report falls due (whichever is later). The receiving court must act, so the watch is its;
    /// the case is the sending court's, so the watch names none.
    public static func of(delegation task: DelegationTask, progressDays: Int = 15) -> [SupervisionWatch] {
        guard task.isOpen else { return [] }
        let nextReport = task.lastProgressOn.map { $0.adding(days: progressDays) }
        let base = max(task.dueOn, nextReport ?? task.dueOn)
        return [SupervisionWatch(rule: .delegationOverdue, court: task.receiver, caseNumber: nil, baseOn: base, source: "delegation:\(task.id)")]
    }
}
