import ArgumentParser
import EnforcementAPI
import EnforcementClient
import EnforcementCore
import Foundation
import SwiftProtobuf

struct AnalysisGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis", abstract: "Analysis (执行分析): figures of your court, or of the city (--as command-centre).",
        subcommands: [AnalysisOverview.self, AnalysisSeries.self, AnalysisRanking.self, AnalysisCases.self, AnalysisCheck.self])
}

/// The period options every analysis command takes.
struct PeriodOptions: ParsableArguments {
    @Option(help: "A day (2026-12-03), a month (2026-12) or a year (2026); default this month.") var period = ""
    @Option(help: "First day (with --to instead of --period).") var from = ""
    @Option(help: "Last day.") var to = ""

    var message: Enforcement_V1_Period { EnforcementClient.period(period, from: from, to: to) }
}

enum Figures {
    static func yuan(_ fen: Int64) -> String { Money(fen: fen).description }
    static func permille(_ value: Int64) -> String { String(format: "%.1f%%", Double(value) / 10) }

    static func printJSON(_ message: some SwiftProtobuf.Message) throws {
        var options = JSONEncodingOptions()
        options.alwaysPrintEnumsAsInts = false
        print(try message.jsonString(options: options))
    }
}

struct AnalysisOverview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overview", abstract: "收/结/存, closing rate, money, controls, measures and delegations of a period.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var period: PeriodOptions
    @Option(help: "A court code (the command centre; default the city).") var court = ""

    func run() async throws {
        let overview = try await connection.run { try await $0.overview(court: court, period: period.message) }
        if connection.json { try Figures.printJSON(overview); return }
        print("\(overview.court.isEmpty ? "全市" : overview.court)  \(overview.from) – \(overview.to)  (now: \(overview.asOf))")
        Output.table(["旧存", "新收", "已结", "未结", "结案率", "结案用时 (天) 平均/p50/p90"], [[
            String(overview.pendingAtStart), String(overview.filed), String(overview.closed), String(overview.pendingAtEnd),
            Figures.permille(overview.closingRatePermille),
            String(format: "%.1f / %d / %d", overview.daysToCloseMean, overview.daysToCloseP50, overview.daysToCloseP90),
        ]])
        print("新收 by type: " + overview.filedByType.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("已结 by mode: " + overview.closedByMode.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("未结 now \(overview.pendingNow) by age (months): " + overview.pendingByAge.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
              + "; 超期 \(overview.overdueNow)")
        print("案款 到账 \(Figures.yuan(overview.moneyReceivedFen)) 元, 发放 \(Figures.yuan(overview.moneyPaidFen)) 元; "
              + "冻结 \(Figures.yuan(overview.frozenFen)) 元, 扣划 \(Figures.yuan(overview.deductedFen)) 元")
        if !overview.controls.isEmpty {
            Output.table(["institution", "sent", "answered", "overdue", "hours p50", "hours p95", "frozen", "deducted"], overview.controls.map {
                [$0.institution, String($0.sent), String($0.answered), String($0.overdue), String($0.answerHoursP50), String($0.answerHoursP95),
                 Figures.yuan($0.frozenFen), Figures.yuan($0.deductedFen)]
            })
        }
        print("措施: " + (overview.measuresByKind.isEmpty ? "none" : overview.measuresByKind.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
              + "; 移出失信 on time \(overview.removalsOnTime), late \(overview.removalsLate)")
        print("委托: sent \(overview.delegationsSent), received \(overview.delegationsReceived), overdue now \(overview.delegationsOverdueNow)")
    }
}

struct AnalysisSeries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "series", abstract: "One measure by day or month, with a bar chart.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var period: PeriodOptions
    @Argument(help: "filed, closed, pending, money_received, money_paid, controls_sent, …") var measure: String
    @Option(help: "A court code (the command centre; default the city).") var court = ""
    @Option(help: "day or month.") var granularity = "day"

    func run() async throws {
        let series = try await connection.run { try await $0.series(measure: measure, court: court, period: period.message, granularity: granularity) }
        if connection.json { try Figures.printJSON(series); return }
        let peak = max(series.points.map(\.value).max() ?? 0, 1)
        let money = FigureMeasure(rawValue: measure)?.isMoney == true
        for point in series.points {
            let width = Int((Double(max(point.value, 0)) / Double(peak) * 40).rounded())
            print("\(point.period)  \(String(repeating: "█", count: width))\(width == 0 && point.value > 0 ? "▏" : "") \(money ? Figures.yuan(point.value) : String(point.value))")
        }
    }
}

struct AnalysisRanking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ranking", abstract: "Courts (the command centre) or a court's judges ranked by a measure.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var period: PeriodOptions
    @Argument(help: "A series measure, closing_rate, pending_now or overdue_now.") var measure: String
    @Option(help: "court or judge.") var by = "court"
    @Option(help: "The court whose judges are ranked (the command centre).") var court = ""

    func run() async throws {
        let ranking = try await connection.run { try await $0.ranking(measure: measure, period: period.message, by: by, court: court) }
        if connection.json { try Figures.printJSON(ranking); return }
        Output.table(["#", by, "name", measure], ranking.entries.enumerated().map { index, entry in
            [String(index + 1), entry.key.isEmpty ? "(unassigned)" : entry.key, entry.name,
             measure == "closing_rate" ? Figures.permille(entry.value) : FigureMeasure(rawValue: measure)?.isMoney == true ? Figures.yuan(entry.value) : String(entry.value)]
        })
    }
}

struct AnalysisCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "The cases behind a figure (drill-down): filed, closed, pending or overdue.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var period: PeriodOptions
    @Argument(help: "filed, closed, pending or overdue.") var measure: String
    @Option(help: "A court code (the command centre).") var court = ""
    @Option(help: "A case type (filed, pending) or closing mode (closed).") var dimension = ""
    @Option(help: "Only this handling judge's cases.") var judge = ""
    @Option(help: "Cases a page.") var pageSize = 100
    @Option(help: "The next page token a previous page printed.") var pageToken = ""

    func run() async throws {
        let page = try await connection.run {
            try await $0.figureCases(measure: measure, court: court, period: period.message, dimension: dimension, judge: judge,
                                     pageToken: pageToken, pageSize: pageSize)
        }
        if connection.json { try Figures.printJSON(page); return }
        Output.table(["case", "status", "judge", "filed", "closed", "mode", "due"], page.cases.map {
            [$0.number, $0.status, $0.handlingJudge, $0.filedOn, $0.closedOn, $0.closingMode, $0.dueOn]
        })
        if !page.nextPageToken.isEmpty { print("more: --page-token \(page.nextPageToken)") }
    }
}

struct AnalysisCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Recompute every counter from the records and compare with the stored ones; --repair rewrites them.",
        discussion: """
            Reads the server's SQLite file directly, or with --database-url (default $ENFORCEMENT_DATABASE_URL) the PostgreSQL \
            database. Exit status 2 when a counter differs. --repair replaces every counter in one journaled write.
            """)

    @OptionGroup var options: DatabaseOptions
    @Flag(help: "Replace the counters by the recomputed ones.") var repair = false

    func run() async throws {
        let store = try options.open()
        let check = try await store.read { try FigureCheck.run($0.figures) }
        if check.agrees {
            print("figures agree: \(check.cellsCompared) counter cells recomputed from the records")
            return
        }
        print("figures DIFFER in \(check.differences.count) of \(check.cellsCompared) cells; \(check.staleRecords) record(s) with stale contributions; \(check.rollupDifferences) month/year row(s) off their days")
        for difference in check.differences.prefix(20) {
            let cell = difference.cell
            print("  \(cell.measure.rawValue) \(cell.court) \(cell.day) \(cell.dimension) \(cell.bucket): stored \(difference.stored), recomputed \(difference.recomputed)")
        }
        guard repair else { throw ExitCode(2) }
        let context = WriteContext(caller: Caller(principal: .system("enforcectl")), requestID: "figures-rebuild-\(UUID().uuidString.lowercased())",
                                   action: "figures.rebuild", requestHash: UUID().uuidString, payload: "{}", at: Date())
        let _: Bool = try await store.write(context) { tx in
            try tx.figures.rebuildFigures()
            return (true, "figures")
        }
        print("repaired: the counters were rebuilt from the records (journaled as figures.rebuild)")
    }
}

struct CampaignGroup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Special campaigns (专项治理): the command centre opens them; courts follow their part.",
        subcommands: [CampaignCreate.self, CampaignList.self, CampaignProgressCommand.self])
}

struct CampaignCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Open a campaign (--as command-centre).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The campaign's name, e.g. 劳动报酬案件专项执行行动.") var name: String
    @Option(help: "First day.") var from: String
    @Option(help: "Last day.") var to: String
    @Option(help: "Its cases: those with this cause tag (案由).") var causeTag = ""
    @Option(help: "Or: the backlog of unclosed cases filed before this day.") var filedBefore = ""
    @Option(help: "Target closing rate in per cent, e.g. 90.") var target: Double
    @Option(help: "One court's campaign (default the city's).") var court = ""

    func run() async throws {
        let command = CreateCampaign(name: name, court: court, from: from, to: to, causeTag: causeTag, filedBefore: filedBefore,
                                     targetPermille: Int((target * 10).rounded()))
        let campaign = try await connection.run { try await $0.createCampaign(command) }
        if connection.json { try Figures.printJSON(campaign); return }
        print("opened \(campaign.id) \(campaign.name)  \(campaign.from) – \(campaign.to)  target \(Figures.permille(Int64(campaign.targetClosingRatePermille)))")
    }
}

struct CampaignList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The city's campaigns and your court's.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let campaigns = try await connection.run { try await $0.campaigns() }
        if connection.json { try Figures.printJSON(Enforcement_V1_ListCampaignsResponse.with { $0.campaigns = campaigns }); return }
        Output.table(["id", "name", "court", "from", "to", "cases", "target"], campaigns.map {
            [$0.id, $0.name, $0.court.isEmpty ? "全市" : $0.court, $0.from, $0.to,
             $0.causeTag.isEmpty ? "unclosed, filed before \($0.filedBefore)" : "案由 \($0.causeTag)",
             Figures.permille(Int64($0.targetClosingRatePermille))]
        })
    }
}

struct CampaignProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "A campaign's cases, those closed, the rate against the target.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Campaign id, e.g. CP000001.") var id: String
    @Option(help: "One court's part (the command centre).") var court = ""

    func run() async throws {
        let progress = try await connection.run { try await $0.campaignProgress(id, court: court) }
        if connection.json { try Figures.printJSON(progress); return }
        let campaign = progress.campaign
        print("\(campaign.id) \(campaign.name)  \(progress.court.isEmpty ? "全市" : progress.court)  as of \(progress.asOf)")
        let width = Int((Double(progress.closingRatePermille) / 1000 * 40).rounded())
        print("[\(String(repeating: "█", count: width))\(String(repeating: "·", count: max(0, 40 - width)))] "
              + "\(Figures.permille(progress.closingRatePermille)) of \(progress.cases) closed (\(progress.closed)), \(progress.remaining) left; "
              + "target \(Figures.permille(Int64(campaign.targetClosingRatePermille))) — \(progress.onTarget ? "on target" : "below target")")
    }
}
