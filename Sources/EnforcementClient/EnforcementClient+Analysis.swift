public import EnforcementAPI
public import EnforcementCore
import GRPCCore

/// Analysis (执行分析): the figures of a court or of the city, as the wire carries them.
extension EnforcementClient {
    /// A period: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or from and to.
    public static func period(_ period: String, from: String = "", to: String = "") -> Enforcement_V1_Period {
        var message = Enforcement_V1_Period()
        message.period = period
        message.from = from
        message.to = to
        return message
    }

    public func overview(court: String = "", period: Enforcement_V1_Period) async throws -> Enforcement_V1_Overview {
        var request = Enforcement_V1_GetOverviewRequest()
        request.court = court
        request.period = period
        return try await call(nil) { try await analysis.getOverview(request, metadata: $0, options: $1) }
    }

    public func series(measure: String, court: String = "", period: Enforcement_V1_Period, granularity: String = "day") async throws -> Enforcement_V1_Series {
        var request = Enforcement_V1_GetSeriesRequest()
        request.measure = measure
        request.court = court
        request.period = period
        request.granularity = granularity
        return try await call(nil) { try await analysis.getSeries(request, metadata: $0, options: $1) }
    }

    public func ranking(measure: String, period: Enforcement_V1_Period, by: String = "court", court: String = "") async throws -> Enforcement_V1_Ranking {
        var request = Enforcement_V1_GetRankingRequest()
        request.measure = measure
        request.period = period
        request.by = by
        request.court = court
        return try await call(nil) { try await analysis.getRanking(request, metadata: $0, options: $1) }
    }

    public func figureCases(measure: String, court: String = "", period: Enforcement_V1_Period, dimension: String = "", judge: String = "",
                            pageToken: String = "", pageSize: Int = 100) async throws -> Enforcement_V1_ListFigureCasesResponse {
        var request = Enforcement_V1_ListFigureCasesRequest()
        request.measure = measure
        request.court = court
        request.period = period
        request.dimension = dimension
        request.judge = judge
        request.pageToken = pageToken
        request.pageSize = Int32(clamping: pageSize)
        return try await call(nil) { try await analysis.listFigureCases(request, metadata: $0, options: $1) }
    }

    public func createCampaign(_ command: CreateCampaign, requestID: String = newRequestID()) async throws -> Enforcement_V1_Campaign {
        let request = Enforcement_V1_CreateCampaignRequest(command, requestID: requestID)
        return try await call(requestID) { try await analysis.createCampaign(request, metadata: $0, options: $1) }
    }

    public func campaigns() async throws -> [Enforcement_V1_Campaign] {
        try await call(nil) { try await analysis.listCampaigns(Enforcement_V1_ListCampaignsRequest(), metadata: $0, options: $1) }.campaigns
    }

    public func campaignProgress(_ id: String, court: String = "") async throws -> Enforcement_V1_CampaignProgress {
        var request = Enforcement_V1_GetCampaignProgressRequest()
        request.id = id
        request.court = court
        return try await call(nil) { try await analysis.getCampaignProgress(request, metadata: $0, options: $1) }
    }
}
