public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// NotificationService over the notification workflow.
public struct NotificationServiceAdapter: Enforcement_V1_NotificationService.SimpleServiceProtocol {
    let workflow: NotificationWorkflow

    public init(workflow: NotificationWorkflow) { self.workflow = workflow }

    public func listMessages(request: Enforcement_V1_ListMessagesRequest, context: ServerContext) async throws -> Enforcement_V1_ListMessagesResponse {
        var response = Enforcement_V1_ListMessagesResponse()
        response.messages = try await workflow.items(
            status: Delivery.Status(proto: request.status), caseNumber: request.caseNumber, after: request.after, limit: Int(request.pageSize),
            by: CallerIdentity.require()
        ).map(Enforcement_V1_OutboxEntry.init)
        return response
    }

    public func listDeliveryLog(request: Enforcement_V1_ListDeliveryLogRequest, context: ServerContext) async throws -> Enforcement_V1_ListDeliveryLogResponse {
        var response = Enforcement_V1_ListDeliveryLogResponse()
        response.entries = try await workflow.log(
            caseNumber: request.caseNumber, sequence: request.messageSequence == 0 ? nil : request.messageSequence, after: request.after,
            limit: Int(request.pageSize), by: CallerIdentity.require()
        ).map(Enforcement_V1_DeliveryLogEntry.init)
        return response
    }

    public func retryMessage(request: Enforcement_V1_RetryMessageRequest, context: ServerContext) async throws -> Enforcement_V1_OutboxEntry {
        try await keptAnswer({ .init($0) }) { try await workflow.retry(request.messageSequence, by: CallerIdentity.require(), requestID: request.requestID) }
    }
}
