public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// CaseService over the case workflow: convert, delegate, convert back. Nothing else.
public struct CaseServiceAdapter: Enforcement_V1_CaseService.SimpleServiceProtocol {
    let workflow: CaseWorkflow

    public init(workflow: CaseWorkflow) { self.workflow = workflow }

    public func fileCase(request: Enforcement_V1_FileCaseRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.fileCase(FileCase(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func getCase(request: Enforcement_V1_GetCaseRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        .init(try await workflow.get(request.caseNumber, by: CallerIdentity.require()))
    }

    public func listCases(request: Enforcement_V1_ListCasesRequest, context: ServerContext) async throws -> Enforcement_V1_ListCasesResponse {
        let page = try await workflow.list(
            court: request.courtCode, handlingJudge: request.handlingJudge.isEmpty ? nil : request.handlingJudge,
            status: CaseStatus(request.status), overdueOnly: request.overdueOnly, pageSize: Int(request.pageSize),
            pageToken: request.pageToken, by: CallerIdentity.require())
        var response = Enforcement_V1_ListCasesResponse()
        response.cases = page.cases.map(Enforcement_V1_Case.init)
        response.nextPageToken = page.nextPageToken
        return response
    }

    public func assignJudge(request: Enforcement_V1_AssignJudgeRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.assignJudge(AssignJudge(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func recordNode(request: Enforcement_V1_RecordNodeRequest, context: ServerContext) async throws -> Enforcement_V1_NodeEvent {
        let nodes = workflow.nodes
        return try await keptAnswer({ .init($0, catalogue: nodes) }) {
            try await workflow.recordNode(RecordNode(request), by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func suspendCase(request: Enforcement_V1_SuspendCaseRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.suspend(SuspendCase(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func resumeCase(request: Enforcement_V1_ResumeCaseRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.resume(ResumeCase(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func extendLimit(request: Enforcement_V1_ExtendLimitRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.extendLimit(ExtendLimit(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func decideExtension(request: Enforcement_V1_DecideExtensionRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.decideExtension(DecideExtension(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func closeCase(request: Enforcement_V1_CloseCaseRequest, context: ServerContext) async throws -> Enforcement_V1_Case {
        try await keptAnswer({ .init($0) }) { try await workflow.close(CloseCase(request), by: CallerIdentity.require(), requestID: request.requestID) }
    }

    public func getTimeline(request: Enforcement_V1_GetTimelineRequest, context: ServerContext) async throws -> Enforcement_V1_Timeline {
        let events = try await workflow.timeline(request.caseNumber, by: CallerIdentity.require())
        var timeline = Enforcement_V1_Timeline()
        timeline.caseNumber = events.first?.caseNumber.description ?? request.caseNumber
        timeline.events = events.map { .init($0, catalogue: workflow.nodes) }
        return timeline
    }

    public func listProcessNodes(request: Enforcement_V1_ListProcessNodesRequest, context: ServerContext) async throws -> Enforcement_V1_ListProcessNodesResponse {
        var response = Enforcement_V1_ListProcessNodesResponse()
        response.nodes = workflow.nodes.nodes.map(Enforcement_V1_ProcessNode.init)
        return response
    }
}
