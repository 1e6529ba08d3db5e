public import EnforcementCore
import SwiftProtobuf

// Analysis: figures out to the wire (money in fen, days as YYYY-MM-DD).

extension Enforcement_V1_Overview {
    public init(_ overview: Overview) {
        self.init()
        court = overview.court?.value ?? ""
        from = overview.period.from.description
        to = overview.period.to.description
        asOf = overview.asOf.description
        filed = overview.filed
        filedByType = Self.counts(overview.filedByType)
        closed = overview.closed
        closedByMode = Self.counts(overview.closedByMode)
        pendingAtStart = overview.pendingAtStart
        pendingAtEnd = overview.pendingAtEnd
        closingRatePermille = overview.closingRatePermille
        daysToCloseMean = overview.daysToClose.mean
        daysToCloseP50 = overview.daysToClose.p50
        daysToCloseP90 = overview.daysToClose.p90
        pendingNow = overview.pendingNow
        pendingByAge = overview.pendingByAge.map { bucket in .with { $0.key = bucket.bucket; $0.value = bucket.count } }
        overdueNow = overview.overdueNow
        moneyReceivedFen = overview.moneyReceived
        moneyPaidFen = overview.moneyPaid
        controls = overview.controls.map { figures in
            .with {
                $0.institution = figures.institution
                $0.sent = figures.sent
                $0.answered = figures.answered
                $0.overdue = figures.overdue
                $0.answerHoursP50 = figures.answerHoursP50
                $0.answerHoursP95 = figures.answerHoursP95
                $0.frozenFen = figures.frozen
                $0.deductedFen = figures.deducted
            }
        }
        frozenFen = overview.frozen
        deductedFen = overview.deducted
        measuresByKind = Self.counts(overview.measuresByKind)
        removalsOnTime = overview.removalsOnTime
        removalsLate = overview.removalsLate
        delegationsSent = overview.delegationsSent
        delegationsReceived = overview.delegationsReceived
        delegationsOverdueNow = overview.delegationsOverdueNow
    }

    static func counts(_ values: [String: Int64]) -> [Enforcement_V1_Count] {
        values.sorted { $0.key < $1.key }.map { entry in .with { $0.key = entry.key; $0.value = entry.value } }
    }
}

extension Enforcement_V1_FigureCase {
    public init(_ record: EnforcementCase, today: CalendarDate) {
        self.init()
        number = record.number.description
        court = record.court.value
        status = record.status.rawValue
        handlingJudge = record.handlingJudge ?? ""
        filedOn = record.filedOn.description
        if record.status == .closed, let closing = record.closing {
            closedOn = closing.on.description
            closingMode = closing.mode.rawValue
        }
        dueOn = record.dueOn(asOf: today)?.description ?? ""
        amountSoughtFen = record.amountSought.fen
    }
}

extension Enforcement_V1_Series {
    public init(measure: String, court: String, granularity: String, points: [(period: String, value: Int64)]) {
        self.init()
        self.measure = measure
        self.court = court
        self.granularity = granularity.isEmpty ? "day" : granularity
        self.points = points.map { point in .with { $0.period = point.period; $0.value = point.value } }
    }
}

extension Enforcement_V1_Ranking {
    /// Entries keyed by court code (named from the registry) or by judge.
    public init(measure: String, by: String, entries: [(key: String, value: Int64)], courts: CourtRegistry) {
        self.init()
        self.measure = measure
        self.by = by
        self.entries = entries.map { entry in
            .with {
                $0.key = entry.key
                $0.name = (try? CourtCode(entry.key)).flatMap { courts.court($0)?.name } ?? entry.key
                $0.value = entry.value
            }
        }
    }
}

extension Enforcement_V1_ListFigureCasesResponse {
    public init(_ cases: [(position: Int64, record: EnforcementCase)], pageSize: Int32, today: CalendarDate) {
        self.init()
        self.cases = cases.map { Enforcement_V1_FigureCase($0.record, today: today) }
        nextPageToken = Paging.nextToken(count: cases.count, pageSize: pageSize, last: cases.last?.position)
    }
}

extension CreateCampaign {
    public init(_ request: Enforcement_V1_CreateCampaignRequest) {
        self.init(name: request.name, court: request.court, from: request.from, to: request.to, causeTag: request.causeTag,
                  filedBefore: request.filedBefore, targetPermille: Int(request.targetClosingRatePermille))
    }
}

extension Enforcement_V1_CreateCampaignRequest {
    public init(_ command: CreateCampaign, requestID: String) {
        self.init()
        self.requestID = requestID
        name = command.name
        court = command.court
        from = command.from
        to = command.to
        causeTag = command.causeTag
        filedBefore = command.filedBefore
        targetClosingRatePermille = Int32(clamping: command.targetPermille)
    }
}

extension Enforcement_V1_Campaign {
    public init(_ campaign: Campaign) {
        self.init()
        id = campaign.id
        name = campaign.name
        court = campaign.court?.value ?? ""
        from = campaign.from.description
        to = campaign.to.description
        causeTag = campaign.causeTag ?? ""
        filedBefore = campaign.filedBefore?.description ?? ""
        targetClosingRatePermille = Int32(clamping: campaign.targetPermille)
        createdBy = campaign.createdBy
    }
}

extension Enforcement_V1_ListCampaignsResponse {
    public init(_ campaigns: [Campaign]) {
        self.init()
        self.campaigns = campaigns.map(Enforcement_V1_Campaign.init)
    }
}

extension Enforcement_V1_CampaignProgress {
    public init(_ progress: EnforcementCore.CampaignProgress) {
        self.init()
        campaign = .init(progress.campaign)
        court = progress.court?.value ?? ""
        asOf = progress.asOf.description
        cases = progress.cases
        closed = progress.closed
        remaining = progress.remaining
        closingRatePermille = progress.ratePermille
        onTarget = progress.onTarget
    }
}
