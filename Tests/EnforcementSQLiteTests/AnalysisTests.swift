@testable import EnforcementCore
import Foundation
import Testing

/// Issue 16: the command centre's figures are sums of counters kept write by write; each figure is
/// checked against a hand count, and its drill-down lists exactly the cases it counts.
@Suite("Analysis: figures from counters, drill-down, ranking, bad input (both stores)")
struct AnalysisTests {
    func close(_ h: Harness, _ number: CaseNumber, _ mode: ClosingMode = .withdrawn) async throws {
        _ = try await h.workflow.close(CloseCase(caseNumber: number.description, mode: mode, documentNumber: "（2026）沪0105执结\(number.sequence)号",
                                                 debtorMeetsListingConditions: false), by: Harness.court0105, requestID: UUID().uuidString)
    }

    func period(_ from: CalendarDate, _ to: CalendarDate) throws -> AnalysisPeriod { try AnalysisPeriod(from: from, to: to) }

    @Test("hand count: 3 filed in 沪0105 (2 执 with a judge, 1 执保) and 1 in 沪0101 on day 0; one withdrawn on day 2 — overview, series, ranking and drill-down agree")
    func handCounted() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        let day0 = h.clock.today()
        let a = try await h.file(Harness.filing(handlingJudge: "李法官")).number
        _ = try await h.file(Harness.filing(handlingJudge: "李法官")).number
        let c = try await h.file(Harness.filing(type: .preservation)).number
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: UUID().uuidString)
        h.clock.advance(days: 2)
        try await close(h, a)
        let span = try period(day0, day0.adding(days: 10))

        let court = try await analysis.overview(court: "", period: span, by: Harness.court0105)
        #expect(court.court?.value == "沪0105")
        #expect(court.filed == 3 && court.filedByType == ["执": 2, "执保": 1])
        #expect(court.closed == 1 && court.closedByMode == ["withdrawn": 1])
        #expect(court.pendingAtStart == 0 && court.pendingAtEnd == 2)
        #expect(court.closingRatePermille == 333)  // 1 / (0 + 3)
        #expect(court.daysToClose.p50 == 7 && court.daysToClose.p90 == 7 && court.daysToClose.mean == 2)  // 2 days: the band ≤ 7, mean exact
        #expect(court.pendingNow == 2 && court.pendingByAge.map(\.count) == [2, 0, 0, 0, 0])
        #expect(court.overdueNow == 0)

        let city = try await analysis.overview(court: "", period: span, by: Harness.centre)
        #expect(city.court == nil && city.filed == 4 && city.closed == 1 && city.pendingNow == 3)
        // The same figures over periods read from year, month and day rows together.
        for (raw, from, to) in [("2026", "", ""), ("2026-03", "", ""), ("", "2025-12-15", "2027-02-10"), ("", "2024-01-01", "2026-12-31"),
                                ("", day0.description, day0.adding(days: 2).description)] {
            let wide = try await analysis.overview(court: "", period: try AnalysisPeriod(period: raw, from: from, to: to, today: day0), by: Harness.centre)
            #expect(wide.filed == 4 && wide.closed == 1 && wide.pendingAtStart == 0, "\(raw) \(from) \(to)")
        }
        let one = try await analysis.overview(court: "沪0101", period: span, by: Harness.centre)
        #expect(one.filed == 1 && one.closed == 0)
        // The next period starts with 3 unclosed (旧存), and nothing new.
        let later = try await analysis.overview(court: "", period: try period(day0.adding(days: 11), day0.adding(days: 20)), by: Harness.centre)
        #expect(later.pendingAtStart == 3 && later.filed == 0 && later.pendingAtEnd == 3)

        let series = try await analysis.series(measure: "filed", court: "", period: try period(day0.adding(days: -1), day0.adding(days: 2)),
                                               granularity: "day", by: Harness.centre)
        #expect(series.map(\.value) == [0, 4, 0, 0] && series[1].period == day0.description)
        let pending = try await analysis.series(measure: "pending", court: "沪0105", period: try period(day0, day0.adding(days: 3)),
                                                granularity: "day", by: Harness.court0105)
        #expect(pending.map(\.value) == [3, 3, 2, 2])
        let monthly = try await analysis.series(measure: "closed", court: "", period: span, granularity: "month", by: Harness.centre)
        #expect(monthly.map(\.value).reduce(0, +) == 1)

        let courts = try await analysis.ranking(measure: "filed", period: span, by: "court", court: "", caller: Harness.centre)
        #expect(courts.prefix(2).map(\.key) == ["沪0105", "沪0101"] && courts.prefix(2).map(\.value) == [3, 1])
        #expect(courts.count == h.workflow.domain.courts.courts.count)
        let rates = try await analysis.ranking(measure: "closing_rate", period: span, by: "court", court: "", caller: Harness.centre)
        #expect(rates.first?.key == "沪0105" && rates.first?.value == 333)
        let judges = try await analysis.ranking(measure: "pending_now", period: span, by: "judge", court: "", caller: Harness.court0105)
        #expect(Dictionary(uniqueKeysWithValues: judges.map { ($0.key, $0.value) }) == ["李法官": 1, "": 1])

        // Drill-down: the cases behind each figure, as many as it counts.
        func numbers(_ measure: String, dimension: String = "", court: String = "") async throws -> [CaseNumber] {
            try await analysis.cases(measure: measure, court: court, period: span, dimension: dimension, judge: "", after: 0, limit: 0,
                                     by: Harness.court0105).map(\.record.number)
        }
        #expect(try await numbers("filed").count == 3)
        #expect(try await numbers("closed") == [a])
        #expect(try await numbers("closed", dimension: "withdrawn") == [a])
        #expect(try await numbers("pending", dimension: "执保") == [c])
        #expect(try await numbers("pending").count == 2)
        #expect(try await numbers("overdue").isEmpty)
        let check = try await h.store.read { try FigureCheck.run($0.figures) }
        #expect(check.agrees && check.cellsCompared > 0)
    }

    @Test("a case past its last day (6 months, DOMAIN.md time limits) is overdue now, and its drill-down lists it")
    func overdue() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        let number = try await h.file().number
        let span = try AnalysisPeriod(period: "", from: "", to: "", today: h.clock.today())
        h.clock.advance(days: 200)
        let overview = try await analysis.overview(court: "", period: span, by: Harness.court0105)
        #expect(overview.overdueNow == 1 && overview.pendingByAge.map(\.count) == [0, 0, 1, 0, 0])  // 200 days: 6-12 months
        let listed = try await analysis.cases(measure: "overdue", court: "", period: span, dimension: "", judge: "", after: 0, limit: 0, by: Harness.court0105)
        #expect(listed.map(\.record.number) == [number])
    }

    @Test("bad input: another court's figures (PERMISSION_DENIED), an unknown court (NOT_FOUND), a reversed or 10-year-plus period, an unknown measure, ranking courts as a court; nothing written")
    func badInput() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        _ = try await h.file()
        let before = try await h.journalCount()
        let today = h.clock.today()
        let span = try AnalysisPeriod(period: "2026", from: "", to: "", today: today)
        await #expect(throws: EnforcementError.self) { _ = try await analysis.overview(court: "沪0101", period: span, by: Harness.court0105) }
        do {
            _ = try await analysis.overview(court: "沪0101", period: span, by: Harness.court0105)
        } catch let error as EnforcementError { #expect(error.code == .permissionDenied) }
        do {
            _ = try await analysis.overview(court: "沪0199", period: span, by: Harness.centre)
            Issue.record("an unknown court was answered")
        } catch let error as EnforcementError { #expect(error.code == .notFound) }
        do {
            _ = try await analysis.cases(measure: "filed", court: "沪0101", period: span, dimension: "", judge: "", after: 0, limit: 0, by: Harness.court0105)
            Issue.record("another court's cases were listed")
        } catch let error as EnforcementError { #expect(error.code == .permissionDenied) }
        for (raw, from, to, reason) in [("", "2026-03-10", "2026-03-01", "PERIOD_REVERSED"), ("", "2010-01-01", "2026-01-01", "PERIOD_TOO_LONG"),
                                        ("2026-13", "", "", "INVALID_ARGUMENT"), ("2026-02-30", "", "", "INVALID_ARGUMENT"),
                                        ("26", "", "", "INVALID_ARGUMENT"), ("2026", "2026-01-01", "", "INVALID_ARGUMENT")] {
            #expect(throws: EnforcementError.self, "\(raw) \(from) \(to)") { _ = try AnalysisPeriod(period: raw, from: from, to: to, today: today) }
            do { _ = try AnalysisPeriod(period: raw, from: from, to: to, today: today) } catch { #expect(error.reason == reason) }
        }
        #expect(try AnalysisPeriod(period: "", from: "2016-03-11", to: "2026-03-10", today: today).to == today)  // exactly 10 years
        do {
            _ = try await analysis.series(measure: "everything", court: "", period: span, granularity: "day", by: Harness.centre)
            Issue.record("an unknown measure was answered")
        } catch let error as EnforcementError { #expect(error.reason == "UNKNOWN_MEASURE") }
        do {
            _ = try await analysis.ranking(measure: "filed", period: span, by: "court", court: "", caller: Harness.court0105)
            Issue.record("a court ranked the courts")
        } catch let error as EnforcementError { #expect(error.code == .permissionDenied) }
        do {
            _ = try await analysis.overview(court: "", period: span, by: Harness.icbc)
            Issue.record("a bank read the figures")
        } catch let error as EnforcementError { #expect(error.code == .permissionDenied) }
        #expect(try await h.journalCount() == before)
    }

    func tagged(_ tags: [String]) -> FileCase {
        var command = Harness.filing()
        command.causeTags = tags
        return command
    }

    @Test("a cause-tag campaign (劳动报酬): 2 tagged cases unclosed at its start + 1 filed during it = 3; 1 closed = 333‰, below a 500‰ target")
    func causeTagCampaign() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        let day0 = h.clock.today()
        let first = try await h.file(tagged(["劳动报酬", "建设工程"])).number
        _ = try await h.file(tagged(["劳动报酬"]))
        _ = try await h.file()
        #expect(try await h.workflow.get(first.description, by: Harness.court0105).causeTags == ["劳动报酬", "建设工程"])
        let campaign = try await analysis.createCampaign(
            CreateCampaign(name: "劳动报酬案件专项执行行动", from: day0.adding(days: 1).description, to: day0.adding(days: 30).description,
                           causeTag: "劳动报酬", targetPermille: 500), by: Harness.centre, requestID: "campaign-1")
        #expect(campaign.id == "CP000001")
        h.clock.advance(days: 1)
        _ = try await h.file(tagged(["劳动报酬"]))
        h.clock.advance(days: 1)
        try await close(h, first)
        let city = try await analysis.progress(campaign.id, court: "", by: Harness.centre)
        #expect(city.cases == 3 && city.closed == 1 && city.ratePermille == 333 && !city.onTarget)
        let court = try await analysis.progress(campaign.id, court: "", by: Harness.court0105)
        #expect(court.court?.value == "沪0105" && court.cases == 3 && court.closed == 1)
        let other = try await analysis.progress(campaign.id, court: "沪0101", by: Harness.centre)
        #expect(other.cases == 0 && other.ratePermille == 0)
        #expect(try await analysis.campaigns(by: Harness.court0101).map(\.id) == ["CP000001"])  // a city campaign: every court sees it
        // The same request again answers the same campaign; a tag with another court's name in it changes nothing.
        let replay = try await analysis.createCampaign(
            CreateCampaign(name: "劳动报酬案件专项执行行动", from: day0.adding(days: 1).description, to: day0.adding(days: 30).description,
                           causeTag: "劳动报酬", targetPermille: 500), by: Harness.centre, requestID: "campaign-1")
        #expect(replay == campaign)
    }

    @Test("a backlog campaign: the unclosed cases filed before a day, counted when it opens (2); one closed since = 500‰, on a 500‰ target")
    func backlogCampaign() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        let a = try await h.file().number
        _ = try await h.file()
        h.clock.advance(days: 3)
        let today = h.clock.today()
        _ = try await h.file()  // filed on the day: not in the backlog
        let campaign = try await analysis.createCampaign(
            CreateCampaign(name: "积案清理", court: "沪0105", from: today.description, to: today.adding(days: 60).description,
                           filedBefore: today.description, targetPermille: 500), by: Harness.centre, requestID: "campaign-2")
        #expect(campaign.baseline == ["沪0105": 2])
        try await close(h, a)
        let progress = try await analysis.progress(campaign.id, court: "", by: Harness.court0105)
        #expect(progress.cases == 2 && progress.closed == 1 && progress.onTarget)
        // Another court does not see a court's campaign: NOT_FOUND, as for one that does not exist.
        #expect(try await analysis.campaigns(by: Harness.court0101).isEmpty)
        for (id, caller) in [(campaign.id, Harness.court0101), ("CP999999", Harness.centre)] {
            do {
                _ = try await analysis.progress(id, court: "", by: caller)
                Issue.record("\(id) answered")
            } catch let error as EnforcementError { #expect(error.code == .notFound && !error.message.contains("沪0105")) }
        }
    }

    @Test("bad campaigns and cause tags: a court opening one, a tag and a backlog day together or neither, a 0‰ target, a reversed period, 6 tags or a 21-character tag at filing; nothing written")
    func badCampaigns() async throws {
        let h = try await Harness()
        let analysis = AnalysisWorkflow(domain: h.workflow.domain)
        let before = try await h.journalCount()
        let good = CreateCampaign(name: "劳动报酬", from: "2026-04-01", to: "2026-06-30", causeTag: "劳动报酬", targetPermille: 900)
        var bad: [(CreateCampaign, Caller, EnforcementError.Code)] = [(good, Harness.court0105, .permissionDenied)]
        var both = good; both.filedBefore = "2026-01-01"; bad.append((both, Harness.centre, .invalidArgument))
        var neither = good; neither.causeTag = ""; bad.append((neither, Harness.centre, .invalidArgument))
        var zero = good; zero.targetPermille = 0; bad.append((zero, Harness.centre, .invalidArgument))
        var reversed = good; reversed.to = "2026-03-01"; bad.append((reversed, Harness.centre, .invalidArgument))
        var unnamed = good; unnamed.name = " "; bad.append((unnamed, Harness.centre, .invalidArgument))
        var unknownCourt = good; unknownCourt.court = "沪0199"; bad.append((unknownCourt, Harness.centre, .notFound))
        for (command, caller, code) in bad {
            do {
                _ = try await analysis.createCampaign(command, by: caller, requestID: UUID().uuidString)
                Issue.record("accepted: \(command)")
            } catch let error as EnforcementError { #expect(error.code == code, "\(command)") }
        }
        for tags in [Array(repeating: "劳动报酬", count: 3) + ["a", "b", "c"], [String(repeating: "欠", count: 21)], [""]] {
            do {
                _ = try await h.file(tagged(tags))
                Issue.record("filed with \(tags)")
            } catch let error as EnforcementError { #expect(error.code == .invalidArgument && error.field?.hasPrefix("cause_tags") == true) }
        }
        #expect(try await h.journalCount() == before)
    }
}

