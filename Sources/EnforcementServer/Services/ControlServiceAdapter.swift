public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// ControlService over the control workflow: convert, delegate, convert back. Nothing else.
public struct ControlServiceAdapter: Enforcement_V1_ControlService.SimpleServiceProtocol {
    let workflow: ControlWorkflow

    public init(workflow: ControlWorkflow) { self.workflow = workflow }

    public func launchQuery(request: Enforcement_V1_LaunchQueryRequest, context: ServerContext) async throws -> Enforcement_V1_LaunchQueryResponse {
        try await keptAnswer({ (requests: [ControlRequest]) in
            var response = Enforcement_V1_LaunchQueryResponse()
            response.requests = requests.map(Enforcement_V1_ControlRequest.init)
            return response
        }) {
            try await workflow.launchQuery(LaunchQuery(request), by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func freeze(request: Enforcement_V1_FreezeRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.freeze(FreezeAsset(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func renew(request: Enforcement_V1_RenewRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.renew(RenewFreeze(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func release(request: Enforcement_V1_ReleaseRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.release(ReleaseFreeze(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func deduct(request: Enforcement_V1_DeductRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.deduct(DeductFrozen(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func createStandingOrder(request: Enforcement_V1_CreateStandingOrderRequest, context: ServerContext) async throws -> Enforcement_V1_StandingOrder {
        try await keptAnswer({ .init($0) }) {
            try await workflow.createStandingOrder(CreateStandingOrder(request), by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func cancelStandingOrder(request: Enforcement_V1_CancelStandingOrderRequest, context: ServerContext) async throws -> Enforcement_V1_StandingOrder {
        try await keptAnswer({ .init($0) }) {
            try await workflow.cancelStandingOrder(CancelStandingOrder(request), by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func listStandingOrders(request: Enforcement_V1_ListStandingOrdersRequest, context: ServerContext) async throws -> Enforcement_V1_ListStandingOrdersResponse {
        var response = Enforcement_V1_ListStandingOrdersResponse()
        response.orders = try await workflow.standingOrders(ofCase: request.caseNumber, by: CallerIdentity.require()).map(Enforcement_V1_StandingOrder.init)
        return response
    }

    public func exportControlLog(request: Enforcement_V1_ExportControlLogRequest, context: ServerContext) async throws -> Enforcement_V1_ExportControlLogResponse {
        let page = try await workflow.controlLog(
            court: request.courtCode, institution: request.institutionID, from: request.from, until: request.until,
            pageSize: Int(request.pageSize), pageToken: request.pageToken, by: CallerIdentity.require())
        var response = Enforcement_V1_ExportControlLogResponse()
        response.requests = page.requests.map(Enforcement_V1_ControlRequest.init)
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func getRoom(request: Enforcement_V1_GetRoomRequest, context: ServerContext) async throws -> Enforcement_V1_Room {
        .init(try await workflow.room(ofCase: request.caseNumber, by: CallerIdentity.require()), caseNumber: request.caseNumber)
    }

    public func listCaseRequests(request: Enforcement_V1_ListCaseRequestsRequest, context: ServerContext) async throws -> Enforcement_V1_ListCaseRequestsResponse {
        var response = Enforcement_V1_ListCaseRequestsResponse()
        response.requests = try await workflow.requests(ofCase: request.caseNumber, by: CallerIdentity.require()).map(Enforcement_V1_ControlRequest.init)
        return response
    }

    public func listReminders(request: Enforcement_V1_ListRemindersRequest, context: ServerContext) async throws -> Enforcement_V1_ListRemindersResponse {
        var response = Enforcement_V1_ListRemindersResponse()
        let after = Paging.cursor(request.afterCursor, deprecated: request.afterSequence)
        let reminders = try await workflow.reminders(
            caseNumber: request.caseNumber, after: after, limit: Paging.size(request.pageSize, deprecated: request.limit), by: CallerIdentity.require())
        response.reminders = reminders.map(Enforcement_V1_Reminder.init)
        response.nextCursor = reminders.last?.sequence ?? max(0, after)
        return response
    }

    public func listInstitutions(request: Enforcement_V1_ListInstitutionsRequest, context: ServerContext) async throws -> Enforcement_V1_ListInstitutionsResponse {
        var response = Enforcement_V1_ListInstitutionsResponse()
        response.institutions = workflow.institutions.institutions.map(Enforcement_V1_Institution.init)
        return response
    }

    public func watchRequests(
        request: Enforcement_V1_WatchRequestsRequest, response: RPCWriter<Enforcement_V1_ControlRequest>, context: ServerContext
    ) async throws {
        try await workflow.watch(by: CallerIdentity.require()) { request in
            try await response.write(Enforcement_V1_ControlRequest(request))
        }
    }

    public func pullRequests(request: Enforcement_V1_PullRequestsRequest, context: ServerContext) async throws -> Enforcement_V1_PullRequestsResponse {
        let page = try await workflow.pull(after: request.afterCursor, limit: Paging.size(request.pageSize, deprecated: request.limit),
                                           unansweredOnly: request.unansweredOnly,
                                           by: CallerIdentity.require())
        var response = Enforcement_V1_PullRequestsResponse()
        response.requests = page.requests.map(Enforcement_V1_ControlRequest.init)
        response.nextCursor = page.nextCursor
        return response
    }

    public func answerQuery(request: Enforcement_V1_AnswerQueryRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.answerQuery(AnswerQuery(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func answerControl(request: Enforcement_V1_AnswerControlRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.answerControl(AnswerControl(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func answerDeduction(request: Enforcement_V1_AnswerDeductionRequest, context: ServerContext) async throws -> Enforcement_V1_ControlRequest {
        try await keptAnswer({ .init($0) }) { try await workflow.answerDeduction(AnswerDeduction(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }
}
