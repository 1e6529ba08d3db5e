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
        let h = try Harness()
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
        #expect(court.daysToClose.p50 == 2 && court.daysToClose.p90 == 2 && court.daysToClose.mean == 2)
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
        let h = try Harness()
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
        let h = try Harness()
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
}
