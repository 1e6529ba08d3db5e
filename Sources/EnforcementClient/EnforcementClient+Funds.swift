public import EnforcementCore
import EnforcementAPI
public import Foundation
import GRPCCore

/// Case funds: the court side (accounts, matching, payouts), the custodian bank's side (receipts,
/// execution) and the city-wide views (suspense, reconciliation, ledger check).
extension EnforcementClient {
    // MARK: Court side

    public func openEscrowAccount(_ command: OpenEscrowAccount, requestID: String = newRequestID()) async throws -> LedgerAccount {
        let request = Enforcement_V1_OpenEscrowAccountRequest(command, requestID: requestID)
        return try LedgerAccount(try await call(requestID) { try await funds.openEscrowAccount(request, metadata: $0, options: $1) })
    }

    public func matchReceipt(_ command: MatchReceipt, requestID: String = newRequestID()) async throws -> Receipt {
        let request = Enforcement_V1_MatchReceiptRequest(command, requestID: requestID)
        return try Receipt(try await call(requestID) { try await funds.matchReceipt(request, metadata: $0, options: $1) })
    }

    public func reverseTransfer(_ command: ReverseTransfer, requestID: String = newRequestID()) async throws -> Transfer {
        let request = Enforcement_V1_ReverseTransferRequest(command, requestID: requestID)
        return try Transfer(try await call(requestID) { try await funds.reverseTransfer(request, metadata: $0, options: $1) })
    }

    public func proposePayout(_ command: ProposePayout, requestID: String = newRequestID()) async throws -> Payout {
        let request = Enforcement_V1_ProposePayoutRequest(command, requestID: requestID)
        return try Payout(try await call(requestID) { try await funds.proposePayout(request, metadata: $0, options: $1) })
    }

    public func approvePayout(_ command: ApprovePayout, requestID: String = newRequestID()) async throws -> Payout {
        let request = Enforcement_V1_ApprovePayoutRequest(command, requestID: requestID)
        return try Payout(try await call(requestID) { try await funds.approvePayout(request, metadata: $0, options: $1) })
    }

    public func rejectPayout(_ command: RejectPayout, requestID: String = newRequestID()) async throws -> Payout {
        let request = Enforcement_V1_RejectPayoutRequest(command, requestID: requestID)
        return try Payout(try await call(requestID) { try await funds.rejectPayout(request, metadata: $0, options: $1) })
    }

    public func holdPayouts(_ command: HoldPayouts, requestID: String = newRequestID()) async throws -> LedgerAccount {
        let request = Enforcement_V1_HoldPayoutsRequest(command, requestID: requestID)
        return try LedgerAccount(try await call(requestID) { try await funds.holdPayouts(request, metadata: $0, options: $1) })
    }

    public func balance(ofCase number: String) async throws -> FundsBalance {
        var request = Enforcement_V1_GetBalanceRequest()
        request.caseNumber = number
        return try FundsBalance(try await call(nil) { try await funds.getBalance(request, metadata: $0, options: $1) })
    }

    public func statement(ofCase number: String, after: Int64 = 0, limit: Int = 1000) async throws -> [Transfer] {
        var request = Enforcement_V1_GetStatementRequest()
        request.caseNumber = number
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await funds.getStatement(request, metadata: $0, options: $1) }.transfers.map(Transfer.init)
    }

    public func outbox(caseNumber: String? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [OutboxMessage] {
        var request = Enforcement_V1_ListOutboxRequest()
        request.caseNumber = caseNumber ?? ""
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await funds.listOutbox(request, metadata: $0, options: $1) }.messages.map(OutboxMessage.init)
    }

    // MARK: Custodian bank

    public func reportReceipt(_ command: ReportReceipt, requestID: String = newRequestID()) async throws -> Receipt {
        let request = try Enforcement_V1_ReportReceiptRequest(command, requestID: requestID)
        return try Receipt(try await call(requestID) { try await funds.reportReceipt(request, metadata: $0, options: $1) })
    }

    public func confirmPayout(_ command: ConfirmPayout, requestID: String = newRequestID()) async throws -> Payout {
        let request = Enforcement_V1_ConfirmPayoutRequest(command, requestID: requestID)
        return try Payout(try await call(requestID) { try await funds.confirmPayout(request, metadata: $0, options: $1) })
    }

    public func failPayout(_ command: FailPayout, requestID: String = newRequestID()) async throws -> Payout {
        let request = Enforcement_V1_FailPayoutRequest(command, requestID: requestID)
        return try Payout(try await call(requestID) { try await funds.failPayout(request, metadata: $0, options: $1) })
    }

    // MARK: Lists and city-wide views

    public func receipts(caseNumber: String? = nil, status: Receipt.Status? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [Receipt] {
        var request = Enforcement_V1_ListReceiptsRequest()
        request.caseNumber = caseNumber ?? ""
        request.status = status.map { $0.proto() } ?? .unspecified
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await funds.listReceipts(request, metadata: $0, options: $1) }.receipts.map(Receipt.init)
    }

    /// The suspense items as they stood at `instant` (nil: now), e.g. a month's end.
    public func suspense(asOf instant: Date? = nil) async throws -> [Receipt] {
        let request = Enforcement_V1_ListSuspenseRequest(asOf: instant)
        return try await call(nil) { try await funds.listSuspense(request, metadata: $0, options: $1) }.receipts.map(Receipt.init)
    }

    public func payouts(caseNumber: String? = nil, status: Payout.Status? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [Payout] {
        var request = Enforcement_V1_ListPayoutsRequest()
        request.caseNumber = caseNumber ?? ""
        request.status = status.map { $0.proto() } ?? .unspecified
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await funds.listPayouts(request, metadata: $0, options: $1) }.payouts.map(Payout.init)
    }

    public func fundsReminders(caseNumber: String? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [FundsReminder] {
        var request = Enforcement_V1_ListFundsRemindersRequest()
        request.caseNumber = caseNumber ?? ""
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await funds.listFundsReminders(request, metadata: $0, options: $1) }.reminders.map(FundsReminder.init)
    }

    public func reconcile(statementCSV: String) async throws -> ReconciliationReport {
        var request = Enforcement_V1_ReconcileRequest()
        request.statementCsv = statementCSV
        return try ReconciliationReport(try await call(nil) { try await funds.reconcile(request, metadata: $0, options: $1) })
    }

    public func checkLedger() async throws -> LedgerCheck {
        LedgerCheck(try await call(nil) { try await funds.checkLedger(.init(), metadata: $0, options: $1) })
    }
}
