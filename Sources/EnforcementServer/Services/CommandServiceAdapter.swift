public import EnforcementAPI
import EnforcementCore
public import GRPCCore
import Foundation
import SwiftProtobuf

/// CommandService: dashboard links for the wall screen this server serves.
public struct CommandServiceAdapter: Enforcement_V1_CommandService.SimpleServiceProtocol {
    let access: DashboardAccess
    let dashboard: DashboardServer?

    init(access: DashboardAccess, dashboard: DashboardServer?) {
        self.access = access
        self.dashboard = dashboard
    }

    public func createDashboardLink(request: Enforcement_V1_CreateDashboardLinkRequest, context: ServerContext) async throws -> Enforcement_V1_DashboardLink {
        guard let base = dashboard?.baseURL else {
            throw EnforcementError(.failedPrecondition, "the wall screen is off on this server (ENFORCEMENT_DASHBOARD_PORT)")
        }
        let link = try await access.createLink(court: request.court, by: CallerIdentity.require())
        return .with {
            $0.url = base.absoluteString.trimmingSuffix("/") + "/login?link=" + link.token
            $0.expiresAt = Google_Protobuf_Timestamp(date: link.grant.expiresAt)
            $0.court = link.grant.court?.value ?? ""
        }
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
