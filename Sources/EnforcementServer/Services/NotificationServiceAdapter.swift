public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// NotificationService over the notification workflow.
public struct NotificationServiceAdapter: Enforcement_V1_NotificationService.SimpleServiceProtocol {
    let workflow: NotificationWorkflow

    public init(workflow: NotificationWorkflow) { self.workflow = workflow }

    public func listMessages(request: Enforcement_V1_ListMessagesRequest, context: ServerContext) async throws -> Enforcement_V1_ListMessagesResponse {
        var response = Enforcement_V1_ListMessagesResponse()
        let items = try await workflow.items(
            status: Delivery.Status(proto: request.status), caseNumber: request.caseNumber,
            after: Paging.after(token: request.pageToken, deprecated: request.after), limit: Int(request.pageSize), by: CallerIdentity.require())
        response.messages = items.map(Enforcement_V1_OutboxEntry.init)
        response.nextPageToken = Paging.nextToken(count: items.count, pageSize: request.pageSize, last: items.last?.message.sequence)
        return response
    }

    public func listDeliveryLog(request: Enforcement_V1_ListDeliveryLogRequest, context: ServerContext) async throws -> Enforcement_V1_ListDeliveryLogResponse {
        var response = Enforcement_V1_ListDeliveryLogResponse()
        let entries = try await workflow.log(
            caseNumber: request.caseNumber, sequence: request.messageSequence == 0 ? nil : request.messageSequence,
            after: Paging.after(token: request.pageToken, deprecated: request.after), limit: Int(request.pageSize), by: CallerIdentity.require())
        response.entries = entries.map(Enforcement_V1_DeliveryLogEntry.init)
        response.nextPageToken = Paging.nextToken(count: entries.count, pageSize: request.pageSize, last: entries.last?.sequence)
        return response
    }

    public func retryMessage(request: Enforcement_V1_RetryMessageRequest, context: ServerContext) async throws -> Enforcement_V1_OutboxEntry {
        try await keptAnswer({ .init($0) }) { try await workflow.retry(request.messageSequence, by: CallerIdentity.require(), requestID: request.requestID) }
    }
}
