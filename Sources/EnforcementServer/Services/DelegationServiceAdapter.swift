public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// DelegationService over the delegation workflow: convert, delegate, convert back. Nothing else.
public struct DelegationServiceAdapter: Enforcement_V1_DelegationService.SimpleServiceProtocol {
    let workflow: DelegationWorkflow

    public init(workflow: DelegationWorkflow) { self.workflow = workflow }

    public func sendTask(request: Enforcement_V1_SendTaskRequest, context: ServerContext) async throws -> Enforcement_V1_DelegatedTask {
        try await keptAnswer({ .init($0) }) { try await workflow.send(SendDelegation(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func routeTask(request: Enforcement_V1_RouteTaskRequest, context: ServerContext) async throws -> Enforcement_V1_DelegatedTask {
        try await keptAnswer({ .init($0) }) { try await workflow.route(RouteDelegation(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func answerTask(request: Enforcement_V1_AnswerTaskRequest, context: ServerContext) async throws -> Enforcement_V1_DelegatedTask {
        guard let command = AnswerDelegation(request) else {
            throw EnforcementError.invalid("step", "the step is required: accept, reject, progress or complete")
        }
        return try await keptAnswer({ .init($0) }) { try await workflow.answer(command, by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func getTask(request: Enforcement_V1_GetTaskRequest, context: ServerContext) async throws -> Enforcement_V1_DelegatedTask {
        .init(try await workflow.get(request.taskID, by: CallerIdentity.require()))
    }

    public func listTasks(request: Enforcement_V1_ListTasksRequest, context: ServerContext) async throws -> Enforcement_V1_ListTasksResponse {
        var response = Enforcement_V1_ListTasksResponse()
        let tasks = try await workflow.list(
            court: request.court, status: DelegationStatus(proto: request.status),
            after: Paging.after(token: request.pageToken, deprecated: request.after), limit: Int(request.pageSize), by: CallerIdentity.require())
        response.tasks = tasks.map(Enforcement_V1_DelegatedTask.init)
        response.nextPageToken = Paging.nextToken(count: tasks.count, pageSize: request.pageSize, last: tasks.last?.position)
        return response
    }

    public func watchTasks(
        request: Enforcement_V1_WatchTasksRequest, response: RPCWriter<Enforcement_V1_DelegatedTask>, context: ServerContext
    ) async throws {
        try await workflow.watch(by: CallerIdentity.require()) { task in
            try await response.write(Enforcement_V1_DelegatedTask(task))
        }
    }

    public func getDelegationReport(request: Enforcement_V1_GetDelegationReportRequest, context: ServerContext) async throws -> Enforcement_V1_DelegationReport {
        guard let from = CalendarDate(iso: request.from) else { throw EnforcementError.invalid("from", "a date YYYY-MM-DD is required") }
        guard let to = CalendarDate(iso: request.to) else { throw EnforcementError.invalid("to", "a date YYYY-MM-DD is required") }
        return .init(try await workflow.report(from: from, to: to, by: CallerIdentity.require()))
    }
}
