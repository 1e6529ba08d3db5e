/// Requests to the case-funds subsystem, as the domain receives them (validated in the workflow).
/// Each is `Codable` so that its canonical JSON can be hashed for exactly-once replays.

/// Opens one more escrow account of a case, for a payer other than its debtors.
public struct OpenEscrowAccount: CaseCommand, Hashable {
    public static let action = "funds.open_account"
    public var caseNumber: String
    public var payerName: String

    public init(caseNumber: String, payerName: String) {
        self.caseNumber = caseNumber
        self.payerName = payerName
    }
}

/// The custodian bank's report of money received.
public struct ReportReceipt: CaseCommand, Hashable {
    public static let action = "funds.receipt"
    public var bankTransactionID: String
    public var payerName: String
    public var payerAccount: String
    public var amountFen: Int64
    public var accountWritten: String
    public var reference: String
    /// ISO 8601 instant the bank received the money.
    public var receivedAt: String

    public init(bankTransactionID: String, payerName: String, payerAccount: String, amountFen: Int64,
                accountWritten: String, reference: String = "", receivedAt: String) {
        self.bankTransactionID = bankTransactionID
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.amountFen = amountFen
        self.accountWritten = accountWritten
        self.reference = reference
        self.receivedAt = receivedAt
    }
}

/// Staff match a suspense receipt to an escrow account of a case.
public struct MatchReceipt: CaseCommand, Hashable {
    public static let action = "funds.match"
    public var bankTransactionID: String
    public var escrowAccount: String
    public var note: String

    public init(bankTransactionID: String, escrowAccount: String, note: String = "") {
        self.bankTransactionID = bankTransactionID
        self.escrowAccount = escrowAccount
        self.note = note
    }
}

/// Corrects a receipt or a match by a reversing transfer.
public struct ReverseTransfer: CaseCommand, Hashable {
    public static let action = "funds.reverse"
    public var transferID: String
    public var reason: String

    public init(transferID: String, reason: String) {
        self.transferID = transferID
        self.reason = reason
    }
}

public struct ProposePayout: CaseCommand, Hashable {
    public static let action = "funds.payout.propose"
    public var caseNumber: String
    public var escrowAccount: String
    public var purpose: PayoutPurpose?
    public var payeeName: String
    public var payeeAccount: String
    public var payeeBank: String
    public var amountFen: Int64
    public var note: String

    public init(caseNumber: String, escrowAccount: String, purpose: PayoutPurpose?, payeeName: String, payeeAccount: String,
                payeeBank: String, amountFen: Int64, note: String = "") {
        self.caseNumber = caseNumber
        self.escrowAccount = escrowAccount
        self.purpose = purpose
        self.payeeName = payeeName
        self.payeeAccount = payeeAccount
        self.payeeBank = payeeBank
        self.amountFen = amountFen
        self.note = note
    }
}

public struct ApprovePayout: CaseCommand, Hashable {
    public static let action = "funds.payout.approve"
    public var payoutID: String
    public var stage: ApprovalStage?

    public init(payoutID: String, stage: ApprovalStage?) {
        self.payoutID = payoutID
        self.stage = stage
    }
}

/// A step of the chain refuses a payout not yet approved (or the judge withdraws it); the
/// reservation is released.
public struct RejectPayout: CaseCommand, Hashable {
    public static let action = "funds.payout.reject"
    public var payoutID: String
    public var reason: String

    public init(payoutID: String, reason: String) {
        self.payoutID = payoutID
        self.reason = reason
    }
}

/// The custodian bank's report that it executed an approved payout.
public struct ConfirmPayout: CaseCommand, Hashable {
    public static let action = "funds.payout.confirm"
    public var payoutID: String
    public var bankTransactionID: String

    public init(payoutID: String, bankTransactionID: String) {
        self.payoutID = payoutID
        self.bankTransactionID = bankTransactionID
    }
}

/// The custodian bank's report that an approved payout could not be executed.
public struct FailPayout: CaseCommand, Hashable {
    public static let action = "funds.payout.fail"
    public var payoutID: String
    public var reason: String

    public init(payoutID: String, reason: String) {
        self.payoutID = payoutID
        self.reason = reason
    }
}

/// Records (or, with no reason, clears) why an escrow account's money is not paid out within 30 days.
public struct HoldPayouts: CaseCommand, Hashable {
    public static let action = "funds.hold"
    public var escrowAccount: String
    public var reason: PayoutHoldReason?
    public var note: String

    public init(escrowAccount: String, reason: PayoutHoldReason?, note: String = "") {
        self.escrowAccount = escrowAccount
        self.reason = reason
        self.note = note
    }
}
