public import EnforcementAPI
public import EnforcementCore
public import GRPCCore
import SwiftProtobuf

/// SupervisionService over the supervision workflow: convert, delegate, convert back.
public struct SupervisionServiceAdapter: Enforcement_V1_SupervisionService.SimpleServiceProtocol {
    let workflow: SupervisionWorkflow

    public init(workflow: SupervisionWorkflow) { self.workflow = workflow }

    public func listRules(request: Enforcement_V1_ListRulesRequest, context: ServerContext) async throws -> Enforcement_V1_ListRulesResponse {
        .init(workflow.policy)
    }

    public func listAlerts(request: Enforcement_V1_ListAlertsRequest, context: ServerContext) async throws -> Enforcement_V1_ListAlertsResponse {
        let (rule, severity, open) = try request.filters()
        let alerts = try await workflow.alerts(court: request.court, judge: request.judge, rule: rule, severity: severity, open: open,
                                               after: Paging.after(token: request.pageToken, deprecated: 0), limit: Int(request.pageSize),
                                               by: CallerIdentity.require())
        return .with {
            $0.alerts = alerts.map(Enforcement_V1_Alert.init)
            $0.nextPageToken = Paging.nextToken(count: alerts.count, pageSize: request.pageSize, last: alerts.last?.position)
        }
    }

    public func acknowledgeAlert(request: Enforcement_V1_AcknowledgeAlertRequest, context: ServerContext) async throws -> Enforcement_V1_Alert {
        let command = AcknowledgeAlert(alertID: request.alertID, note: request.note)
        return try await keptAnswer({ .init($0) }) {
            try await workflow.acknowledge(command, by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func watchAlerts(request: Enforcement_V1_WatchAlertsRequest, response: RPCWriter<Enforcement_V1_Alert>, context: ServerContext) async throws {
        try await workflow.watch(court: request.court, by: CallerIdentity.require()) { alert in
            try await response.write(Enforcement_V1_Alert(alert))
        }
    }

    public func getScorecard(request: Enforcement_V1_GetScorecardRequest, context: ServerContext) async throws -> Enforcement_V1_Scorecard {
        .init(try await workflow.scorecard(court: request.court, by: CallerIdentity.require()))
    }
}
