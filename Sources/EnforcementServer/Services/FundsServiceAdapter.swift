public import EnforcementAPI
public import EnforcementCore
import Foundation
public import GRPCCore

/// FundsService over the funds workflow: convert, delegate, convert back. Nothing else.
public struct FundsServiceAdapter: Enforcement_V1_FundsService.SimpleServiceProtocol {
    let workflow: FundsWorkflow

    public init(workflow: FundsWorkflow) { self.workflow = workflow }

    public func openEscrowAccount(request: Enforcement_V1_OpenEscrowAccountRequest, context: ServerContext) async throws -> Enforcement_V1_EscrowAccount {
        try await keptAnswer({ .init($0) }) { try await workflow.openAccount(OpenEscrowAccount(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func reportReceipt(request: Enforcement_V1_ReportReceiptRequest, context: ServerContext) async throws -> Enforcement_V1_Receipt {
        try await keptAnswer({ .init($0) }) { try await workflow.reportReceipt(try ReportReceipt(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func matchReceipt(request: Enforcement_V1_MatchReceiptRequest, context: ServerContext) async throws -> Enforcement_V1_Receipt {
        try await keptAnswer({ .init($0) }) { try await workflow.match(MatchReceipt(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func reverseTransfer(request: Enforcement_V1_ReverseTransferRequest, context: ServerContext) async throws -> Enforcement_V1_Transfer {
        try await keptAnswer({ .init($0) }) { try await workflow.reverse(ReverseTransfer(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func proposePayout(request: Enforcement_V1_ProposePayoutRequest, context: ServerContext) async throws -> Enforcement_V1_Payout {
        try await keptAnswer({ .init($0) }) { try await workflow.propose(ProposePayout(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func approvePayout(request: Enforcement_V1_ApprovePayoutRequest, context: ServerContext) async throws -> Enforcement_V1_Payout {
        try await keptAnswer({ .init($0) }) { try await workflow.approve(ApprovePayout(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func rejectPayout(request: Enforcement_V1_RejectPayoutRequest, context: ServerContext) async throws -> Enforcement_V1_Payout {
        try await keptAnswer({ .init($0) }) { try await workflow.reject(RejectPayout(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func confirmPayout(request: Enforcement_V1_ConfirmPayoutRequest, context: ServerContext) async throws -> Enforcement_V1_Payout {
        try await keptAnswer({ .init($0) }) { try await workflow.confirm(ConfirmPayout(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func failPayout(request: Enforcement_V1_FailPayoutRequest, context: ServerContext) async throws -> Enforcement_V1_Payout {
        try await keptAnswer({ .init($0) }) { try await workflow.fail(FailPayout(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func holdPayouts(request: Enforcement_V1_HoldPayoutsRequest, context: ServerContext) async throws -> Enforcement_V1_EscrowAccount {
        try await keptAnswer({ .init($0) }) { try await workflow.hold(HoldPayouts(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func getBalance(request: Enforcement_V1_GetBalanceRequest, context: ServerContext) async throws -> Enforcement_V1_Balance {
        .init(try await workflow.balance(request.caseNumber, by: CallerIdentity.require()))
    }

    public func getStatement(request: Enforcement_V1_GetStatementRequest, context: ServerContext) async throws -> Enforcement_V1_GetStatementResponse {
        var response = Enforcement_V1_GetStatementResponse()
        let transfers = try await workflow.statement(request.caseNumber, after: Paging.after(token: request.pageToken, deprecated: request.after),
                                                     limit: Int(request.pageSize), by: CallerIdentity.require())
        response.transfers = transfers.map(Enforcement_V1_Transfer.init)
        response.nextPageToken = Paging.nextToken(count: transfers.count, pageSize: request.pageSize, last: transfers.last?.position)
        return response
    }

    public func listReceipts(request: Enforcement_V1_ListReceiptsRequest, context: ServerContext) async throws -> Enforcement_V1_ListReceiptsResponse {
        var response = Enforcement_V1_ListReceiptsResponse()
        let receipts = try await workflow.receipts(
            caseNumber: request.caseNumber, status: Receipt.Status(proto: request.status),
            after: Paging.after(token: request.pageToken, deprecated: request.after), limit: Int(request.pageSize), by: CallerIdentity.require())
        response.receipts = receipts.map(Enforcement_V1_Receipt.init)
        response.nextPageToken = Paging.nextToken(count: receipts.count, pageSize: request.pageSize, last: receipts.last?.position)
        return response
    }

    public func listSuspense(request: Enforcement_V1_ListSuspenseRequest, context: ServerContext) async throws -> Enforcement_V1_ListReceiptsResponse {
        var response = Enforcement_V1_ListReceiptsResponse()
        let asOf = try request.instant(defaultingTo: workflow.domain.clock.now())
        response.receipts = try await workflow.suspense(asOf: asOf, by: CallerIdentity.require()).map(Enforcement_V1_Receipt.init)
        return response
    }

    public func listPayouts(request: Enforcement_V1_ListPayoutsRequest, context: ServerContext) async throws -> Enforcement_V1_ListPayoutsResponse {
        var response = Enforcement_V1_ListPayoutsResponse()
        let payouts = try await workflow.payouts(
            caseNumber: request.caseNumber, status: Payout.Status(proto: request.status),
            after: Paging.after(token: request.pageToken, deprecated: request.after), limit: Int(request.pageSize), by: CallerIdentity.require())
        response.payouts = payouts.map(Enforcement_V1_Payout.init)
        response.nextPageToken = Paging.nextToken(count: payouts.count, pageSize: request.pageSize, last: payouts.last?.position)
        return response
    }

    public func listOutbox(request: Enforcement_V1_ListOutboxRequest, context: ServerContext) async throws -> Enforcement_V1_ListOutboxResponse {
        var response = Enforcement_V1_ListOutboxResponse()
        let messages = try await workflow.outbox(caseNumber: request.caseNumber, after: Paging.after(token: request.pageToken, deprecated: request.after),
                                                 limit: Int(request.pageSize), by: CallerIdentity.require())
        response.messages = messages.map(Enforcement_V1_OutboxMessage.init)
        response.nextPageToken = Paging.nextToken(count: messages.count, pageSize: request.pageSize, last: messages.last?.sequence)
        return response
    }

    public func listFundsReminders(request: Enforcement_V1_ListFundsRemindersRequest, context: ServerContext) async throws -> Enforcement_V1_ListFundsRemindersResponse {
        var response = Enforcement_V1_ListFundsRemindersResponse()
        let reminders = try await workflow.reminders(caseNumber: request.caseNumber, after: Paging.after(token: request.pageToken, deprecated: request.after),
                                                     limit: Int(request.pageSize), by: CallerIdentity.require())
        response.reminders = reminders.map(Enforcement_V1_FundsReminder.init)
        response.nextPageToken = Paging.nextToken(count: reminders.count, pageSize: request.pageSize, last: reminders.last?.sequence)
        return response
    }

    public func reconcile(request: Enforcement_V1_ReconcileRequest, context: ServerContext) async throws -> Enforcement_V1_ReconciliationReport {
        .init(try await workflow.reconcile(statement: request.statementCsv))
    }

    public func checkLedger(request: Enforcement_V1_CheckLedgerRequest, context: ServerContext) async throws -> Enforcement_V1_LedgerCheck {
        .init(try await workflow.check())
    }
}
