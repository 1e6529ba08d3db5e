public import EnforcementCore
import EnforcementAPI
import GRPCCore

/// Delegated enforcement: sending, routing, answering and following tasks between courts.
extension EnforcementClient {
    public func sendDelegation(_ command: SendDelegation, requestID: String = newRequestID()) async throws -> DelegationTask {
        let request = Enforcement_V1_SendTaskRequest(command, requestID: requestID)
        return try DelegationTask(try await call(requestID) { try await delegations.sendTask(request, metadata: $0, options: $1) })
    }

    public func routeDelegation(_ command: RouteDelegation, requestID: String = newRequestID()) async throws -> DelegationTask {
        let request = Enforcement_V1_RouteTaskRequest(command, requestID: requestID)
        return try DelegationTask(try await call(requestID) { try await delegations.routeTask(request, metadata: $0, options: $1) })
    }

    public func answerDelegation(_ command: AnswerDelegation, requestID: String = newRequestID()) async throws -> DelegationTask {
        let request = Enforcement_V1_AnswerTaskRequest(command, requestID: requestID)
        return try DelegationTask(try await call(requestID) { try await delegations.answerTask(request, metadata: $0, options: $1) })
    }

    public func delegation(_ id: String) async throws -> DelegationTask {
        var request = Enforcement_V1_GetTaskRequest()
        request.taskID = id
        return try DelegationTask(try await call(nil) { try await delegations.getTask(request, metadata: $0, options: $1) })
    }

    public func delegations(court: String? = nil, status: DelegationStatus? = nil, after: Int64 = 0, limit: Int = 100) async throws -> [DelegationTask] {
        var request = Enforcement_V1_ListTasksRequest()
        request.court = court ?? ""
        request.status = status.map { $0.proto() } ?? .unspecified
        request.pageToken = after == 0 ? "" : String(after)  // a page token is the last position answered
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await delegations.listTasks(request, metadata: $0, options: $1) }.tasks.map(DelegationTask.init)
    }

    public func delegationReport(from: CalendarDate, to: CalendarDate) async throws -> DelegationReport {
        var request = Enforcement_V1_GetDelegationReportRequest()
        request.from = from.description
        request.to = to.description
        return try DelegationReport(try await call(nil) { try await delegations.getDelegationReport(request, metadata: $0, options: $1) })
    }

    /// Receives the tasks addressed to the calling court (not yet accepted first, then new and
    /// re-routed ones) until the server ends the stream or the task is cancelled.
    public func watchDelegations(_ onTask: @escaping @Sendable (DelegationTask) async throws -> Void) async throws {
        let metadata = try await Self.metadata(configuration, requestID: nil)
        do {
            try await delegations.watchTasks(.init(), metadata: metadata) { response in
                for try await message in response.messages { try await onTask(try DelegationTask(message)) }
            }
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }
}
