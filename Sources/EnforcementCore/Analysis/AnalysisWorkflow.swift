public import Foundation

/// A period of days, both ends included: at most 10 years.
public struct AnalysisPeriod: Hashable, Sendable {
    public var from: CalendarDate
    public var to: CalendarDate

    public static let maximumYears = 10

    public init(from: CalendarDate, to: CalendarDate) throws(EnforcementError) {
        guard from <= to else { throw .invalid("period.to", "the period ends (\(to)) before it starts (\(from))", reason: "PERIOD_REVERSED") }
        guard to < from.adding(months: 12 * Self.maximumYears) else {
            throw .invalid("period", "a period is at most \(Self.maximumYears) years, got \(from) to \(to)", reason: "PERIOD_TOO_LONG")
        }
        self.from = from
        self.to = to
    }

    /// `YYYY-MM-DD` (a day), `YYYY-MM` (a month), `YYYY` (a year), or, when `period` is empty, from
    /// and to (days); all empty: the month of `today`.
    public init(period raw: String, from rawFrom: String, to rawTo: String, today: CalendarDate) throws(EnforcementError) {
        let text = raw.trimmingWhitespace
        if text.isEmpty && rawFrom.isEmpty && rawTo.isEmpty {
            let first = CalendarDate(year: today.year, month: today.month, day: 1)
            try self.init(from: first, to: first.adding(months: 1).adding(days: -1))
            return
        }
        if text.isEmpty {
            guard let from = CalendarDate(iso: rawFrom) else { throw .invalid("period.from", "a day is YYYY-MM-DD, got '\(rawFrom.prefix(40))'") }
            guard let to = CalendarDate(iso: rawTo) else { throw .invalid("period.to", "a day is YYYY-MM-DD, got '\(rawTo.prefix(40))'") }
            try self.init(from: from, to: to)
            return
        }
        guard rawFrom.isEmpty && rawTo.isEmpty else { throw .invalid("period", "give a period or from and to, not both") }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = parts.map { part in part.allSatisfy { $0.isASCII && $0.isNumber } ? Int(part) : nil }
        switch (parts.count, parts.first?.count) {
        case (1, 4?):
            guard let year = numbers[0], CalendarDate.legalYears.contains(year) else { break }
            try self.init(from: CalendarDate(year: year, month: 1, day: 1), to: CalendarDate(year: year, month: 12, day: 31))
            return
        case (2, 4?):
            guard let year = numbers[0], let month = numbers[1], parts[1].count == 2, CalendarDate.legalYears.contains(year), (1...12).contains(month) else { break }
            let first = CalendarDate(year: year, month: month, day: 1)
            try self.init(from: first, to: first.adding(months: 1).adding(days: -1))
            return
        case (3, 4?):
            guard let day = CalendarDate(iso: text) else { break }
            try self.init(from: day, to: day)
            return
        default:
            break
        }
        throw .invalid("period.period", "a period is YYYY-MM-DD, YYYY-MM or YYYY, got '\(text.prefix(40))'")
    }
}

/// The figures of a court or of the city over a period, and the "now" figures on `asOf`.
public struct Overview: Sendable {
    public struct InstitutionFigures: Hashable, Sendable {
        public var institution: String
        public var sent: Int64 = 0
        public var answered: Int64 = 0
        public var overdue: Int64 = 0
        public var answerHoursP50: Int64 = 0
        public var answerHoursP95: Int64 = 0
        public var frozen: Int64 = 0
        public var deducted: Int64 = 0
    }

    public var court: CourtCode?
    public var period: AnalysisPeriod
    public var asOf: CalendarDate
    public var filedByType: [String: Int64] = [:]
    public var closedByMode: [String: Int64] = [:]
    public var pendingAtStart: Int64 = 0
    public var daysToClose: (mean: Double, p50: Int64, p90: Int64) = (0, 0, 0)
    public var pendingByAge: [(bucket: String, count: Int64)] = []
    public var overdueNow: Int64 = 0
    public var moneyReceived: Int64 = 0
    public var moneyPaid: Int64 = 0
    public var controls: [InstitutionFigures] = []
    public var measuresByKind: [String: Int64] = [:]
    public var removalsOnTime: Int64 = 0
    public var removalsLate: Int64 = 0
    public var delegationsSent: Int64 = 0
    public var delegationsReceived: Int64 = 0
    public var delegationsOverdueNow: Int64 = 0

    public var filed: Int64 { filedByType.values.reduce(0, +) }
    public var closed: Int64 { closedByMode.values.reduce(0, +) }
    public var pendingAtEnd: Int64 { pendingAtStart + filed - closed }
    public var pendingNow: Int64 { pendingByAge.map(\.count).reduce(0, +) }
    /// 结案率 in per mille: closed / (旧存 + 新收); 0 when nothing was there to close.
    public var closingRatePermille: Int64 { Self.permille(closed, of: pendingAtStart + filed) }
    public var frozen: Int64 { controls.map(\.frozen).reduce(0, +) }
    public var deducted: Int64 { controls.map(\.deducted).reduce(0, +) }

    static func permille(_ part: Int64, of whole: Int64) -> Int64 { whole <= 0 ? 0 : (part * 1000 + whole / 2) / whole }
}

/// Analysis (执行分析): overview, series, ranking and drill-down, all sums of the store's counters.
public struct AnalysisWorkflow: Sendable {
    public let domain: Domain

    public init(domain: Domain) { self.domain = domain }

    /// The measures a series or a ranking can name: events of a day, and `pending` (存 at each
    /// period's end).
    public static let seriesMeasures: [String: FigureMeasure] = Dictionary(uniqueKeysWithValues: [
        FigureMeasure.filed, .closed, .moneyReceived, .moneyPaid, .controlsSent, .controlsAnswered, .amountFrozen, .amountDeducted,
        .measuresImposed, .removals, .delegationsSent, .delegationsReceived,
    ].map { ($0.rawValue, $0) })

    public static let ageBuckets = ["<3", "3-6", "6-12", "12-24", ">24"]

    var today: CalendarDate { CalendarDate(domain.clock.now()) }

    /// A period from the wire (see `AnalysisPeriod`), "this month" taken on the domain's clock.
    public func period(_ raw: String, from: String, to: String) throws(EnforcementError) -> AnalysisPeriod {
        try AnalysisPeriod(period: raw, from: from, to: to, today: today)
    }

    /// The court a caller may see figures of: a court its own (another court is PERMISSION_DENIED);
    /// the command centre any city court, or the city (nil) when `raw` is empty.
    public func scope(_ raw: String, _ caller: Caller) throws(EnforcementError) -> CourtCode? {
        try domain.courtScope(raw, caller, what: "figures")
    }

    public func overview(court raw: String, period: AnalysisPeriod, by caller: Caller) async throws -> Overview {
        let court = try scope(raw, caller)
        let today = self.today
        let ranged: [FigureMeasure] = [.filed, .closed, .closedDays, .closedDaysTotal, .moneyReceived, .moneyPaid, .controlsSent, .controlsAnswered, .answerHours,
                                       .amountFrozen, .amountDeducted, .measuresImposed, .removals, .delegationsSent, .delegationsReceived]
        let (inPeriod, before, pending, overdue) = try await domain.store.read { snapshot in
            (
                try snapshot.figures.sums(FigureQuery(ranged, court: court, from: period.from, to: period.to, groupBy: [.dimension, .bucket])),
                try snapshot.figures.sums(FigureQuery([.filed, .closed], court: court, to: period.from.adding(days: -1))),
                // Unclosed cases by age: those filed in each bucket's range of filing days.
                try Self.ageRanges(today: today).map { range in
                    try snapshot.figures.sums(FigureQuery([.pending], court: court, from: range.from, to: range.to)).map(\.value).reduce(0, +)
                },
                try snapshot.figures.sums(FigureQuery([.pendingDue, .controlsDue, .delegationsDue], court: court, to: today.adding(days: -1), groupBy: [.dimension]))
            )
        }
        var overview = Overview(court: court, period: period, asOf: today)
        var institutions: [String: Overview.InstitutionFigures] = [:]
        var hours: [String: [Int: Int64]] = [:]
        var days: [Int: Int64] = [:]
        var totalDays: Int64 = 0
        for sum in inPeriod {
            let dimension = sum.dimension ?? ""
            switch sum.measure {
            case .filed: overview.filedByType[dimension, default: 0] += sum.value
            case .closed: overview.closedByMode[dimension, default: 0] += sum.value
            case .closedDays: days[sum.bucket ?? 0, default: 0] += sum.value
            case .closedDaysTotal: totalDays += sum.value
            case .moneyReceived: overview.moneyReceived += sum.value
            case .moneyPaid: overview.moneyPaid += sum.value
            case .controlsSent: institutions[dimension, default: .init(institution: dimension)].sent += sum.value
            case .controlsAnswered: institutions[dimension, default: .init(institution: dimension)].answered += sum.value
            case .answerHours: hours[dimension, default: [:]][sum.bucket ?? 0, default: 0] += sum.value
            case .amountFrozen: institutions[dimension, default: .init(institution: dimension)].frozen += sum.value
            case .amountDeducted: institutions[dimension, default: .init(institution: dimension)].deducted += sum.value
            case .measuresImposed: overview.measuresByKind[dimension, default: 0] += sum.value
            case .removals where dimension == "on_time": overview.removalsOnTime += sum.value
            case .removals: overview.removalsLate += sum.value
            case .delegationsSent: overview.delegationsSent += sum.value
            case .delegationsReceived: overview.delegationsReceived += sum.value
            default: break
            }
        }
        for sum in before { overview.pendingAtStart += sum.measure == .filed ? sum.value : -sum.value }
        for sum in overdue {
            switch sum.measure {
            case .pendingDue: overview.overdueNow += sum.value
            case .controlsDue: institutions[sum.dimension ?? "", default: .init(institution: sum.dimension ?? "")].overdue += sum.value
            case .delegationsDue: overview.delegationsOverdueNow += sum.value
            default: break
            }
        }
        let total = days.values.reduce(0, +)
        if total > 0 {
            let mean = Double(totalDays) / Double(total)
            overview.daysToClose = (mean, Self.percentile(days, 0.5), Self.percentile(days, 0.9))
        }
        for (institution, histogram) in hours {
            institutions[institution, default: .init(institution: institution)].answerHoursP50 = Self.percentile(histogram, 0.5)
            institutions[institution, default: .init(institution: institution)].answerHoursP95 = Self.percentile(histogram, 0.95)
        }
        overview.controls = institutions.values.sorted { $0.institution < $1.institution }
        overview.pendingByAge = zip(Self.ageBuckets, pending).map { ($0, $1) }
        return overview
    }

    /// The filing days of each age bucket on `today` (<3, 3-6, 6-12, 12-24, >24 months), newest first.
    static func ageRanges(today: CalendarDate) -> [(from: CalendarDate?, to: CalendarDate)] {
        let limits = [3, 6, 12, 24].map { today.adding(months: -$0) }
        var ranges: [(from: CalendarDate?, to: CalendarDate)] = []
        var upper = today
        for limit in limits {
            ranges.append((limit.adding(days: 1), upper))
            upper = limit
        }
        ranges.append((nil, upper))
        return ranges
    }

    /// The nearest-rank percentile of a histogram (band bound → count): the bound of the band it falls in.
    static func percentile(_ histogram: [Int: Int64], _ fraction: Double) -> Int64 {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return 0 }
        let rank = Int64((Double(total) * fraction).rounded(.up))
        var seen: Int64 = 0
        for (value, count) in histogram.sorted(by: { $0.key < $1.key }) {
            seen += count
            if seen >= max(rank, 1) { return Int64(value) }
        }
        return Int64(histogram.keys.max() ?? 0)
    }

    // MARK: Series

    public enum Granularity: String, Sendable { case day, month }

    public func series(measure raw: String, court rawCourt: String, period: AnalysisPeriod, granularity rawGranularity: String,
                       by caller: Caller) async throws -> [(period: String, value: Int64)] {
        let court = try scope(rawCourt, caller)
        guard let granularity = Granularity(rawValue: rawGranularity.isEmpty ? "day" : rawGranularity) else {
            throw EnforcementError.invalid("granularity", "granularity is day or month, got '\(rawGranularity.prefix(20))'")
        }
        let periods = Self.periods(of: period, granularity)
        let grouping: FigureGrouping = granularity == .day ? .day : .month
        if raw == "pending" {
            // 存 at each period's end: unclosed before the period, plus filed, less closed, so far.
            let (before, moves) = try await domain.store.read { snapshot in
                (try snapshot.figures.sums(FigureQuery([.filed, .closed], court: court, to: period.from.adding(days: -1))),
                 try snapshot.figures.sums(FigureQuery([.filed, .closed], court: court, from: period.from, to: period.to, groupBy: [grouping])))
            }
            var running = before.map { $0.measure == .filed ? $0.value : -$0.value }.reduce(0, +)
            var change: [String: Int64] = [:]
            for sum in moves { change[sum.period ?? "", default: 0] += sum.measure == .filed ? sum.value : -sum.value }
            return periods.map { key in
                running += change[key] ?? 0
                return (key, running)
            }
        }
        let measure = try Self.seriesMeasure(raw)
        let sums = try await domain.store.read { try $0.figures.sums(FigureQuery([measure], court: court, from: period.from, to: period.to, groupBy: [grouping])) }
        let values = Dictionary(sums.map { ($0.period ?? "", $0.value) }, uniquingKeysWith: +)
        return periods.map { ($0, values[$0] ?? 0) }
    }

    static func seriesMeasure(_ raw: String) throws(EnforcementError) -> FigureMeasure {
        guard let measure = seriesMeasures[raw] else {
            throw .invalid("measure", "unknown measure '\(raw.prefix(40))'; one of pending, \(seriesMeasures.keys.sorted().joined(separator: ", "))",
                           reason: "UNKNOWN_MEASURE")
        }
        return measure
    }

    /// Every day or month of the period, as the counters' keys spell them.
    static func periods(of period: AnalysisPeriod, _ granularity: Granularity) -> [String] {
        switch granularity {
        case .day:
            return (0...period.from.days(until: period.to)).map { period.from.adding(days: $0).description }
        case .month:
            var keys: [String] = []
            var month = CalendarDate(year: period.from.year, month: period.from.month, day: 1)
            while month <= period.to {
                keys.append(String(month.description.prefix(7)))
                month = month.adding(months: 1)
            }
            return keys
        }
    }

    // MARK: Ranking

    public enum RankBy: String, Sendable { case court, judge }

    public func ranking(measure raw: String, period: AnalysisPeriod, by rawBy: String, court rawCourt: String,
                        caller: Caller) async throws -> [(key: String, value: Int64)] {
        // By default the command centre ranks the courts, a court its judges.
        guard let by = RankBy(rawValue: rawBy.isEmpty ? (caller.isCityWide ? "court" : "judge") : rawBy) else {
            throw EnforcementError.invalid("by", "a ranking is by court or by judge, got '\(rawBy.prefix(20))'")
        }
        let today = self.today
        switch by {
        case .court:
            guard caller.isCityWide else {
                throw EnforcementError(.permissionDenied, field: "by", "ranking the courts is for the command centre; a court ranks its judges")
            }
            let rows: [String: Int64]
            switch raw {
            case "closing_rate":
                let (before, moves) = try await domain.store.read { snapshot in
                    (try snapshot.figures.sums(FigureQuery([.filed, .closed], to: period.from.adding(days: -1), groupBy: [.court])),
                     try snapshot.figures.sums(FigureQuery([.filed, .closed], from: period.from, to: period.to, groupBy: [.court])))
                }
                var start: [String: Int64] = [:], filed: [String: Int64] = [:], closed: [String: Int64] = [:]
                for sum in before { start[sum.court ?? "", default: 0] += sum.measure == .filed ? sum.value : -sum.value }
                for sum in moves where sum.measure == .filed { filed[sum.court ?? "", default: 0] += sum.value }
                for sum in moves where sum.measure == .closed { closed[sum.court ?? "", default: 0] += sum.value }
                rows = Dictionary(uniqueKeysWithValues: domain.courts.courts.keys.map { code in
                    let key = code.value
                    return (key, Overview.permille(closed[key] ?? 0, of: (start[key] ?? 0) + (filed[key] ?? 0)))
                })
            case "pending_now", "overdue_now":
                let query = raw == "pending_now" ? FigureQuery([.pending], groupBy: [.court]) : FigureQuery([.pendingDue], to: today.adding(days: -1), groupBy: [.court])
                rows = Dictionary(try await domain.store.read { try $0.figures.sums(query) }.map { ($0.court ?? "", $0.value) }, uniquingKeysWith: +)
            default:
                let measure = try Self.seriesMeasure(raw)
                rows = Dictionary(try await domain.store.read {
                    try $0.figures.sums(FigureQuery([measure], from: period.from, to: period.to, groupBy: [.court]))
                }.map { ($0.court ?? "", $0.value) }, uniquingKeysWith: +)
            }
            // Every city court, those with nothing at 0.
            return domain.courts.courts.keys.map { ($0.value, rows[$0.value] ?? 0) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        case .judge:
            guard let court = try scope(rawCourt, caller) else {
                throw EnforcementError.invalid("court", "ranking judges needs a court")
            }
            let query: FigureQuery
            switch raw {
            case "closed": query = FigureQuery([.closedByJudge], court: court, from: period.from, to: period.to, groupBy: [.dimension])
            case "pending_now": query = FigureQuery([.pendingByJudge], court: court, groupBy: [.dimension])
            default: throw EnforcementError.invalid("measure", "judges are ranked by closed or pending_now, got '\(raw.prefix(40))'", reason: "UNKNOWN_MEASURE")
            }
            return try await domain.store.read { try $0.figures.sums(query) }
                .map { ($0.dimension ?? "", $0.value) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        }
    }

    // MARK: Drill-down

    /// The filter of the cases behind a case figure: the same the counters count.
    public func caseFilter(measure raw: String, court rawCourt: String, period: AnalysisPeriod, dimension rawDimension: String, judge: String,
                           by caller: Caller) throws -> CaseFilter {
        var filter = CaseFilter(court: try scope(rawCourt, caller))
        let dimension = rawDimension.trimmingWhitespace
        if !judge.isEmpty {
            guard judge.count <= 64 else { throw EnforcementError.invalid("judge", "a judge's name is at most 64 characters") }
            filter.handlingJudge = judge
        }
        switch raw {
        case "filed", "pending":
            (filter.filedFrom, filter.filedTo) = (period.from, period.to)
            filter.unclosed = raw == "pending"
            if !dimension.isEmpty {
                guard let type = CaseType(rawValue: dimension) else { throw EnforcementError.invalid("dimension", "unknown case type '\(dimension.prefix(20))'") }
                filter.type = type
            }
        case "closed":
            (filter.closedFrom, filter.closedTo) = (period.from, period.to)
            if !dimension.isEmpty {
                guard let mode = ClosingMode(rawValue: dimension) else { throw EnforcementError.invalid("dimension", "unknown closing mode '\(dimension.prefix(40))'") }
                filter.closingMode = mode
            }
        case "overdue":
            filter.unclosed = true
            filter.overdueAsOf = today
        default:
            throw EnforcementError.invalid("measure", "the cases behind filed, closed, pending or overdue can be listed, got '\(raw.prefix(40))'",
                                           reason: "UNKNOWN_MEASURE")
        }
        return filter
    }

    public func cases(measure: String, court: String, period: AnalysisPeriod, dimension: String, judge: String, after: Int64, limit: Int,
                      by caller: Caller) async throws -> [(position: Int64, record: EnforcementCase)] {
        let filter = try caseFilter(measure: measure, court: court, period: period, dimension: dimension, judge: judge, by: caller)
        let size = try PageSize.resolve(limit)
        return try await domain.store.read { try $0.cases.list(matching: filter, after: after, limit: size) }
    }

    // MARK: Campaigns

    /// Opens a campaign (the command centre): a period of at most 10 years, a cause tag or a
    /// backlog day (one of the two), a target rate of 1 to 1000 per mille.
    public func createCampaign(_ command: CreateCampaign, by caller: Caller, requestID: String) async throws -> Campaign {
        guard caller.isCityWide else { throw EnforcementError(.permissionDenied, "campaigns are opened by the command centre") }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let name = command.name.trimmingWhitespace
        guard (1...60).contains(name.count) else { throw EnforcementError.invalid("name", "a campaign's name is 1 to 60 characters") }
        let court = try scope(command.court, caller)
        let period = try AnalysisPeriod(period: "", from: command.from, to: command.to, today: today)
        let tag = command.causeTag.trimmingWhitespace
        let filedBefore: CalendarDate?
        if command.filedBefore.isEmpty {
            filedBefore = nil
        } else {
            guard let day = CalendarDate(iso: command.filedBefore) else {
                throw EnforcementError.invalid("filed_before", "a day is YYYY-MM-DD, got '\(command.filedBefore.prefix(40))'")
            }
            filedBefore = day
        }
        guard tag.isEmpty != (filedBefore == nil) else {
            throw EnforcementError.invalid("cause_tag", "a campaign selects its cases by a cause tag or by filed_before (the backlog), one of the two")
        }
        if !tag.isEmpty { _ = try CaseWorkflow.causeTags([tag]) }
        guard (1...1000).contains(command.targetPermille) else {
            throw EnforcementError.invalid("target_closing_rate_permille", "a target closing rate is 1 to 1000 per mille")
        }
        let courts = court.map { [$0] } ?? Array(domain.courts.courts.keys)
        return try await domain.store.write(context) { tx in
            var baseline: [String: Int64] = [:]
            if let filedBefore {
                // The backlog now: unclosed cases of each court filed before the day.
                for sum in try tx.figures.sums(FigureQuery([.pending], court: court, to: filedBefore.adding(days: -1), groupBy: [.court]))
                where courts.contains(where: { $0.value == sum.court }) {
                    baseline[sum.court ?? "", default: 0] += sum.value
                }
            }
            let campaign = try tx.campaigns.insert(Campaign(
                name: name, court: court, from: period.from, to: period.to, causeTag: tag.isEmpty ? nil : tag, filedBefore: filedBefore,
                targetPermille: command.targetPermille, baseline: baseline, createdAt: context.at, createdBy: caller.description))
            return (campaign, campaign.id)
        }
    }

    /// The campaigns a caller sees: the city's and, for a court, its own court's.
    public func campaigns(by caller: Caller) async throws -> [Campaign] {
        let own = try scope("", caller)
        return try await domain.store.read { try $0.campaigns.campaigns(after: 0, limit: 1_000) }
            .filter { $0.court == nil || caller.isCityWide || $0.court == own }
    }

    /// A campaign's figures for the city (or its court), or for one court's part of it.
    public func progress(_ id: String, court raw: String, by caller: Caller) async throws -> CampaignProgress {
        let asked = try scope(raw, caller)
        guard id.utf8.count <= 20, let campaign = try await domain.store.read({ try $0.campaigns.campaign(id) }),
              campaign.court == nil || campaign.court == asked || (caller.isCityWide && asked == nil)
        else { throw Domain.outOfScope("campaign \(id.prefix(20))", field: "id") }
        let court = asked ?? campaign.court
        let today = self.today
        let end = min(campaign.to, today)
        var progress = CampaignProgress(campaign: campaign, court: court, asOf: today, cases: 0, closed: 0)
        if let tag = campaign.causeTag {
            guard campaign.from <= today else { return progress }
            let sums = try await domain.store.read { snapshot in
                (try snapshot.figures.sums(FigureQuery([.filedByCause, .closedByCause], court: court, to: campaign.from.adding(days: -1), groupBy: [.dimension])),
                 try snapshot.figures.sums(FigureQuery([.filedByCause, .closedByCause], court: court, from: campaign.from, to: end, groupBy: [.dimension])))
            }
            for sum in sums.0 where sum.dimension == tag { progress.cases += sum.measure == .filedByCause ? sum.value : -sum.value }
            for sum in sums.1 where sum.dimension == tag {
                if sum.measure == .filedByCause { progress.cases += sum.value } else { progress.closed += sum.value }
            }
        } else if let filedBefore = campaign.filedBefore {
            let baseline = campaign.baseline.filter { court == nil || $0.key == court?.value }.values.reduce(0, +)
            let remaining = try await domain.store.read {
                try $0.figures.sums(FigureQuery([.pending], court: court, to: filedBefore.adding(days: -1))).map(\.value).reduce(0, +)
            }
            progress.cases = baseline
            progress.closed = max(0, baseline - remaining)
        }
        return progress
    }
}

