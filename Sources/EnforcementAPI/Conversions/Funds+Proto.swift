public import EnforcementCore
public import Foundation
public import SwiftProtobuf

// Case funds: enums, records and requests, both directions.


extension Optional where Wrapped == Google_Protobuf_Timestamp {
    var date: Date? { self?.date }
}

// MARK: Records

extension Enforcement_V1_EscrowAccount {
    public init(_ account: LedgerAccount) {
        self.init()
        accountNumber = account.number?.description ?? account.id
        caseNumber = account.caseNumber?.description ?? ""
        holder = account.holder ?? ""
        balanceFen = account.balance.fen
        availableFen = account.available.fen
        receivedFen = account.creditsPosted
        paidOutFen = account.debitsPosted
        hold = account.hold.map { $0.reason.proto() } ?? .unspecified
        holdNote = account.hold?.note ?? ""
    }
}

extension LedgerAccount {
    public init(_ proto: Enforcement_V1_EscrowAccount) throws {
        let number = try EscrowAccountNumber(parsing: proto.accountNumber, field: "account_number")
        self.init(id: LedgerAccount.escrowID(number), kind: .escrow, caseNumber: try? CaseNumber(parsing: proto.caseNumber),
                  number: number, holder: proto.holder.isEmpty ? nil : proto.holder, openedAt: Date(timeIntervalSince1970: 0))
        creditsPosted = proto.receivedFen
        debitsPosted = proto.paidOutFen
        debitsPending = proto.balanceFen - proto.availableFen
        hold = PayoutHoldReason(proto: proto.hold).map { PayoutHold(reason: $0, note: proto.holdNote.isEmpty ? nil : proto.holdNote, recordedBy: "", at: Date(timeIntervalSince1970: 0)) }
    }
}

extension Enforcement_V1_Receipt {
    public init(_ receipt: Receipt) {
        self.init()
        bankTransactionID = receipt.bankTransactionID
        payerName = receipt.payerName
        payerAccount = receipt.payerAccount
        amountFen = receipt.amount.fen
        accountWritten = receipt.accountWritten
        reference = receipt.reference ?? ""
        receivedAt = Google_Protobuf_Timestamp(date: receipt.receivedAt)
        status = receipt.status.proto()
        caseNumber = receipt.caseNumber?.description ?? ""
        escrowAccount = receipt.escrowAccount?.description ?? ""
        deductionRequestID = receipt.deductionRequestID ?? ""
        transferID = receipt.transferID
        matchTransferID = receipt.matchTransferID ?? ""
        matchedBy = receipt.matchedBy ?? ""
        if let at = receipt.matchedAt { matchedAt = Google_Protobuf_Timestamp(date: at) }
    }
}

extension Receipt {
    public init(_ proto: Enforcement_V1_Receipt) throws {
        guard let status = Receipt.Status(proto: proto.status) else {
            throw EnforcementError(.internalError, "the server sent a receipt without a status")
        }
        self.init(
            bankTransactionID: proto.bankTransactionID, custodian: "", payerName: proto.payerName, payerAccount: proto.payerAccount,
            amount: Money(fen: proto.amountFen), accountWritten: proto.accountWritten,
            reference: proto.reference.isEmpty ? nil : proto.reference, receivedAt: proto.receivedAt.date,
            reportedAt: proto.receivedAt.date, status: status,
            caseNumber: proto.caseNumber.isEmpty ? nil : try CaseNumber(parsing: proto.caseNumber),
            escrowAccount: EscrowAccountNumber(written: proto.escrowAccount),
            deductionRequestID: proto.deductionRequestID.isEmpty ? nil : proto.deductionRequestID, transferID: proto.transferID,
            matchTransferID: proto.matchTransferID.isEmpty ? nil : proto.matchTransferID,
            matchedBy: proto.matchedBy.isEmpty ? nil : proto.matchedBy, matchedAt: proto.hasMatchedAt ? proto.matchedAt.date : nil)
    }
}

extension Enforcement_V1_Transfer {
    public init(_ transfer: Transfer) {
        self.init()
        id = transfer.id
        debitAccount = transfer.debit
        creditAccount = transfer.credit
        amountFen = transfer.amount.fen
        kind = transfer.kind.rawValue
        pending = transfer.pending
        resolves = transfer.resolves ?? ""
        resolution = transfer.resolution?.rawValue ?? ""
        reverses = transfer.reverses ?? ""
        caseNumber = transfer.caseNumber?.description ?? ""
        reference = transfer.reference ?? ""
        note = transfer.note ?? ""
        at = Google_Protobuf_Timestamp(date: transfer.at)
    }
}

extension Transfer {
    public init(_ proto: Enforcement_V1_Transfer) throws {
        guard let kind = TransferKind(rawValue: proto.kind) else {
            throw EnforcementError(.internalError, "the server sent a transfer of unknown kind '\(proto.kind)'")
        }
        self.init(
            debit: proto.debitAccount, credit: proto.creditAccount, amount: Money(fen: proto.amountFen), kind: kind, pending: proto.pending,
            resolves: proto.resolves.isEmpty ? nil : proto.resolves, resolution: PendingResolution(rawValue: proto.resolution),
            reverses: proto.reverses.isEmpty ? nil : proto.reverses,
            caseNumber: proto.caseNumber.isEmpty ? nil : try CaseNumber(parsing: proto.caseNumber),
            reference: proto.reference.isEmpty ? nil : proto.reference, note: proto.note.isEmpty ? nil : proto.note, at: proto.at.date)
        id = proto.id
    }
}

extension Enforcement_V1_Payout {
    public init(_ payout: Payout) {
        self.init()
        id = payout.id
        caseNumber = payout.caseNumber.description
        escrowAccount = payout.escrowAccount.description
        purpose = payout.purpose.proto()
        payeeName = payout.payeeName
        payeeAccount = payout.payeeAccount
        payeeBank = payout.payeeBank
        amountFen = payout.amount.fen
        enforcementFeeFen = payout.enforcementFee.fen
        status = payout.status.proto()
        approvals = payout.approvals.map { approval in
            var proto = Enforcement_V1_Approval()
            proto.stage = approval.stage.proto()
            proto.user = approval.user
            proto.at = Google_Protobuf_Timestamp(date: approval.at)
            proto.userName = approval.userName ?? ""
            proto.onBehalfOf = approval.onBehalfOf ?? ""
            return proto
        }
        proposedAt = Google_Protobuf_Timestamp(date: payout.proposedAt)
        bankTransactionID = payout.bankTransactionID ?? ""
        failureReason = payout.failureReason ?? ""
        if let at = payout.completedAt { completedAt = Google_Protobuf_Timestamp(date: at) }
        note = payout.note ?? ""
    }
}

extension Payout {
    public init(_ proto: Enforcement_V1_Payout) throws {
        guard let purpose = PayoutPurpose(proto: proto.purpose), let status = Payout.Status(proto: proto.status) else {
            throw EnforcementError(.internalError, "the server sent a payout without purpose or status")
        }
        self.init(
            caseNumber: try CaseNumber(parsing: proto.caseNumber),
            escrowAccount: try EscrowAccountNumber(parsing: proto.escrowAccount, field: "escrow_account"), purpose: purpose,
            payeeName: proto.payeeName, payeeAccount: proto.payeeAccount, payeeBank: proto.payeeBank, amount: Money(fen: proto.amountFen),
            enforcementFee: Money(fen: proto.enforcementFeeFen), status: status,
            approvals: proto.approvals.compactMap { approval in
                ApprovalStage(proto: approval.stage).map {
                    Approval(stage: $0, user: approval.user, at: approval.at.date, userName: approval.userName.isEmpty ? nil : approval.userName,
                             onBehalfOf: approval.onBehalfOf.isEmpty ? nil : approval.onBehalfOf)
                }
            },
            proposedAt: proto.proposedAt.date, bankTransactionID: proto.bankTransactionID.isEmpty ? nil : proto.bankTransactionID,
            failureReason: proto.failureReason.isEmpty ? nil : proto.failureReason, completedAt: proto.hasCompletedAt ? proto.completedAt.date : nil,
            note: proto.note.isEmpty ? nil : proto.note)
        id = proto.id
    }
}

extension Enforcement_V1_OutboxMessage {
    public init(_ message: OutboxMessage) {
        self.init()
        sequence = message.sequence
        caseNumber = message.caseNumber.description
        recipient = message.recipient.rawValue
        name = message.name
        phone = message.phone ?? ""
        template = message.template
        text = message.text
        reference = message.reference
        createdAt = Google_Protobuf_Timestamp(date: message.createdAt)
    }
}

extension OutboxMessage {
    public init(_ proto: Enforcement_V1_OutboxMessage) throws {
        guard let recipient = Recipient(rawValue: proto.recipient) else {
            throw EnforcementError(.internalError, "the server sent an outbox message for unknown recipient '\(proto.recipient)'")
        }
        self.init(sequence: proto.sequence, caseNumber: try CaseNumber(parsing: proto.caseNumber), recipient: recipient, name: proto.name,
                  phone: proto.phone.isEmpty ? nil : proto.phone, template: proto.template, text: proto.text, reference: proto.reference,
                  createdAt: proto.createdAt.date)
    }
}

extension Enforcement_V1_FundsReminder {
    public init(_ reminder: FundsReminder) {
        self.init()
        sequence = reminder.sequence
        kind = reminder.kind.rawValue
        caseNumber = reminder.caseNumber?.description ?? ""
        subject = reminder.subject
        at = Google_Protobuf_Timestamp(date: reminder.at)
        message = reminder.message
    }
}

extension FundsReminder {
    public init(_ proto: Enforcement_V1_FundsReminder) throws {
        guard let kind = Kind(rawValue: proto.kind) else {
            throw EnforcementError(.internalError, "the server sent a reminder of unknown kind '\(proto.kind)'")
        }
        self.init(sequence: proto.sequence, key: "", kind: kind, caseNumber: proto.caseNumber.isEmpty ? nil : try CaseNumber(parsing: proto.caseNumber),
                  subject: proto.subject, at: proto.at.date, message: proto.message)
    }
}

extension Enforcement_V1_Balance {
    public init(_ balance: FundsBalance) {
        self.init()
        caseNumber = balance.caseNumber.description
        accounts = balance.accounts.map(Enforcement_V1_EscrowAccount.init)
        payouts = balance.payouts.map(Enforcement_V1_Payout.init)
        enforcementFeeFen = balance.enforcementFee.fen
    }
}

extension FundsBalance {
    public init(_ proto: Enforcement_V1_Balance) throws {
        self.init(caseNumber: try CaseNumber(parsing: proto.caseNumber), accounts: try proto.accounts.map(LedgerAccount.init),
                  payouts: try proto.payouts.map(Payout.init), enforcementFee: Money(fen: proto.enforcementFeeFen))
    }
}

extension Enforcement_V1_ReconciliationReport {
    public init(_ report: ReconciliationReport) {
        self.init()
        from = report.from.description
        to = report.to.description
        lines = Int32(clamping: report.lines)
        matched = Int32(clamping: report.matched)
        differences = report.differences.map { difference in
            var proto = Enforcement_V1_ReconciliationDifference()
            proto.kind = difference.kind.rawValue
            proto.transactionID = difference.transactionID
            proto.line = Int32(clamping: difference.line ?? 0)
            proto.statementAmountFen = difference.statementAmount?.fen ?? 0
            proto.ledgerAmountFen = difference.ledgerAmount?.fen ?? 0
            proto.detail = difference.detail
            return proto
        }
    }
}

extension ReconciliationReport {
    public init(_ proto: Enforcement_V1_ReconciliationReport) throws {
        guard let from = CalendarDate(stored: proto.from), let to = CalendarDate(stored: proto.to) else {
            throw EnforcementError(.internalError, "the server sent a report without its period")
        }
        self.init(from: from, to: to, lines: Int(proto.lines), matched: Int(proto.matched), differences: try proto.differences.map { difference in
            guard let kind = ReconciliationDifference.Kind(rawValue: difference.kind) else {
                throw EnforcementError(.internalError, "the server sent a difference of unknown kind '\(difference.kind)'")
            }
            return ReconciliationDifference(
                kind: kind, transactionID: difference.transactionID, line: difference.line == 0 ? nil : Int(difference.line),
                statementAmount: difference.line == 0 ? nil : Money(fen: difference.statementAmountFen),
                ledgerAmount: kind == .missingInLedger ? nil : Money(fen: difference.ledgerAmountFen), detail: difference.detail)
        })
    }
}

extension Enforcement_V1_LedgerCheck {
    public init(_ check: LedgerCheck) {
        self.init()
        accounts = Int32(clamping: check.accounts)
        transfers = Int32(clamping: check.transfers)
        bankFen = check.bank.fen
        escrowFen = check.escrow.fen
        suspenseFen = check.suspense.fen
        pendingPayoutsFen = check.pendingPayouts.fen
        problems = check.problems
    }
}

extension LedgerCheck {
    public init(_ proto: Enforcement_V1_LedgerCheck) {
        self.init(accounts: Int(proto.accounts), transfers: Int(proto.transfers), bank: Money(fen: proto.bankFen),
                  escrow: Money(fen: proto.escrowFen), suspense: Money(fen: proto.suspenseFen),
                  pendingPayouts: Money(fen: proto.pendingPayoutsFen), problems: proto.problems)
    }
}

// MARK: Requests to the domain (server side) and back (client side)

extension OpenEscrowAccount {
    public init(_ request: Enforcement_V1_OpenEscrowAccountRequest) {
        self.init(caseNumber: request.caseNumber, payerName: request.payerName)
    }
}

extension Enforcement_V1_OpenEscrowAccountRequest {
    public init(_ command: OpenEscrowAccount, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        payerName = command.payerName
    }
}

extension ReportReceipt {
    public init(_ request: Enforcement_V1_ReportReceiptRequest) throws(EnforcementError) {
        let receivedAt = request.hasReceivedAt ? try WireBounds.instant(request.receivedAt, field: "received_at") : nil
        self.init(bankTransactionID: request.bankTransactionID, payerName: request.payerName, payerAccount: request.payerAccount,
                  amountFen: request.amountFen, accountWritten: request.accountWritten, reference: request.reference,
                  receivedAt: receivedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "")
    }
}

extension Enforcement_V1_ReportReceiptRequest {
    public init(_ command: ReportReceipt, requestID: String) throws {
        self.init()
        self.requestID = requestID
        bankTransactionID = command.bankTransactionID
        payerName = command.payerName
        payerAccount = command.payerAccount
        amountFen = command.amountFen
        accountWritten = command.accountWritten
        reference = command.reference
        guard let at = ISO8601DateFormatter().date(from: command.receivedAt) else {
            throw EnforcementError.invalid("received_at", "an ISO 8601 instant is required, e.g. 2026-11-28T09:30:00+08:00; got '\(command.receivedAt)'")
        }
        receivedAt = Google_Protobuf_Timestamp(date: at)
    }
}

extension MatchReceipt {
    public init(_ request: Enforcement_V1_MatchReceiptRequest) {
        self.init(bankTransactionID: request.bankTransactionID, escrowAccount: request.escrowAccount, note: request.note)
    }
}

extension Enforcement_V1_MatchReceiptRequest {
    public init(_ command: MatchReceipt, requestID: String) {
        self.init()
        self.requestID = requestID
        bankTransactionID = command.bankTransactionID
        escrowAccount = command.escrowAccount
        note = command.note
    }
}

extension ReverseTransfer {
    public init(_ request: Enforcement_V1_ReverseTransferRequest) {
        self.init(transferID: request.transferID, reason: request.reason)
    }
}

extension Enforcement_V1_ReverseTransferRequest {
    public init(_ command: ReverseTransfer, requestID: String) {
        self.init()
        self.requestID = requestID
        transferID = command.transferID
        reason = command.reason
    }
}

extension ProposePayout {
    public init(_ request: Enforcement_V1_ProposePayoutRequest) {
        self.init(caseNumber: request.caseNumber, escrowAccount: request.escrowAccount, purpose: PayoutPurpose(proto: request.purpose),
                  payeeName: request.payeeName, payeeAccount: request.payeeAccount, payeeBank: request.payeeBank,
                  amountFen: request.amountFen, note: request.note)
    }
}

extension Enforcement_V1_ProposePayoutRequest {
    public init(_ command: ProposePayout, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        escrowAccount = command.escrowAccount
        purpose = command.purpose.map { $0.proto() } ?? .unspecified
        payeeName = command.payeeName
        payeeAccount = command.payeeAccount
        payeeBank = command.payeeBank
        amountFen = command.amountFen
        note = command.note
    }
}

extension ApprovePayout {
    public init(_ request: Enforcement_V1_ApprovePayoutRequest) {
        self.init(payoutID: request.payoutID, stage: ApprovalStage(proto: request.stage))
    }
}

extension Enforcement_V1_ApprovePayoutRequest {
    public init(_ command: ApprovePayout, requestID: String) {
        self.init()
        self.requestID = requestID
        payoutID = command.payoutID
        stage = command.stage.map { $0.proto() } ?? .unspecified
    }
}

extension RejectPayout {
    public init(_ request: Enforcement_V1_RejectPayoutRequest) {
        self.init(payoutID: request.payoutID, reason: request.reason)
    }
}

extension Enforcement_V1_RejectPayoutRequest {
    public init(_ command: RejectPayout, requestID: String) {
        self.init()
        self.requestID = requestID
        payoutID = command.payoutID
        reason = command.reason
    }
}

extension ConfirmPayout {
    public init(_ request: Enforcement_V1_ConfirmPayoutRequest) {
        self.init(payoutID: request.payoutID, bankTransactionID: request.bankTransactionID)
    }
}

extension Enforcement_V1_ConfirmPayoutRequest {
    public init(_ command: ConfirmPayout, requestID: String) {
        self.init()
        self.requestID = requestID
        payoutID = command.payoutID
        bankTransactionID = command.bankTransactionID
    }
}

extension FailPayout {
    public init(_ request: Enforcement_V1_FailPayoutRequest) {
        self.init(payoutID: request.payoutID, reason: request.reason)
    }
}

extension Enforcement_V1_FailPayoutRequest {
    public init(_ command: FailPayout, requestID: String) {
        self.init()
        self.requestID = requestID
        payoutID = command.payoutID
        reason = command.reason
    }
}

extension HoldPayouts {
    public init(_ request: Enforcement_V1_HoldPayoutsRequest) {
        self.init(escrowAccount: request.escrowAccount, reason: PayoutHoldReason(proto: request.reason), note: request.note)
    }
}

extension Enforcement_V1_HoldPayoutsRequest {
    public init(_ command: HoldPayouts, requestID: String) {
        self.init()
        self.requestID = requestID
        escrowAccount = command.escrowAccount
        reason = command.reason.map { $0.proto() } ?? .unspecified
        note = command.note
    }
}

extension Enforcement_V1_ListSuspenseRequest {
    /// The instant asked for (within ``WireBounds``), or `now` when the field is unset.
    public func instant(defaultingTo now: Date) throws(EnforcementError) -> Date {
        hasAsOf ? try WireBounds.instant(asOf, field: "as_of") : now
    }

    public init(asOf instant: Date?) {
        self.init()
        if let instant { asOf = Google_Protobuf_Timestamp(date: instant) }
    }
}
