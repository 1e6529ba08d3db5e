public import Foundation

/// The status of a case: pending (未结), suspended (中止) or closed (已结).
public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case pending, suspended, closed
}

/// The six closing modes.
public enum ClosingMode: String, Codable, Sendable, CaseIterable {
    /// 执行完毕
    case fullyEnforced = "fully_enforced"
    /// 终结本次执行程序 (终本)
    case terminationOfRound = "termination_of_round"
    /// 终结执行
    case enforcementTerminated = "enforcement_terminated"
    /// 销案
    case withdrawn
    /// 不予执行
    case enforcementRefused = "enforcement_refused"
    /// 驳回申请
    case applicationRejected = "application_rejected"
}

/// A period of suspension; `end` is nil while it lasts.
public struct Suspension: Hashable, Codable, Sendable {
    public var start: CalendarDate
    public var end: CalendarDate?
    public var reason: String

    public init(start: CalendarDate, end: CalendarDate?, reason: String) {
        self.start = start
        self.end = end
        self.reason = reason
    }
}

/// How and when a case was closed.
public struct Closing: Hashable, Codable, Sendable {
    public var mode: ClosingMode
    public var on: CalendarDate
    public var documentNumber: String

    public init(mode: ClosingMode, on: CalendarDate, documentNumber: String) {
        self.mode = mode
        self.on = on
        self.documentNumber = documentNumber
    }
}

/// An enforcement case (执行案件): the state the store keeps.
public struct EnforcementCase: Hashable, Codable, Sendable {
    public var number: CaseNumber
    public var titleKind: TitleKind
    public var titleDocument: String
    public var applicants: [Party]
    public var debtors: [Party]
    public var amountSought: Money
    public var handlingJudge: String?
    public var status: CaseStatus
    public var filedOn: CalendarDate
    public var filedAt: Date
    /// The time limit in months at filing (6, or 3 for a non-litigation title).
    public var limitMonths: Int
    public var extensionMonths: Int
    public var suspensions: [Suspension]
    public var closing: Closing?
    public var resumedFrom: CaseNumber?
    /// Codes of the process nodes that have happened, for the closing preconditions.
    public var nodesReached: Set<String>
    /// Cause tags (案由) given at filing; nil for none (and for cases stored before tags).
    public var causeTags: [String]?
    /// An extension of the limit asked for and awaiting the court president's decision.
    public var extensionRequest: ExtensionRequest?

    public init(
        number: CaseNumber, titleKind: TitleKind, titleDocument: String, applicants: [Party], debtors: [Party],
        amountSought: Money, handlingJudge: String?, status: CaseStatus, filedOn: CalendarDate, filedAt: Date,
        limitMonths: Int, extensionMonths: Int, suspensions: [Suspension], closing: Closing?, resumedFrom: CaseNumber?,
        nodesReached: Set<String>
    ) {
        self.number = number
        self.titleKind = titleKind
        self.titleDocument = titleDocument
        self.applicants = applicants
        self.debtors = debtors
        self.amountSought = amountSought
        self.handlingJudge = handlingJudge
        self.status = status
        self.filedOn = filedOn
        self.filedAt = filedAt
        self.limitMonths = limitMonths
        self.extensionMonths = extensionMonths
        self.suspensions = suspensions
        self.closing = closing
        self.resumedFrom = resumedFrom
        self.nodesReached = nodesReached
    }

    public var court: CourtCode { number.court }

    /// Suspended days up to `today` (an open suspension counts to today); they do not count toward the limit.
    public func suspendedDays(asOf today: CalendarDate) -> Int {
        suspensions.reduce(0) { total, period in
            total + max(0, period.start.days(until: period.end ?? max(today, period.start)))
        }
    }

    /// Last day of the limit: filing + limit + extension months + suspended days. Nil while suspended or closed.
    public func dueOn(asOf today: CalendarDate) -> CalendarDate? {
        guard status == .pending else { return nil }
        return filedOn.adding(months: limitMonths + extensionMonths).adding(days: suspendedDays(asOf: today))
    }

    /// Pending and past the last day of its limit.
    public func isOverdue(asOf today: CalendarDate) -> Bool {
        guard let due = dueOn(asOf: today) else { return false }
        return today > due
    }

    /// Rejects any change to a closed case: resuming enforcement opens a new 执恢 case.
    func requireOpen() throws(EnforcementError) {
        guard status != .closed else {
            throw .precondition(
                "case \(number) is closed (\(closing?.mode.rawValue ?? "")); a closed case cannot be changed, resume by filing a 执恢 case",
                field: "case_number")
        }
    }
}

/// A case as answered to callers: its facts plus the figures derived from them on a date.
public struct CaseSummary: Hashable, Codable, Sendable {
    public var number: CaseNumber
    public var titleKind: TitleKind
    public var titleDocument: String
    public var applicants: [Party]
    public var debtors: [Party]
    public var amountSought: Money
    public var handlingJudge: String?
    public var status: CaseStatus
    public var filedOn: CalendarDate
    public var filedAt: Date
    /// Last day of the limit; nil while suspended or closed.
    public var dueOn: CalendarDate?
    public var suspendedDays: Int
    public var extensionMonths: Int
    public var overdue: Bool
    public var closingMode: ClosingMode?
    public var closedOn: CalendarDate?
    public var resumedFrom: CaseNumber?
    /// Enforcement fee on the amount sought (paid by the debtor).
    public var enforcementFee: Money
    public var causeTags: [String]?
    /// An extension asked for and awaiting the president's decision.
    public var extensionRequest: ExtensionRequest?

    public init(
        number: CaseNumber, titleKind: TitleKind, titleDocument: String, applicants: [Party], debtors: [Party],
        amountSought: Money, handlingJudge: String?, status: CaseStatus, filedOn: CalendarDate, filedAt: Date,
        dueOn: CalendarDate?, suspendedDays: Int, extensionMonths: Int, overdue: Bool, closingMode: ClosingMode?,
        closedOn: CalendarDate?, resumedFrom: CaseNumber?, enforcementFee: Money
    ) {
        self.number = number
        self.titleKind = titleKind
        self.titleDocument = titleDocument
        self.applicants = applicants
        self.debtors = debtors
        self.amountSought = amountSought
        self.handlingJudge = handlingJudge
        self.status = status
        self.filedOn = filedOn
        self.filedAt = filedAt
        self.dueOn = dueOn
        self.suspendedDays = suspendedDays
        self.extensionMonths = extensionMonths
        self.overdue = overdue
        self.closingMode = closingMode
        self.closedOn = closedOn
        self.resumedFrom = resumedFrom
        self.enforcementFee = enforcementFee
    }

    public init(_ record: EnforcementCase, asOf today: CalendarDate) {
        self.init(
            number: record.number, titleKind: record.titleKind, titleDocument: record.titleDocument,
            applicants: record.applicants, debtors: record.debtors, amountSought: record.amountSought,
            handlingJudge: record.handlingJudge, status: record.status, filedOn: record.filedOn, filedAt: record.filedAt,
            dueOn: record.dueOn(asOf: today), suspendedDays: record.suspendedDays(asOf: today),
            extensionMonths: record.extensionMonths, overdue: record.isOverdue(asOf: today),
            closingMode: record.closing?.mode, closedOn: record.closing?.on, resumedFrom: record.resumedFrom,
            // The amount sought is bounded by Money.maximum, so the fee cannot fail.
            enforcementFee: (try? EnforcementFee.fee(on: record.amountSought)) ?? Money(fen: 0))
        extensionRequest = record.extensionRequest
        causeTags = record.causeTags
    }

    public var court: CourtCode { number.court }
}

/// An extension of a case's limit (延长执行期限) asked for by its judge or clerk: it takes effect only
/// when a user holding the `president` role, other than the one who asked, approves it.
public struct ExtensionRequest: Hashable, Codable, Sendable {
    public var months: Int
    public var reason: String
    /// The verified user id and name of who asked.
    public var requestedBy: String
    public var requestedByName: String
    public var at: Date

    public init(months: Int, reason: String, requestedBy: String, requestedByName: String, at: Date) {
        self.months = months
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedByName = requestedByName
        self.at = at
    }
}
