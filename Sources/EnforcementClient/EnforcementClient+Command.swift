public import EnforcementAPI
import GRPCCore

/// Command and management (执行指挥管理): links to the wall screen.
extension EnforcementClient {
    /// A one-time link to the wall screen of `court` (empty: the caller's own court, or the city
    /// for the command centre). Each call makes a new link.
    public func dashboardLink(court: String = "") async throws -> Enforcement_V1_DashboardLink {
        var request = Enforcement_V1_CreateDashboardLinkRequest()
        request.court = court
        return try await call(nil) { try await command.createDashboardLink(request, metadata: $0, options: $1) }
    }
}
