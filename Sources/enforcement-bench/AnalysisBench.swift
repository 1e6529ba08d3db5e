import EnforcementCore
import EnforcementSQLite
import Foundation

/// `enforcement-bench analysis [SEED_CASES]` (scripts/bench-analysis.sh): the command centre's
/// queries on a store holding one case, then on the same store after seeding SEED_CASES cases
/// (default 1,000,000) with two control requests each, across the city's courts and 3 years,
/// in bulk through the store (its counters kept write by write, as in service). Each query:
/// p50/p99 over sequential calls, and the p99 ratio to the near-empty store in the same run.
enum AnalysisBench {
    static func run(seedCases: Int, samples: Int = 500) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("enforcement.sqlite").path
        let store = try SQLiteStore(path: path)
        let today = CalendarDate(year: 2026, month: 12, day: 1)
        let domain = Domain(store: store, clock: ManualWallClock(today))
        let court = Caller(principal: .court(try CourtCode("沪0105")), user: CourtUser(id: "bench", roles: [.judge, .clerk]))
        let template = try await CaseWorkflow(domain: domain).fileCase(filing, by: court, requestID: "bench-template")
        let number = template.number
        let (record, request) = try await store.read { (try $0.cases.record(number)!, try $0.controls.requests(ofCase: number)[0]) }
        let analysis = AnalysisWorkflow(domain: domain)
        let centre = Caller(principal: .commandCentre(try CourtCode("沪")), user: CourtUser(id: "duty", roles: [.commandOfficer]))
        let year = try AnalysisPeriod(period: "2026", from: "", to: "", today: today)
        let threeYears = try AnalysisPeriod(period: "", from: "2024-01-01", to: "2026-12-31", today: today)
        let queries: [(String, @Sendable () async throws -> Void)] = [
            ("city overview, a year (command centre)", { _ = try await analysis.overview(court: "", period: year, by: centre) }),
            ("沪0105 monthly series of filings, 3 years", {
                _ = try await analysis.series(measure: "filed", court: "", period: threeYears, granularity: "month", by: court)
            }),
            ("courts ranked by closing rate, a year", {
                _ = try await analysis.ranking(measure: "closing_rate", period: year, by: "court", court: "", caller: centre)
            }),
            ("drill-down: 沪0105's closed cases of a year, a page", {
                _ = try await analysis.cases(measure: "closed", court: "", period: year, dimension: "", judge: "", after: 0, limit: 50, by: court)
            }),
            ("drill-down: 沪0105's unclosed 执 cases, a page", {
                _ = try await analysis.cases(measure: "pending", court: "", period: threeYears, dimension: "执", judge: "", after: 0, limit: 50, by: court)
            }),
        ]
        func measure() async throws -> [(p50: Double, p99: Double)] {
            var results: [(p50: Double, p99: Double)] = []
            for (_, query) in queries {
                for _ in 0..<20 { try await query() }  // warm-up
                var durations: [Double] = []
                for _ in 0..<samples {
                    let start = ContinuousClock.now
                    try await query()
                    durations.append(seconds(since: start) * 1_000)
                }
                durations.sort()
                results.append((durations[durations.count / 2], durations[min(durations.count - 1, Int(Double(durations.count) * 0.99))]))
            }
            return results
        }
        let empty = try await measure()
        let monitor = SupervisionMonitor(domain: domain)
        _ = try await monitor.sweep()
        let emptyPass = try await steadyPass(monitor)

        let courts = CourtRegistry.shanghai.courts.keys.sorted { $0.value < $1.value }
        let institutions = InstitutionRegistry.development.connected.map(\.id)
        let modes: [ClosingMode] = [.fullyEnforced, .fullyEnforced, .terminationOfRound, .terminationOfRound, .enforcementTerminated, .withdrawn]
        let seedStart = ContinuousClock.now
        try await store.seedWithoutJournal(0..<seedCases) { tx, index in
            var seeded = record
            let filed = CalendarDate(year: 2024, month: 1, day: 1).adding(days: (index &* 7919) % 1_065)
            seeded.number = CaseNumber(year: filed.year, court: courts[index % courts.count], type: index % 9 == 0 ? .preservation : .first,
                                       sequence: 10 + index / courts.count)
            seeded.handlingJudge = "judge-\(index % 2_000)"
            seeded.filedOn = filed
            seeded.filedAt = filed.startInstant
            let closedOn = filed.adding(days: 10 + (index &* 31) % 400)
            if index % 7 != 0, closedOn < today {
                seeded.status = .closed
                seeded.closing = Closing(mode: modes[index % modes.count], on: closedOn, documentNumber: "结\(index)")
            }
            try tx.cases.insert(seeded)
            for slot in 0..<2 {
                var copy = request
                copy.caseNumber = seeded.number
                copy.institution = institutions[(index + slot) % institutions.count]
                copy.servedAt = filed.startInstant.addingTimeInterval(3_600)
                copy.answerDueAt = copy.servedAt.addingTimeInterval(2 * 86_400)
                if (index + slot) % 20 != 0 {
                    copy.status = .answered
                    copy.answeredAt = copy.servedAt.addingTimeInterval(Double(1 + (index &* 13 + slot) % 72) * 3_600)
                    copy.answer = .query(holdings: [])
                }
                _ = try tx.controls.insert(copy)
            }
        }
        let seedSeconds = seconds(since: seedStart)
        let full = try await measure()
        let firstStart = ContinuousClock.now
        let first = try await monitor.sweep()
        let firstSeconds = seconds(since: firstStart)
        let fullPass = try await steadyPass(monitor)
        let counters = try await store.read { try $0.figures.storedFigures().count }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("analysis: \(seedCases) cases with \(2 * seedCases) control requests over 23 courts and 3 years, seeded in \(Int(seedSeconds)) s "
              + "(\(Int(Double(seedCases) / max(seedSeconds, 0.001))) cases/s with their counters); \(counters) counter cells; file \(size / 1_048_576) MiB; "
              + "\(samples) sequential calls each")
        print("query".padding(toLength: 52, withPad: " ", startingAt: 0) + "   1 case p50/p99 ms   \(seedCases) cases p50/p99 ms   p99 ratio")
        for (index, (name, _)) in queries.enumerated() {
            print(name.padding(toLength: 52, withPad: " ", startingAt: 0)
                  + String(format: "   %6.2f / %6.2f      %7.2f / %7.2f        %5.2f×", empty[index].p50, empty[index].p99, full[index].p50, full[index].p99,
                           full[index].p99 / empty[index].p99))
        }
        print(String(format: "supervision: the first pass after seeding opened %d alerts in %.1f s (%d writes of at most %d changes); "
                     + "a pass with nothing new: p50 %.1f ms on the near-empty store, %.1f ms at %d cases (%.0f×)",
                     first.opened, firstSeconds, (first.opened + SupervisionMonitor.changesPerWrite - 1) / SupervisionMonitor.changesPerWrite,
                     SupervisionMonitor.changesPerWrite, emptyPass, fullPass, seedCases, fullPass / max(emptyPass, 0.001)))
    }

    /// The median of 5 supervision passes that find nothing new, in ms.
    static func steadyPass(_ monitor: SupervisionMonitor) async throws -> Double {
        var durations: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let report = try await monitor.sweep()
            precondition(!report.changed, "a steady pass changed alerts")
            durations.append(seconds(since: start) * 1_000)
        }
        return durations.sorted()[2]
    }
}
