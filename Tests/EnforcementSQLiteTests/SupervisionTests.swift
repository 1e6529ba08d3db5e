@testable import EnforcementCore
import Foundation
import Synchronization
import Testing

extension Harness {
    var supervision: SupervisionWorkflow { SupervisionWorkflow(domain: workflow.domain) }
    var supervisionMonitor: SupervisionMonitor { SupervisionMonitor(domain: workflow.domain) }

    /// Moves the clock to 09:00 of `day` and runs one supervision pass.
    @discardableResult
    func supervise(on day: CalendarDate) async throws -> SupervisionMonitor.Report {
        clock.set(day.startInstant.addingTimeInterval(9 * 3600))
        return try await supervisionMonitor.sweep()
    }

    /// Every alert (open or closed) of a rule, oldest first.
    func alerts(_ rule: SupervisionRule, open: Bool? = nil) async throws -> [Alert] {
        try await store.read { try $0.supervision.alerts(AlertFilter(rule: rule, open: open, limit: 1000)) }
    }

    /// The severity of the one open alert of `rule` (whose key contains `item`), nil when none is open.
    func open(_ rule: SupervisionRule, _ item: String = "") async throws -> AlertSeverity? {
        let open = try await alerts(rule, open: true).filter { item.isEmpty || $0.key.contains(item) }
        #expect(open.count <= 1, "at most one open alert per key")
        return open.first?.severity
    }

    func alertMessages() async throws -> [OutboxMessage] {
        try await store.read { try $0.outbox.messages(caseNumber: nil, after: 0, limit: 10_000) }.filter { $0.reference.hasPrefix("alert:") }
    }
}

/// Issue 16 part 3: each rule of `DOMAIN.md`'s supervision table opens its alert on the exact day
/// of its number (yellow, then red) and closes it by itself when the condition ends.
@Suite("Supervision: each rule opens and closes its alert on the day of its number (both stores)")
struct SupervisionRuleTests {
    let day0 = CalendarDate(year: 2026, month: 3, day: 10)

    @Test("passive handling: no node for 20 days is yellow, for 30 days red (DOMAIN.md supervision); a node closes it")
    func passive() async throws {
        let h = try await Harness(today: day0)
        _ = try await h.file(Harness.filing(handlingJudge: "李法官"))
        try await h.supervise(on: day0.adding(days: 19))
        #expect(try await h.open(.passiveHandling) == nil, "day 19")
        try await h.supervise(on: day0.adding(days: 20))
        #expect(try await h.open(.passiveHandling) == .yellow, "day 20")
        try await h.supervise(on: day0.adding(days: 29))
        #expect(try await h.open(.passiveHandling) == .yellow, "day 29")
        try await h.supervise(on: day0.adding(days: 30))
        #expect(try await h.open(.passiveHandling) == .red, "day 30")
        let number = try #require(try await h.alerts(.passiveHandling).first?.caseNumber)
        try await h.node(number, "asset_leads_requested")
        let report = try await h.supervise(on: day0.adding(days: 30))
        #expect(report.closed >= 1)
        #expect(try await h.open(.passiveHandling) == nil, "a node ends it")
        let closed = try #require(try await h.alerts(.passiveHandling).first)
        #expect(closed.closedAt != nil && closed.redAt != nil && closed.handlingJudge == "李法官")
        // Counted again from the new node: yellow 20 days later.
        try await h.supervise(on: day0.adding(days: 49))
        #expect(try await h.open(.passiveHandling) == nil)
        try await h.supervise(on: day0.adding(days: 50))
        #expect(try await h.open(.passiveHandling) == .yellow)
    }

    @Test("passive handling does not count a suspended case")
    func passiveSuspended() async throws {
        let h = try await Harness(today: day0)
        let number = try await h.file().number
        _ = try await h.workflow.suspend(SuspendCase(caseNumber: number.description, reason: "债务人破产审查", documentNumber: "（2026）沪0105执1号之一"), by: Harness.court0105, requestID: "s")
        try await h.supervise(on: day0.adding(days: 40))
        #expect(try await h.open(.passiveHandling) == nil)
    }

    @Test("a node past its catalogue deadline: notice within 3 days is yellow from 3 days before (filing day), red the day after its due day; recording it closes the alert")
    func nodeDeadline() async throws {
        let h = try await Harness(today: day0)
        let number = try await h.file().number
        try await h.supervise(on: day0)
        #expect(try await h.open(.nodeDeadline, "execution_notice_sent") == .yellow, "due day0+3: yellow from day0")
        #expect(try await h.open(.nodeDeadline, "investigation_completed") == nil, "due in a month")
        try await h.supervise(on: day0.adding(days: 3))
        #expect(try await h.open(.nodeDeadline, "execution_notice_sent") == .yellow, "the due day itself")
        try await h.supervise(on: day0.adding(days: 4))
        #expect(try await h.open(.nodeDeadline, "execution_notice_sent") == .red, "the day after")
        // investigation within 1 month of filing: due 04-10, yellow from 04-07.
        try await h.supervise(on: CalendarDate(year: 2026, month: 4, day: 6))
        #expect(try await h.open(.nodeDeadline, "investigation_completed") == nil)
        try await h.supervise(on: CalendarDate(year: 2026, month: 4, day: 7))
        #expect(try await h.open(.nodeDeadline, "investigation_completed") == .yellow)
        try await h.node(number, "execution_notice_sent")
        try await h.supervise(on: CalendarDate(year: 2026, month: 4, day: 7))
        #expect(try await h.open(.nodeDeadline, "execution_notice_sent") == nil, "recorded late, the condition ended")
        #expect(try await h.open(.nodeDeadline, "investigation_completed") == .yellow)
    }

    @Test("a case past its last day: yellow 3 days before (6 months, DOMAIN.md time limits), red the day after; closing the case closes every alert of it")
    func caseDue() async throws {
        let h = try await Harness(today: day0)
        let summary = try await h.file()
        let due = try #require(summary.dueOn)
        #expect(due == CalendarDate(year: 2026, month: 9, day: 10))
        try await h.supervise(on: due.adding(days: -4))
        #expect(try await h.open(.caseDue) == nil)
        try await h.supervise(on: due.adding(days: -3))
        #expect(try await h.open(.caseDue) == .yellow)
        try await h.supervise(on: due)
        #expect(try await h.open(.caseDue) == .yellow)
        try await h.supervise(on: due.adding(days: 1))
        #expect(try await h.open(.caseDue) == .red)
        _ = try await h.workflow.close(CloseCase(caseNumber: summary.number.description, mode: .withdrawn, documentNumber: "（2026）沪0105执结1号",
                                                 debtorMeetsListingConditions: false), by: Harness.court0105, requestID: "close")
        try await h.supervise(on: due.adding(days: 1))
        let open = try await h.store.read { try $0.supervision.openAlerts() }
        #expect(open.isEmpty, "a closed case has no open alert: \(open.map(\.key))")
    }

    @Test("case money held: yellow on day 25, red on day 31 after its arrival; a recorded listed reason closes it")
    func fundsHeld() async throws {
        let h = try await Harness(today: day0)
        let (_, account) = try await h.fundedCase(receiptFen: 10_000)
        try await h.supervise(on: day0.adding(days: 24))
        #expect(try await h.open(.fundsHeld) == nil)
        try await h.supervise(on: day0.adding(days: 25))
        #expect(try await h.open(.fundsHeld) == .yellow)
        try await h.supervise(on: day0.adding(days: 30))
        #expect(try await h.open(.fundsHeld) == .yellow)
        try await h.supervise(on: day0.adding(days: 31))
        #expect(try await h.open(.fundsHeld) == .red)
        _ = try await h.funds.hold(HoldPayouts(escrowAccount: account.description, reason: .distributionPending), by: Harness.court0105, requestID: "h1")
        try await h.supervise(on: day0.adding(days: 31))
        #expect(try await h.open(.fundsHeld) == nil)
    }

    @Test("a freeze 7 days before its end is yellow, lapsed red (DOMAIN.md supervision); closing the case ends it")
    func freezeLapse() async throws {
        let h = try await Harness(today: day0)
        let number = try await h.fileCase()
        let end = day0.adding(days: 60)
        _ = try await h.grant(try await h.freeze(number, endOn: end))
        try await h.supervise(on: end.adding(days: -8))
        #expect(try await h.open(.freezeLapse) == nil)
        try await h.supervise(on: end.adding(days: -7))
        #expect(try await h.open(.freezeLapse) == .yellow)
        try await h.supervise(on: end)
        #expect(try await h.open(.freezeLapse) == .yellow, "the end day is still in force")
        h.clock.set(end.adding(days: 1).startInstant.addingTimeInterval(9 * 3600))
        #expect(try await h.monitor.sweep().lapsed == 1)
        try await h.supervise(on: end.adding(days: 1))
        #expect(try await h.open(.freezeLapse) == .red, "lapsed")
        try await h.supervise(on: end.adding(days: 20))
        #expect(try await h.open(.freezeLapse) == .red, "stays red while the case is pending")
        _ = try await h.workflow.close(CloseCase(caseNumber: number.description, mode: .withdrawn, documentNumber: "（2026）沪0105执结1号",
                                                 debtorMeetsListingConditions: false), by: Harness.court0105, requestID: "close")
        try await h.supervise(on: end.adding(days: 20))
        #expect(try await h.open(.freezeLapse) == nil)
    }

    @Test("an institution's answer: yellow on its due day, red the day after; the judge and the institution's contact are reminded once per step; the answer closes it")
    func answerOverdue() async throws {
        let institutions = try InstitutionRegistry([
            Institution(id: "ICBC-SH", name: "工商银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases,
                        contact: Institution.Contact(name: "王协办", phone: "13900000001")),
        ])
        let h = try await Harness(today: day0, institutions: institutions)
        let number = try await h.file(Harness.filing(handlingJudge: "李法官")).number
        let query = try #require(try await h.control.requests(ofCase: number.description, by: Harness.court0105).first)
        #expect(CalendarDate(query.answerDueAt) == day0.adding(days: 1))  // 24 hours
        try await h.supervise(on: day0)
        #expect(try await h.open(.answerOverdue) == nil)
        try await h.supervise(on: day0.adding(days: 1))
        #expect(try await h.open(.answerOverdue) == .yellow)
        try await h.supervise(on: day0.adding(days: 2))
        #expect(try await h.open(.answerOverdue) == .red)
        let journal = try await h.journalCount()
        try await h.supervise(on: day0.adding(days: 2))
        #expect(try await h.journalCount() == journal, "a pass with nothing new writes nothing")
        let alert = try #require(try await h.alerts(.answerOverdue).first)
        let messages = try await h.alertMessages().filter { $0.reference.hasPrefix("alert:\(alert.id):") }
        #expect(messages.map(\.recipient) == [.handlingJudge, .institution, .handlingJudge, .institution], "yellow then red, each once")
        #expect(messages.map(\.reference) == ["alert:\(alert.id):yellow", "alert:\(alert.id):yellow:institution",
                                              "alert:\(alert.id):red", "alert:\(alert.id):red:institution"])
        #expect(messages[1].phone == "13900000001" && messages[1].name == "王协办" && messages[1].text.contains("工商银行"))
        #expect(messages[0].name == "李法官")
        let route = NotificationWorkflow(domain: h.workflow.domain, channels: [:]).route(messages[1])
        #expect(route?.0 == .sms && route?.1 == "13900000001")
        _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.icbc, requestID: "a")
        try await h.supervise(on: day0.adding(days: 2))
        #expect(try await h.open(.answerOverdue) == nil)
        #expect(try await h.alertMessages().filter { $0.reference.hasPrefix("alert:\(alert.id):") }.count == 4, "closing reminds nobody")
    }

    @Test("a listing not removed by its due day (3 working days): yellow on the due day, red the day after, even after the case closed; removing it closes the alert")
    func removalLate() async throws {
        let h = try await Harness(today: CalendarDate(year: 2026, month: 3, day: 13))  // a Friday
        let number = try await h.personCase()
        let listing = try await h.impose(number, .dishonestList, ground: 2)[0]
        _ = try await h.workflow.close(CloseCase(caseNumber: number.description, mode: .fullyEnforced, documentNumber: "（2026）沪0105执1号结案"),
                                       by: Harness.court0105, requestID: "close")
        try await h.supervise(on: CalendarDate(year: 2026, month: 3, day: 17))
        #expect(try await h.open(.removalLate) == nil)
        try await h.supervise(on: CalendarDate(year: 2026, month: 3, day: 18))
        #expect(try await h.open(.removalLate) == .yellow)
        try await h.supervise(on: CalendarDate(year: 2026, month: 3, day: 19))
        #expect(try await h.open(.removalLate) == .red)
        _ = try await h.lift(listing.id, reason: "已全部履行")
        try await h.supervise(on: CalendarDate(year: 2026, month: 3, day: 19))
        #expect(try await h.open(.removalLate) == nil)
    }

    @Test("a delegated task: yellow on its due day (30 days), red the day after; a progress report moves it 15 days and closes the alert; completing ends it")
    func delegationOverdue() async throws {
        let h = try await Harness(today: day0)
        let task = try await h.delegations.send(Harness.task("（2026）苏0102执5号"), by: Harness.nanjing, requestID: "s")
        _ = try await h.answer(task.id, .accept)
        try await h.supervise(on: day0.adding(days: 29))
        #expect(try await h.open(.delegationOverdue) == nil)
        try await h.supervise(on: day0.adding(days: 30))
        #expect(try await h.open(.delegationOverdue) == .yellow)
        try await h.supervise(on: day0.adding(days: 31))
        #expect(try await h.open(.delegationOverdue) == .red)
        let alert = try #require(try await h.alerts(.delegationOverdue).first)
        #expect(alert.court.value == "沪0105" && alert.caseNumber == nil, "the receiving court must act; the case is the sender's")
        _ = try await h.answer(task.id, .progress, note: "仍在评估")
        try await h.supervise(on: day0.adding(days: 31))
        #expect(try await h.open(.delegationOverdue) == nil)
        try await h.supervise(on: day0.adding(days: 46))
        #expect(try await h.open(.delegationOverdue) == .yellow, "the next report is due 15 days after the last")
        _ = try await h.delegations.answer(
            AnswerDelegation(taskID: task.id, step: .complete, note: "已查封", assets: ["长宁区仙霞路99号 房产 查封至2029-03-09"],
                             attachments: [DocumentRef(name: "查封笔录", sha256: String(repeating: "CD", count: 32))]),
            by: Harness.court0105, requestID: "c")
        try await h.supervise(on: day0.adding(days: 46))
        #expect(try await h.open(.delegationOverdue) == nil)
    }
}

@Suite("Supervision: acknowledgement, scope, scorecards, the stream, two servers (both stores)")
struct SupervisionWorkflowTests {
    let day0 = CalendarDate(year: 2026, month: 3, day: 10)

    @Test("acknowledging records who and why and keeps the alert open; bad or foreign acknowledgements are refused and write nothing")
    func acknowledge() async throws {
        let h = try await Harness(today: day0)
        _ = try await h.file()
        try await h.supervise(on: day0.adding(days: 20))
        let alert = try #require(try await h.alerts(.passiveHandling).first)
        let acked = try await h.supervision.acknowledge(AcknowledgeAlert(alertID: alert.id, note: "已约谈申请人，下周查控"), by: Harness.court0105, requestID: "ack")
        #expect(acked.isOpen && acked.acknowledgements.map(\.note) == ["已约谈申请人，下周查控"] && acked.acknowledgements[0].by.contains("judge-li"))
        #expect(acked.feedPosition > alert.feedPosition)
        let journal = try await h.journalCount()
        for (caller, id, note, code) in [
            (Harness.court0101, alert.id, "看过", EnforcementError.Code.notFound),  // another court's alert
            (Harness.court0105, "AL99999999", "看过", .notFound),
            (Harness.court0105, "ALX", "看过", .invalidArgument),
            (Harness.court0105, alert.id, "  ", .invalidArgument),
            (Harness.court0105, alert.id, String(repeating: "长", count: 501), .invalidArgument),
        ] {
            do {
                _ = try await h.supervision.acknowledge(AcknowledgeAlert(alertID: id, note: note), by: caller, requestID: UUID().uuidString)
                Issue.record("acknowledged \(id) by \(caller)")
            } catch let error as EnforcementError {
                #expect(error.code == code, "\(id) \(note.prefix(5)): \(error)")
                #expect(!error.message.contains("沪0105") || caller.court?.value == "沪0105", "names nothing foreign")
            }
        }
        #expect(try await h.journalCount() == journal)
        // A closed alert is not acknowledged.
        try await h.node(try #require(alert.caseNumber), "asset_leads_requested")
        try await h.supervise(on: day0.adding(days: 20))
        let journalAfter = try await h.journalCount()
        do {
            _ = try await h.supervision.acknowledge(AcknowledgeAlert(alertID: alert.id, note: "看过"), by: Harness.centre, requestID: "late")
            Issue.record("a closed alert was acknowledged")
        } catch let error as EnforcementError { #expect(error.code == .failedPrecondition) }
        #expect(try await h.journalCount() == journalAfter)
    }

    @Test("scope: a court lists its own alerts and not another's (PERMISSION_DENIED), an unknown court is NOT_FOUND; scorecards per court and per judge")
    func scopeAndScorecards() async throws {
        let h = try await Harness(today: day0)
        _ = try await h.file(Harness.filing(handlingJudge: "李法官"))
        _ = try await h.file(Harness.filing(handlingJudge: "李法官"))
        _ = try await h.workflow.fileCase(Harness.filing(handlingJudge: "王法官"), by: Harness.court0101, requestID: "b")
        try await h.supervise(on: day0.adding(days: 30))
        let own = try await h.supervision.alerts(court: "", judge: "", rule: .passiveHandling, severity: nil, open: true, after: 0, limit: 0, by: Harness.court0105)
        #expect(own.count == 2 && own.allSatisfy { $0.court.value == "沪0105" && $0.severity == .red })
        let all = try await h.supervision.alerts(court: "", judge: "", rule: .passiveHandling, severity: nil, open: true, after: 0, limit: 0, by: Harness.centre)
        #expect(all.count == 3)
        let judge = try await h.supervision.alerts(court: "沪0101", judge: "王法官", rule: nil, severity: .red, open: nil, after: 0, limit: 0, by: Harness.centre)
        #expect(!judge.isEmpty && judge.allSatisfy { $0.handlingJudge == "王法官" })
        for (court, caller, code) in [("沪0101", Harness.court0105, EnforcementError.Code.permissionDenied), ("沪0199", Harness.centre, .notFound),
                                      ("", Harness.icbc, .permissionDenied)] {
            do {
                _ = try await h.supervision.alerts(court: court, judge: "", rule: nil, severity: nil, open: true, after: 0, limit: 0, by: caller)
                Issue.record("listed \(court) for \(caller)")
            } catch let error as EnforcementError { #expect(error.code == code) }
            do {
                _ = try await h.supervision.scorecard(court: court, by: caller)
                Issue.record("scorecard of \(court) for \(caller)")
            } catch let error as EnforcementError { #expect(error.code == code) }
        }
        let city = try await h.supervision.scorecard(court: "", by: Harness.centre)
        let open = try await h.store.read { try $0.supervision.openAlerts() }
        #expect(city.rows.map(\.name) == ["沪0105", "沪0101"])
        #expect(city.rows[0].open == open.count { $0.court.value == "沪0105" } && city.rows[0].byRule[.passiveHandling] == 2)
        #expect(city.rows[0].medianAgeDays == 0)
        let judges = try await h.supervision.scorecard(court: "", by: Harness.court0105)
        #expect(judges.court?.value == "沪0105" && judges.rows.map(\.name) == ["李法官"])
        h.clock.advance(days: 4)
        #expect(try await h.supervision.scorecard(court: "", by: Harness.centre).rows[0].medianAgeDays == 4)
    }

    @Test("the stream gives the open alerts, then each change as it happens (opened, acknowledged, closed), of the caller's court only")
    func stream() async throws {
        let h = try await Harness(today: day0)
        let first = try await h.file().number
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "b")
        try await h.supervise(on: day0.adding(days: 20))
        let seen = AlertsSeen()
        let supervision = h.supervision
        let watcher = Task {
            try await supervision.watch(court: "", by: Harness.court0105) { alert in seen.items.withLock { $0.append(alert) } }
        }
        defer { watcher.cancel() }
        func wait(_ count: Int) async throws {
            for _ in 0..<200 where seen.items.withLock({ $0.count }) < count { try await Task.sleep(for: .milliseconds(20)) }
        }
        let backlog = try await h.store.read { try $0.supervision.openAlerts() }.filter { $0.court.value == "沪0105" }.count
        try await wait(backlog)
        #expect(seen.items.withLock { $0.count } == backlog && seen.items.withLock { $0.allSatisfy { $0.court.value == "沪0105" && $0.isOpen } })
        let passive = try #require(seen.items.withLock { $0.first { $0.rule == .passiveHandling } })
        _ = try await h.supervision.acknowledge(AcknowledgeAlert(alertID: passive.id, note: "已处理"), by: Harness.court0105, requestID: "ack")
        try await wait(backlog + 1)
        try await h.node(first, "asset_leads_requested")
        try await h.supervise(on: day0.adding(days: 20))
        try await wait(backlog + 3)  // the passive alert closes, and so does the node deadline of the node recorded
        let live = seen.items.withLock { Array($0.dropFirst(backlog)) }.filter { $0.id == passive.id }
        #expect(live.count == 2)
        #expect(live[0].acknowledgements.count == 1 && live[0].isOpen && !live[1].isOpen)
    }

    @Test("two servers on one store running the pass at the same moment open each alert once and remind once")
    func twoServers() async throws {
        let h = try await Harness(today: day0)
        for _ in 0..<5 { _ = try await h.file(Harness.filing(handlingJudge: "李法官")) }
        h.clock.set(day0.adding(days: 30).startInstant.addingTimeInterval(9 * 3600))
        let a = SupervisionMonitor(domain: h.workflow.domain)
        let b = SupervisionMonitor(domain: Domain(store: h.store, clock: h.clock, institutions: Harness.institutions))
        let reports = try await withThrowingTaskGroup(of: SupervisionMonitor.Report.self) { group in
            for monitor in [a, b] { group.addTask { try await monitor.sweep() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let open = try await h.store.read { try $0.supervision.openAlerts() }
        #expect(Set(open.map(\.key)).count == open.count, "one open alert per key")
        let every = try await h.store.read { try $0.supervision.alerts(AlertFilter(open: nil, limit: 10_000)) }
        // The second pass replays the first's answer (same changes, same request id) or, planned after it, finds nothing to do.
        #expect(every.count == open.count && reports.contains { $0.opened == open.count } && reports.allSatisfy { $0.opened == open.count || $0.opened == 0 })
        let passes = try await h.store.journalEntries(after: 0, limit: 10_000).filter { $0.action == "supervision.pass" }
        #expect(passes.count == 1)
        let messages = try await h.alertMessages()
        #expect(messages.count == open.count && Set(messages.map(\.reference)).count == messages.count)
    }

    @Test("a pass over a large backlog writes 500 changes a transaction; a server whose plan is stale skips what another already did")
    func chunks() async throws {
        let h = try await Harness(today: day0)
        for _ in 0..<60 { _ = try await h.file() }  // each: its node deadlines, its due day, its queries
        h.clock.set(day0.adding(days: 200).startInstant.addingTimeInterval(9 * 3600))
        let planned = try await h.store.read { reader in
            try SupervisionMonitor.plan(reader.supervision, reader.ledger, reader.cases, today: h.clock.today(), policy: .standard)
        }
        #expect(planned.changes.count > SupervisionMonitor.changesPerWrite)
        let journal = try await h.journalCount()
        let report = try await h.supervisionMonitor.sweep()
        #expect(report.opened == planned.changes.count && report.open == planned.changes.count)
        #expect(try await h.journalCount() == journal + (planned.changes.count + SupervisionMonitor.changesPerWrite - 1) / SupervisionMonitor.changesPerWrite)
        // The stale plan applied again (under another request id): every change is skipped.
        let again = try await h.supervisionMonitor.apply(Array(planned.changes.prefix(10)) + [planned.changes[0]], today: h.clock.today())
        #expect(again.opened == 0)
        let open = try await h.store.read { try $0.supervision.openAlerts() }
        #expect(open.count == planned.changes.count && Set(open.map(\.key)).count == open.count)
    }

    @Test("the rules are data: a policy without a rule watches nothing of it; thresholds out of range are refused")
    func policy() async throws {
        let h = try await Harness(today: day0)
        _ = try await h.file()
        var rules = SupervisionPolicy.standard.rules
        rules[.passiveHandling] = nil
        rules[.nodeDeadline] = SupervisionPolicy.Thresholds(yellow: -1, red: 2)
        let monitor = SupervisionMonitor(domain: h.workflow.domain, policy: try SupervisionPolicy(rules: rules))
        h.clock.set(day0.adding(days: 40).startInstant)
        try await monitor.sweep()
        #expect(try await h.open(.passiveHandling) == nil)
        #expect(try await h.open(.nodeDeadline, "execution_notice_sent") == .red)
        #expect(throws: EnforcementError.self) { try SupervisionPolicy(rules: [.caseDue: .init(yellow: 5, red: 1)]) }
        #expect(throws: EnforcementError.self) { try SupervisionPolicy(rules: [.caseDue: .init(yellow: -400, red: 1)]) }
        #expect(SupervisionPolicy.standard.severity(.nodeDeadline, base: day0, on: day0.adding(days: -3)) == .yellow)
        #expect(SupervisionPolicy.standard.severity(.nodeDeadline, base: day0, on: day0.adding(days: -4)) == nil)
        #expect(SupervisionPolicy.standard.severity(.nodeDeadline, base: day0, on: day0.adding(days: 1)) == .red)
    }
}

final class AlertsSeen: Sendable {
    let items = Mutex<[Alert]>([])
}
