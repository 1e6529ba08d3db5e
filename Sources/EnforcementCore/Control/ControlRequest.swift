public import Foundation

/// An asset at an institution: an account, a property certificate, a plate, a holding.
public struct AssetRef: Hashable, Codable, Sendable {
    public var kind: AssetKind
    public var identifier: String

    public init(kind: AssetKind, identifier: String) {
        self.kind = kind
        self.identifier = identifier
    }
}

/// A control by another authority, as an institution reports it on a holding.
public struct ExistingFreeze: Hashable, Codable, Sendable {
    public var authority: String
    public var documentNumber: String
    public var amount: Money
    public var endOn: CalendarDate?

    public init(authority: String, documentNumber: String, amount: Money, endOn: CalendarDate?) {
        self.authority = authority
        self.documentNumber = documentNumber
        self.amount = amount
        self.endOn = endOn
    }
}

/// An account or holding found by a query.
public struct Holding: Hashable, Codable, Sendable {
    public var asset: AssetRef
    public var type: String
    public var status: String
    public var branch: String
    public var balance: Money
    public var available: Money
    public var existingFreezes: [ExistingFreeze]
    /// The ID number of the debtor who holds it, when the institution said.
    public var ownerIDNumber: String?

    public init(asset: AssetRef, type: String, status: String, branch: String, balance: Money, available: Money,
                existingFreezes: [ExistingFreeze] = [], ownerIDNumber: String? = nil) {
        self.ownerIDNumber = ownerIDNumber
        self.asset = asset
        self.type = type
        self.status = status
        self.branch = branch
        self.balance = balance
        self.available = available
        self.existingFreezes = existingFreezes
    }
}

/// What an institution answered.
public enum ControlAnswer: Hashable, Codable, Sendable {
    /// Query: the holdings found (none is a valid answer).
    case query(holdings: [Holding])
    /// Freeze, renew, release: the amount actually controlled (0 with a reason when nothing), and the term.
    case control(controlled: Money, reason: String?, startOn: CalendarDate?, endOn: CalendarDate?)
    /// Deduct: the amount moved into the case's funds account.
    case deduction(moved: Money, reason: String?, wholeAssetDisposed: Bool)
}

/// The life of the control a freeze request establishes on its asset.
public enum ControlStatus: String, Codable, CaseIterable, Sendable {
    /// In force.
    case active
    /// 轮候: queued behind another control of the same asset, ranked by service time.
    case waiting
    /// 已解除.
    case released
    /// 失效: not renewed by its end date, or the asset disposed of while waiting.
    case lapsed
    /// Fully deducted, or the asset disposed of.
    case exhausted
    /// The institution controlled nothing.
    case nothingControlled = "nothing_controlled"

    /// Still holds (or may come to hold) the asset.
    public var isLive: Bool { self == .active || self == .waiting }
}

/// The control a freeze request holds on its asset.
public struct ControlState: Hashable, Codable, Sendable {
    public var status: ControlStatus
    public var controlled: Money
    public var deducted: Money
    public var startOn: CalendarDate?
    public var endOn: CalendarDate?
    /// The term asked for, in days; a waiting control runs this long from the day it becomes active.
    public var termDays: Int
    /// Warning thresholds (days before the end) already sent for the current end date.
    public var warningsSent: [Int]

    public init(status: ControlStatus, controlled: Money, deducted: Money = Money(fen: 0), startOn: CalendarDate?,
                endOn: CalendarDate?, termDays: Int, warningsSent: [Int] = []) {
        self.status = status
        self.controlled = controlled
        self.deducted = deducted
        self.startOn = startOn
        self.endOn = endOn
        self.termDays = termDays
        self.warningsSent = warningsSent
    }

    /// What a deduction may still take.
    public var remaining: Money { Money(fen: controlled.fen - deducted.fen) }
}

/// One request of the network to one institution (查询 / 冻结 / 续冻 / 解冻 / 扣划).
public struct ControlRequest: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case pending, answered
    }

    /// `CR` and the position, e.g. `CR00000042`.
    public var id: String
    /// Where the request is stored; assigned when it is inserted (its id is derived from it).
    public var position: Int64
    /// Its place in the institutions' delivery order (`PullRequests`, the stream): assigned as its
    /// write commits, so positions become visible in order even when writes commit side by side;
    /// nil until then (in the answer of the write that made it).
    public var feedPosition: Int64?
    public var caseNumber: CaseNumber
    public var institution: String
    public var action: ControlAction
    public var status: Status
    /// Whose assets: the debtors of the case.
    public var debtors: [Party]
    /// Legal basis: the case number and this document's number.
    public var documentNumber: String
    public var handlingJudge: String
    public var requestedBy: String
    public var servedAt: Date
    public var answerDueAt: Date
    public var asset: AssetRef?
    /// Freeze: amount to freeze; deduct: amount to move.
    public var amount: Money?
    /// Freeze, renew: the last day asked for.
    public var endOn: CalendarDate?
    /// Renew, release, deduct: the freeze acted on.
    public var freezeRequestID: String?
    public var note: String?
    public var answer: ControlAnswer?
    public var answeredAt: Date?
    /// Freeze requests: the control on the asset, once answered.
    public var control: ControlState?
    /// An overdue-answer reminder was made.
    public var overdueReminded: Bool
    /// Freeze of real estate or movables: the value the court states, counted against the case's
    /// room instead of an amount (nil: unknown, counted as 0).
    public var statedValue: Money?
    /// Freeze: the amount asked before the case's room cut it; deduct: before the subsistence floor cut it.
    public var askedAmount: Money?
    /// Deduct: the case's escrow account the money is paid into (the debtor's).
    public var escrowAccount: EscrowAccountNumber?
    /// Deduct: the bank's reference of the transfer it made, from its answer.
    public var transferReference: String?
    /// Deduct: the custodian bank's transaction id of the receipt that brought the money into escrow.
    public var receiptID: String?
    /// Deduct: a reminder that the money has not arrived was made.
    public var receiptReminded: Bool?
    /// Release: made by the platform to release an excess over the outstanding amount (解除超标的冻结).
    public var automatic: Bool?
    /// Freeze and the requests acting on it: the debtor who holds the asset, from the latest query
    /// answer of the case that named them.
    public var ownerIDNumber: String?

    /// The request is about this debtor: it names them, and its asset (if known) is theirs.
    public func concerns(debtorIDNumber id: String) -> Bool {
        guard debtors.contains(where: { $0.idNumber == id }) else { return false }
        return ownerIDNumber.map { $0 == id } ?? true
    }

    public init(
        id: String = "", position: Int64 = 0, caseNumber: CaseNumber, institution: String, action: ControlAction,
        debtors: [Party], documentNumber: String, handlingJudge: String, requestedBy: String, servedAt: Date,
        answerDueAt: Date, asset: AssetRef? = nil, amount: Money? = nil, endOn: CalendarDate? = nil,
        freezeRequestID: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.position = position
        self.caseNumber = caseNumber
        self.institution = institution
        self.action = action
        self.status = .pending
        self.debtors = debtors
        self.documentNumber = documentNumber
        self.handlingJudge = handlingJudge
        self.requestedBy = requestedBy
        self.servedAt = servedAt
        self.answerDueAt = answerDueAt
        self.asset = asset
        self.amount = amount
        self.endOn = endOn
        self.freezeRequestID = freezeRequestID
        self.note = note
        self.answer = nil
        self.answeredAt = nil
        self.control = nil
        self.overdueReminded = false
    }

    /// The id of the request at a store position.
    public static func id(position: Int64) -> String {
        let digits = String(position)
        return "CR" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// The key that makes two controls compete for one asset: the institution and the asset's identifier.
    public var assetKey: String? {
        guard let asset else { return nil }
        return "\(institution)|\(asset.kind.rawValue)|\(asset.identifier)"
    }
}

/// A reminder for the handling judge and the institution.
public struct Reminder: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case answerOverdue = "answer_overdue"
        case freezeExpiring = "freeze_expiring"
        case freezeLapsed = "freeze_lapsed"
        /// A bank answered a deduction with money moved, and no receipt has brought it into escrow.
        case deductionNotReceived = "deduction_not_received"
    }

    public var sequence: Int64
    public var kind: Kind
    public var caseNumber: CaseNumber
    public var institution: String
    public var handlingJudge: String
    public var requestID: String
    public var at: Date
    public var daysLeft: Int?
    public var message: String

    public init(sequence: Int64 = 0, kind: Kind, caseNumber: CaseNumber, institution: String, handlingJudge: String,
                requestID: String, at: Date, daysLeft: Int? = nil, message: String) {
        self.sequence = sequence
        self.kind = kind
        self.caseNumber = caseNumber
        self.institution = institution
        self.handlingJudge = handlingJudge
        self.requestID = requestID
        self.at = at
        self.daysLeft = daysLeft
        self.message = message
    }
}

/// Which reminders a reader wants.
public struct ReminderFilter: Hashable, Sendable {
    public var court: CourtCode?
    public var caseNumber: CaseNumber?
    public var institution: String?
    public var after: Int64
    public var limit: Int

    public init(court: CourtCode? = nil, caseNumber: CaseNumber? = nil, institution: String? = nil, after: Int64 = 0, limit: Int = 100) {
        self.court = court
        self.caseNumber = caseNumber
        self.institution = institution
        self.after = after
        self.limit = limit
    }
}
