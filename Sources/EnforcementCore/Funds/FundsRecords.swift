public import Foundation

/// Money the custodian bank reported as received, identified by the bank's transaction id.
public struct Receipt: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Credited to the escrow account whose number the payer wrote.
        case credited
        /// No valid number: waiting in suspense for staff to match it (within 3 days).
        case suspense
        /// Matched from suspense to a case by staff.
        case matched
        /// Corrected by a reversing transfer; the money is no longer held for a case.
        case reversed
    }

    public var position: Int64 = 0
    public var bankTransactionID: String
    /// The custodian bank that reported it.
    public var custodian: String
    public var payerName: String
    public var payerAccount: String
    public var amount: Money
    /// The account number as the payer wrote it on the transfer.
    public var accountWritten: String
    /// Free text of the transfer; naming a deduction request (`CR…`) links the receipt to it.
    public var reference: String?
    public var receivedAt: Date
    public var reportedAt: Date
    public var status: Status
    public var caseNumber: CaseNumber?
    public var escrowAccount: EscrowAccountNumber?
    /// The deduction request of the case this money answers, when the reference names one.
    public var deductionRequestID: String?
    public var transferID: String
    public var matchTransferID: String?
    public var matchedBy: String?
    public var matchedAt: Date?

    /// The fields a repeated report must repeat exactly.
    func sameReport(as other: Receipt) -> Bool {
        bankTransactionID == other.bankTransactionID && amount == other.amount && accountWritten == other.accountWritten
            && payerName == other.payerName && payerAccount == other.payerAccount && receivedAt == other.receivedAt
            && reference == other.reference
    }

    public init(position: Int64 = 0, bankTransactionID: String, custodian: String, payerName: String, payerAccount: String, amount: Money, accountWritten: String, reference: String? = nil, receivedAt: Date, reportedAt: Date, status: Status, caseNumber: CaseNumber? = nil, escrowAccount: EscrowAccountNumber? = nil, deductionRequestID: String? = nil, transferID: String, matchTransferID: String? = nil, matchedBy: String? = nil, matchedAt: Date? = nil) {
        self.position = position
        self.bankTransactionID = bankTransactionID
        self.custodian = custodian
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.amount = amount
        self.accountWritten = accountWritten
        self.reference = reference
        self.receivedAt = receivedAt
        self.reportedAt = reportedAt
        self.status = status
        self.caseNumber = caseNumber
        self.escrowAccount = escrowAccount
        self.deductionRequestID = deductionRequestID
        self.transferID = transferID
        self.matchTransferID = matchTransferID
        self.matchedBy = matchedBy
        self.matchedAt = matchedAt
    }
}

/// Whom a payout pays.
public enum PayoutPurpose: String, Codable, Sendable, CaseIterable {
    /// The applicant (or another payee named by the court): escrow → payable → bank.
    case payee
    /// The enforcement fee, paid over to the court: escrow → fee income → bank.
    case enforcementFee = "enforcement_fee"
}

/// The approval chain of a payout: the judge (by proposing), the bureau chief, then finance.
public enum ApprovalStage: String, Codable, Sendable, CaseIterable {
    case judge
    case bureauChief = "bureau_chief"
    case finance

    public var next: ApprovalStage? {
        switch self {
        case .judge: .bureauChief
        case .bureauChief: .finance
        case .finance: nil
        }
    }
}

public struct Approval: Hashable, Codable, Sendable {
    public var stage: ApprovalStage
    /// The verified user id (the token's `sub`) who took this step.
    public var user: String
    public var at: Date
    /// The user's name as the token gave it (absent in approvals recorded before user tokens).
    public var userName: String?
    /// A clerk proposing for the handling judge: the judge's user id (the clerk is `user`).
    public var onBehalfOf: String?

    public init(stage: ApprovalStage, user: String, at: Date, userName: String? = nil, onBehalfOf: String? = nil) {
        self.stage = stage
        self.user = user
        self.at = at
        self.userName = userName
        self.onBehalfOf = onBehalfOf
    }

    /// Every user who took part in this step: the one who acted and the judge a clerk acted for.
    public var participants: [String] { [user] + (onBehalfOf.map { [$0] } ?? []) }
}

/// A payout from a case's escrow account, pending until approved three times and executed.
public struct Payout: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case awaitingBureauChief = "awaiting_bureau_chief"
        case awaitingFinance = "awaiting_finance"
        /// Approved; waiting for the custodian bank to execute it.
        case approved
        /// Executed by the bank: the money has left.
        case paid
        /// The bank could not pay; the pending transfer was voided and the balance restored.
        case failed
        /// Refused in the approval chain or withdrawn by the judge before approval; voided.
        case rejected
    }

    public var position: Int64 = 0
    public var id: String = ""
    public var caseNumber: CaseNumber
    public var escrowAccount: EscrowAccountNumber
    public var purpose: PayoutPurpose
    public var payeeName: String
    public var payeeAccount: String
    public var payeeBank: String
    public var amount: Money
    /// The enforcement fee on the case's amount sought (DOMAIN.md, Money), borne by the debtor.
    public var enforcementFee: Money
    public var status: Status
    public var approvals: [Approval]
    public var proposedAt: Date
    public var pendingTransferID: String = ""
    public var bankTransactionID: String?
    /// The bank's reason for a failure, or the reason given for a rejection.
    public var failureReason: String?
    public var completedAt: Date?
    public var note: String?

    public static func id(position: Int64) -> String { String(format: "P%08lld", position) }

    /// The stage whose approval is awaited, if any.
    public var awaitedStage: ApprovalStage? {
        switch status {
        case .awaitingBureauChief: .bureauChief
        case .awaitingFinance: .finance
        default: nil
        }
    }

    public init(position: Int64 = 0, id: String = "", caseNumber: CaseNumber, escrowAccount: EscrowAccountNumber, purpose: PayoutPurpose, payeeName: String, payeeAccount: String, payeeBank: String, amount: Money, enforcementFee: Money, status: Status, approvals: [Approval], proposedAt: Date, pendingTransferID: String = "", bankTransactionID: String? = nil, failureReason: String? = nil, completedAt: Date? = nil, note: String? = nil) {
        self.position = position
        self.id = id
        self.caseNumber = caseNumber
        self.escrowAccount = escrowAccount
        self.purpose = purpose
        self.payeeName = payeeName
        self.payeeAccount = payeeAccount
        self.payeeBank = payeeBank
        self.amount = amount
        self.enforcementFee = enforcementFee
        self.status = status
        self.approvals = approvals
        self.proposedAt = proposedAt
        self.pendingTransferID = pendingTransferID
        self.bankTransactionID = bankTransactionID
        self.failureReason = failureReason
        self.completedAt = completedAt
        self.note = note
    }
}

/// A message to push to the handling judge or a party; written in the same transaction as the
/// money movement it reports, delivered by the notification outbox.
public struct OutboxMessage: Hashable, Codable, Sendable {
    public enum Recipient: String, Codable, Sendable {
        case handlingJudge = "handling_judge"
        case applicant
        case debtor
        /// An assisting institution's contact (supervision's reminders of overdue answers).
        case institution
    }

    public var sequence: Int64 = 0
    public var caseNumber: CaseNumber
    public var recipient: Recipient
    public var name: String
    /// A mobile number when the party gave one.
    public var phone: String?
    /// The template's code, e.g. `funds_received`.
    public var template: String
    public var text: String
    /// The receipt or payout the message reports.
    public var reference: String
    public var createdAt: Date

    public init(sequence: Int64 = 0, caseNumber: CaseNumber, recipient: Recipient, name: String, phone: String? = nil, template: String, text: String, reference: String, createdAt: Date) {
        self.sequence = sequence
        self.caseNumber = caseNumber
        self.recipient = recipient
        self.name = name
        self.phone = phone
        self.template = template
        self.text = text
        self.reference = reference
        self.createdAt = createdAt
    }
}

/// A funds deadline that passed: a receipt unmatched for 3 days, or money held over 30 days.
public struct FundsReminder: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case suspenseUnmatched = "suspense_unmatched"
        case payoutOverdue = "payout_overdue"
    }

    public var sequence: Int64 = 0
    /// What the reminder is about, unique: a repeated sweep never writes it twice.
    public var key: String
    public var kind: Kind
    public var caseNumber: CaseNumber?
    public var subject: String
    public var at: Date
    public var message: String

    public init(sequence: Int64 = 0, key: String, kind: Kind, caseNumber: CaseNumber? = nil, subject: String, at: Date, message: String) {
        self.sequence = sequence
        self.key = key
        self.kind = kind
        self.caseNumber = caseNumber
        self.subject = subject
        self.at = at
        self.message = message
    }
}

/// A case's money: its escrow accounts, its payouts and the fee on its amount sought.
public struct FundsBalance: Hashable, Codable, Sendable {
    public var caseNumber: CaseNumber
    public var accounts: [LedgerAccount]
    public var payouts: [Payout]
    public var enforcementFee: Money

    public init(caseNumber: CaseNumber, accounts: [LedgerAccount], payouts: [Payout], enforcementFee: Money) {
        self.caseNumber = caseNumber
        self.accounts = accounts
        self.payouts = payouts
        self.enforcementFee = enforcementFee
    }
}
