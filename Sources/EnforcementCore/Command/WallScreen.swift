public import Foundation

/// The figures of the wall screen (指挥中心大屏), for the city or one court: totals today, this
/// month and this year (收/结/存 and money), a tile per court, the 30-day trend and the pending
/// cases by age. Every figure is a sum of the store's counters (see `AnalysisWorkflow`).
public struct WallScreen: Codable, Hashable, Sendable {
    public struct Totals: Codable, Hashable, Sendable {
        /// today, month or year
        public var period: String
        public var filed: Int64
        public var closed: Int64
        /// 存 at the period's end.
        public var pending: Int64
        public var closingRatePermille: Int64
        /// Money in and out (fen).
        public var moneyReceived: Int64
        public var moneyPaid: Int64
    }

    public struct CourtTile: Codable, Hashable, Sendable {
        public var court: String
        public var name: String
        public var pending: Int64
        public var overdue: Int64
        public var openAlerts: Int
        public var redAlerts: Int
        /// green, yellow (open alerts or overdue cases) or red (red alerts).
        public var state: String
    }

    public struct Day: Codable, Hashable, Sendable {
        public var day: String
        public var filed: Int64
        public var closed: Int64
    }

    public struct Bucket: Codable, Hashable, Sendable {
        public var bucket: String
        public var count: Int64
    }

    /// "city" or a court code.
    public var scope: String
    public var scopeName: String
    public var asOf: String
    public var totals: [Totals]
    public var courts: [CourtTile]
    public var trend: [Day]
    public var ages: [Bucket]
    public var overdue: Int64
}

/// One line of the ticker: a journal entry of the caller's scope, named in Chinese. It carries
/// no party's name or ID number: only the action, the case number and who acted.
public struct TickerItem: Codable, Hashable, Sendable {
    public var sequence: Int64
    public var at: Date
    public var label: String
    public var caseNumber: String?
    public var court: String?
    public var actor: String
}

/// A case's timeline for the screen: node names and days only.
public struct WallCase: Codable, Hashable, Sendable {
    public struct Node: Codable, Hashable, Sendable {
        public var name: String
        public var on: String
        public var late: Bool
    }
    public var number: String
    public var status: String
    public var handlingJudge: String?
    public var filedOn: String
    public var dueOn: String?
    public var overdue: Bool
    public var nodes: [Node]
}

/// What the wall screen reads, as the caller that made its link.
public struct WallScreenWorkflow: Sendable {
    public let domain: Domain
    let analysis: AnalysisWorkflow
    let supervision: SupervisionWorkflow
    let cases: CaseWorkflow

    public init(cases: CaseWorkflow) {
        domain = cases.domain
        analysis = AnalysisWorkflow(domain: domain)
        supervision = SupervisionWorkflow(domain: domain)
        self.cases = cases
    }

    /// The journal actions the ticker shows, with their Chinese names.
    public static let tickerLabels: [String: String] = [
        "case.file": "立案", "case.assign_judge": "指定承办人", "case.record_node": "办案节点", "case.suspend": "中止执行",
        "case.resume": "恢复执行", "case.close": "结案", "control.query": "网络查询", "control.freeze": "冻结",
        "control.deduct": "扣划", "control.release": "解除冻结", "control.answer_query": "银行反馈查询结果",
        "control.answer_control": "银行反馈控制结果", "control.answer_deduction": "银行反馈扣划结果", "funds.receipt": "案款到账",
        "funds.payout.confirm": "案款发放", "measure.impose": "纳入惩戒", "measure.lift": "解除惩戒",
        "delegation.send": "委托执行", "delegation.answer": "委托反馈", "supervision.pass": "监督预警变化", "alert.acknowledge": "预警签收",
        "field.record": "外勤记录",
    ]

    public func screen(court raw: String, by caller: Caller) async throws -> WallScreen {
        let court = try domain.courtScope(raw, caller, what: "the wall screen's figures")
        let today = domain.clock.today()
        let scopeRaw = court?.value ?? ""
        var totals: [WallScreen.Totals] = []
        var current: Overview?
        for (name, from) in [("today", today), ("month", CalendarDate(year: today.year, month: today.month, day: 1)),
                             ("year", CalendarDate(year: today.year, month: 1, day: 1))] {
            let overview = try await analysis.overview(court: scopeRaw, period: try AnalysisPeriod(from: from, to: today), by: caller)
            if current == nil { current = overview }
            totals.append(.init(period: name, filed: overview.filed, closed: overview.closed, pending: overview.pendingAtEnd,
                                closingRatePermille: overview.closingRatePermille, moneyReceived: overview.moneyReceived, moneyPaid: overview.moneyPaid))
        }
        let last30 = try AnalysisPeriod(from: today.adding(days: -29), to: today)
        let filed = try await analysis.series(measure: "filed", court: scopeRaw, period: last30, granularity: "day", by: caller)
        let closed = Dictionary(try await analysis.series(measure: "closed", court: scopeRaw, period: last30, granularity: "day", by: caller)
            .map { ($0.period, $0.value) }, uniquingKeysWith: +)
        let scorecard = try await supervision.scorecard(court: scopeRaw, by: caller)
        var tiles: [WallScreen.CourtTile] = []
        if let court {
            tiles.append(Self.tile(court.value, name: domain.courts.court(court)?.name ?? court.value, pending: current?.pendingNow ?? 0,
                                   overdue: current?.overdueNow ?? 0, open: scorecard.rows.map(\.open).reduce(0, +),
                                   red: scorecard.rows.map(\.red).reduce(0, +)))
        } else {
            let pending = Dictionary(try await analysis.ranking(measure: "pending_now", period: last30, by: "court", court: "", caller: caller)
                .map { ($0.key, $0.value) }, uniquingKeysWith: +)
            let overdue = Dictionary(try await analysis.ranking(measure: "overdue_now", period: last30, by: "court", court: "", caller: caller)
                .map { ($0.key, $0.value) }, uniquingKeysWith: +)
            let alerts = Dictionary(scorecard.rows.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for entry in domain.courts.courts.values.sorted(by: { $0.code.value < $1.code.value }) {
                let code = entry.code.value
                tiles.append(Self.tile(code, name: entry.name, pending: pending[code] ?? 0, overdue: overdue[code] ?? 0,
                                       open: alerts[code]?.open ?? 0, red: alerts[code]?.red ?? 0))
            }
        }
        return WallScreen(
            scope: court?.value ?? "city", scopeName: court.flatMap { domain.courts.court($0)?.name } ?? "全市",
            asOf: today.description, totals: totals, courts: tiles,
            trend: filed.map { .init(day: $0.period, filed: $0.value, closed: closed[$0.period] ?? 0) },
            ages: (current?.pendingByAge ?? []).map { .init(bucket: $0.bucket, count: $0.count) }, overdue: current?.overdueNow ?? 0)
    }

    static func tile(_ code: String, name: String, pending: Int64, overdue: Int64, open: Int, red: Int) -> WallScreen.CourtTile {
        .init(court: code, name: name, pending: pending, overdue: overdue, openAlerts: open, redAlerts: red,
              state: red > 0 ? "red" : (open > 0 || overdue > 0 ? "yellow" : "green"))
    }

    /// The ticker's items after `after` (a journal sequence), at most `limit` entries read; and the
    /// sequence read up to, which the next call passes as `after`.
    public func ticker(after: Int64, limit: Int, court: CourtCode?) async throws -> (items: [TickerItem], through: Int64) {
        let rows = try await domain.store.read { try $0.audit.activity(after: max(0, after), limit: min(max(1, limit), 500)) }
        let items = rows.compactMap { row -> TickerItem? in
            guard let label = Self.tickerLabels[row.action] else { return nil }
            let number = try? CaseNumber(parsing: row.subject)
            if let court, number?.court != court { return nil }
            return TickerItem(sequence: row.sequence, at: row.at, label: label, caseNumber: number?.description, court: number?.court.value,
                              actor: actor(row.principal))
        }
        return (items, rows.last?.sequence ?? max(0, after))
    }

    /// Follows the journal from `after`: `deliver` gets each page of the scope's items and the
    /// position read up to, at once for what is there, then after every write and on every poll
    /// tick (with no items when nothing came; the caller may send a keep-alive). Ends when the
    /// feed closes, the task is cancelled or `deliver` throws.
    public func follow(after: Int64, court: CourtCode?, deliver: ([TickerItem], Int64) async throws -> Void) async throws {
        let wakeUps = domain.feed.subscribe()
        var cursor = max(0, after)
        var iterator = wakeUps.makeAsyncIterator()
        repeat {
            var delivered = false
            while true {
                let (items, through) = try await ticker(after: cursor, limit: 200, court: court)
                guard through > cursor else { break }
                cursor = through
                try await deliver(items, through)
                delivered = true
            }
            if !delivered { try await deliver([], cursor) }
        } while await iterator.next() != nil && !Task.isCancelled
    }

    /// The last journal sequence, from which a new screen's live ticker starts.
    public func lastSequence() async throws -> Int64 {
        try await domain.store.read { try $0.audit.lastJournalSequence() }
    }

    /// Who acted, as the screen names them: a court's or institution's name, or 指挥中心.
    func actor(_ uri: String) -> String { Self.actor(uri, courts: domain.courts, institutions: domain.institutions) }

    static func actor(_ uri: String, courts: CourtRegistry, institutions: InstitutionRegistry) -> String {
        guard let principal = try? Principal(uri: uri) else { return "" }
        switch principal {
        case .court(let code): return courts.court(code)?.name ?? code.value
        case .institution(let id): return institutions.institution(id)?.name ?? id
        case .commandCentre: return "指挥中心"
        default: return ""
        }
    }

    /// A case's timeline for a caller that may read it, on a screen of its court (NOT_FOUND otherwise).
    public func caseTimeline(_ raw: String, by caller: Caller, within court: CourtCode? = nil) async throws -> WallCase {
        if let court, try CaseNumber(parsing: raw).court != court { throw Domain.outOfScope("case \(raw.prefix(40))", field: "case_number") }
        let summary = try await cases.get(raw, by: caller)
        let nodes = try await cases.timeline(raw, by: caller)
        return WallCase(
            number: summary.number.description, status: summary.status.rawValue, handlingJudge: summary.handlingJudge,
            filedOn: summary.filedOn.description, dueOn: summary.dueOn?.description, overdue: summary.overdue,
            nodes: nodes.map { .init(name: domain.nodes.node($0.nodeCode)?.nameZh ?? $0.nodeCode, on: $0.occurredOn.description, late: $0.late) })
    }

    /// The overdue cases of one court (up to 50), for the screen's court view.
    public func overdueCases(court: String, by caller: Caller) async throws -> [String] {
        let period = try AnalysisPeriod(from: domain.clock.today(), to: domain.clock.today())
        return try await analysis.cases(measure: "overdue", court: court, period: period, dimension: "", judge: "", after: 0, limit: 50, by: caller)
            .map(\.record.number.description)
    }
}
