public import EnforcementAPI
public import EnforcementCore
import GRPCCore

/// Supervision (执行监督): alerts, acknowledgements and scorecards, as the wire carries them.
extension EnforcementClient {
    public func supervisionRules() async throws -> [Enforcement_V1_SupervisionRule] {
        try await call(nil) { try await supervision.listRules(Enforcement_V1_ListRulesRequest(), metadata: $0, options: $1) }.rules
    }

    /// Alerts of a court (empty: the caller's, or the city for the command centre); state open, closed or all.
    public func alerts(court: String = "", judge: String = "", rule: String = "", severity: String = "", state: String = "open",
                       pageToken: String = "", pageSize: Int = 100) async throws -> Enforcement_V1_ListAlertsResponse {
        var request = Enforcement_V1_ListAlertsRequest()
        request.court = court
        request.judge = judge
        request.rule = rule
        request.severity = severity
        request.state = state
        request.pageToken = pageToken
        request.pageSize = Int32(clamping: pageSize)
        return try await call(nil) { try await supervision.listAlerts(request, metadata: $0, options: $1) }
    }

    public func acknowledgeAlert(_ id: String, note: String, requestID: String = newRequestID()) async throws -> Enforcement_V1_Alert {
        var request = Enforcement_V1_AcknowledgeAlertRequest()
        request.requestID = requestID
        request.alertID = id
        request.note = note
        return try await call(requestID) { try await supervision.acknowledgeAlert(request, metadata: $0, options: $1) }
    }

    public func scorecard(court: String = "") async throws -> Enforcement_V1_Scorecard {
        var request = Enforcement_V1_GetScorecardRequest()
        request.court = court
        return try await call(nil) { try await supervision.getScorecard(request, metadata: $0, options: $1) }
    }

    /// The open alerts, then every change as it happens, until `onAlert` throws or the call is cancelled.
    public func watchAlerts(court: String = "", _ onAlert: @escaping @Sendable (Enforcement_V1_Alert) async throws -> Void) async throws {
        var request = Enforcement_V1_WatchAlertsRequest()
        request.court = court
        let metadata = try await Self.metadata(configuration, requestID: nil)
        do {
            try await supervision.watchAlerts(request, metadata: metadata) { response in
                for try await message in response.messages { try await onAlert(message) }
            }
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }
}
