public import EnforcementAPI
public import EnforcementCore
public import GRPCCore

/// AnalysisService over the analysis workflow: convert, delegate, convert back.
public struct AnalysisServiceAdapter: Enforcement_V1_AnalysisService.SimpleServiceProtocol {
    let workflow: AnalysisWorkflow

    public init(workflow: AnalysisWorkflow) { self.workflow = workflow }

    func period(_ period: Enforcement_V1_Period) throws -> AnalysisPeriod {
        try workflow.period(period.period, from: period.from, to: period.to)
    }

    public func getOverview(request: Enforcement_V1_GetOverviewRequest, context: ServerContext) async throws -> Enforcement_V1_Overview {
        .init(try await workflow.overview(court: request.court, period: period(request.period), by: CallerIdentity.require()))
    }

    public func getSeries(request: Enforcement_V1_GetSeriesRequest, context: ServerContext) async throws -> Enforcement_V1_Series {
        let points = try await workflow.series(measure: request.measure, court: request.court, period: period(request.period),
                                               granularity: request.granularity, by: CallerIdentity.require())
        return .init(measure: request.measure, court: request.court, granularity: request.granularity, points: points)
    }

    public func getRanking(request: Enforcement_V1_GetRankingRequest, context: ServerContext) async throws -> Enforcement_V1_Ranking {
        let entries = try await workflow.ranking(measure: request.measure, period: period(request.period), by: request.by,
                                                 court: request.court, caller: CallerIdentity.require())
        return .init(measure: request.measure, by: request.by.isEmpty ? (try CallerIdentity.require().isCityWide ? "court" : "judge") : request.by,
                     entries: entries, courts: workflow.domain.courts)
    }

    public func listFigureCases(request: Enforcement_V1_ListFigureCasesRequest, context: ServerContext) async throws -> Enforcement_V1_ListFigureCasesResponse {
        let cases = try await workflow.cases(measure: request.measure, court: request.court, period: period(request.period),
                                             dimension: request.dimension, judge: request.judge,
                                             after: Paging.after(token: request.pageToken, deprecated: 0), limit: Int(request.pageSize),
                                             by: CallerIdentity.require())
        let today = CalendarDate(workflow.domain.clock.now())
        return .init(cases, pageSize: request.pageSize, today: today)
    }

    public func createCampaign(request: Enforcement_V1_CreateCampaignRequest, context: ServerContext) async throws -> Enforcement_V1_Campaign {
        let command = CreateCampaign(request)
        return try await keptAnswer({ .init($0) }) {
            try await workflow.createCampaign(command, by: CallerIdentity.require(), requestID: request.requestID)
        }
    }

    public func listCampaigns(request: Enforcement_V1_ListCampaignsRequest, context: ServerContext) async throws -> Enforcement_V1_ListCampaignsResponse {
        .init(try await workflow.campaigns(by: CallerIdentity.require()))
    }

    public func getCampaignProgress(request: Enforcement_V1_GetCampaignProgressRequest, context: ServerContext) async throws -> Enforcement_V1_CampaignProgress {
        .init(try await workflow.progress(request.id, court: request.court, by: CallerIdentity.require()))
    }
}
