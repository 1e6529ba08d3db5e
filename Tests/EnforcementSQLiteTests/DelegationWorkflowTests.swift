import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

extension Harness {
    var delegations: DelegationWorkflow { DelegationWorkflow(domain: workflow.domain) }

    static let nanjing = Caller(principal: .court(try! CourtCode("苏0102")), user: Harness.user("judge-zhou"))  // literal code

    static func task(_ caseNumber: String, to receiver: String = "", location: String = "上海市长宁区仙霞路99号", basis: String = "（2026）苏0102执委1号") -> SendDelegation {
        SendDelegation(caseNumber: caseNumber, receiver: receiver, kind: .seal, debtorName: "上海某某贸易有限公司", debtorID: "91310000MA1FL8XQ37",
                       asset: "房产 长宁区仙霞路99号", location: location,
                       documents: [DocumentRef(name: "委托执行函", sha256: String(repeating: "ab", count: 32))], legalBasis: basis)
    }

    func answer(_ id: String, _ step: AnswerDelegation.Step, by caller: Caller = Harness.court0105, note: String = "已办理") async throws -> DelegationTask {
        try await delegations.answer(AnswerDelegation(taskID: id, step: step, note: note), by: caller, requestID: UUID().uuidString)
    }
}

@Suite("Delegated enforcement: paths, routing and answers")
struct DelegationWorkflowTests {
    @Test("a court of another province sends into the city: routed by the asset's district to the court serving it")
    func inbound() async throws {
        let harness = try await Harness()
        let task = try await harness.delegations.send(Harness.task("（2026）苏0102执5号"), by: Harness.nanjing, requestID: "in-1")
        #expect(task.sender.value == "苏0102" && task.receiver.value == "沪0105" && task.status == .sent)
        #expect(task.routing?.automatic == true && task.routing?.district == "长宁区")
        #expect(task.steps.map(\.kind) == [.sent, .routed])
        #expect(task.dueOn == harness.clock.today().adding(days: 30), "complete within 30 days")
        let xuhui = try await harness.delegations.send(Harness.task("（2026）苏0102执6号", location: "上海市徐汇区漕溪北路1号"), by: Harness.nanjing, requestID: "in-2")
        #expect(xuhui.receiver.value == "沪0104")
    }

    @Test("a city court sends to a court of another province; the sender's case records it and stays pending")
    func outbound() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        let task = try await harness.delegations.send(Harness.task(number.description, to: "苏0102", location: "南京市玄武区中山路1号", basis: "（2026）沪0105执委1号"),
                                                      by: Harness.court0105, requestID: "out-1")
        #expect(task.receiver.value == "苏0102" && task.routing == nil && !task.papersLate)
        try await harness.expectRefusal(.failedPrecondition, field: "task_id") {
            _ = try await harness.delegations.route(RouteDelegation(taskID: task.id, court: "沪0104", reason: "x"), by: Harness.centre, requestID: "r")
        }
        let summary = try await harness.workflow.get(number.description, by: Harness.court0105)
        #expect(summary.status == .pending, "delegation is not a closing")
        #expect(try await harness.workflow.timeline(number.description, by: Harness.court0105).map(\.nodeCode).contains("delegation_sent"))
    }

    @Test("between city courts the task is routed by location, and the command centre may re-route it before acceptance")
    func betweenDistricts() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        let task = try await harness.delegations.send(Harness.task(number.description, location: "上海市黄浦区南京东路1号", basis: "（2026）沪0105执委2号"),
                                                      by: Harness.court0105, requestID: "c-1")
        #expect(task.receiver.value == "沪0101")
        try await harness.expectRefusal(.permissionDenied) {
            _ = try await harness.delegations.route(RouteDelegation(taskID: task.id, court: "沪0104", reason: "x"), by: Harness.court0105, requestID: "r0")
        }
        let routed = try await harness.delegations.route(RouteDelegation(taskID: task.id, court: "沪0104", reason: "财产实际位于徐汇区"), by: Harness.centre, requestID: "r1")
        #expect(routed.receiver.value == "沪0104" && routed.routing?.automatic == false && routed.feedPosition > task.feedPosition)
        let xuhui = Caller(principal: .court(try CourtCode("沪0104")), user: Harness.user("judge-xu"))
        _ = try await harness.answer(task.id, .accept, by: xuhui)
        try await harness.expectRefusal(.failedPrecondition, field: "task_id") {
            _ = try await harness.delegations.route(RouteDelegation(taskID: task.id, court: "沪0101", reason: "y"), by: Harness.centre, requestID: "r2")
        }
    }

    @Test("accept, progress, complete: the sender sees every step; each is a node event on the sender's case")
    func lifecycle() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase(by: Harness.court0101)
        let task = try await harness.delegations.send(Harness.task(number.description, basis: "（2026）沪0101执委1号"), by: Harness.court0101, requestID: "s")
        _ = try await harness.answer(task.id, .accept)
        _ = try await harness.answer(task.id, .progress, note: "已现场勘查")
        let done = try await harness.delegations.answer(
            AnswerDelegation(taskID: task.id, step: .complete, note: "已查封", assets: ["长宁区仙霞路99号 房产 查封至2029-03-09"],
                             attachments: [DocumentRef(name: "查封笔录", sha256: String(repeating: "CD", count: 32))]),
            by: Harness.court0105, requestID: "c")
        #expect(done.status == .completed && done.result?.attachments.first?.sha256 == String(repeating: "cd", count: 32))
        let seen = try await harness.delegations.get(task.id, by: Harness.court0101)
        #expect(seen.steps.map(\.kind) == [.sent, .routed, .accepted, .progress, .completed])
        let nodes = try await harness.workflow.timeline(number.description, by: Harness.court0101).map(\.nodeCode)
        #expect(nodes.filter { $0 == "delegation_progress" }.count == 2 && nodes.contains("delegation_completed"))
    }

    @Test("bad input: unknown court, no legal basis, no court serving the location, a city court named, own district — refused, nothing written")
    func badSends() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        try await harness.expectRefusal(.notFound, field: "receiver") {
            _ = try await harness.delegations.send(Harness.task(number.description, to: "京0199"), by: Harness.court0105, requestID: "b1")
        }
        try await harness.expectRefusal(.invalidArgument, field: "legal_basis") {
            _ = try await harness.delegations.send(Harness.task("（2026）苏0102执5号", basis: " "), by: Harness.nanjing, requestID: "b2")
        }
        try await harness.expectRefusal(.invalidArgument, field: "location") {
            _ = try await harness.delegations.send(Harness.task("（2026）苏0102执5号", location: "杭州市西湖区"), by: Harness.nanjing, requestID: "b3")
        }
        try await harness.expectRefusal(.invalidArgument, field: "receiver") {
            _ = try await harness.delegations.send(Harness.task(number.description, to: "沪0101"), by: Harness.court0105, requestID: "b4")
        }
        try await harness.expectRefusal(.invalidArgument, field: "location") {
            _ = try await harness.delegations.send(Harness.task(number.description), by: Harness.court0105, requestID: "b5")
        }
        try await harness.expectRefusal(.invalidArgument, field: "case_number") {
            _ = try await harness.delegations.send(Harness.task("（2026）浙0106执5号"), by: Harness.nanjing, requestID: "b6")
        }
        try await harness.expectRefusal(.invalidArgument, field: "documents[0].sha256") {
            var bad = Harness.task("（2026）苏0102执5号")
            bad.documents = [DocumentRef(name: "函", sha256: "abc")]
            _ = try await harness.delegations.send(bad, by: Harness.nanjing, requestID: "b7")
        }
    }

    @Test("accepting a task addressed to another court is refused; completing a rejected task is refused; a rejection needs its reason")
    func badAnswers() async throws {
        let harness = try await Harness()
        let task = try await harness.delegations.send(Harness.task("（2026）苏0102执5号"), by: Harness.nanjing, requestID: "s")
        try await harness.expectRefusal(.notFound, field: "task_id") { _ = try await harness.answer(task.id, .accept, by: Harness.court0101) }
        try await harness.expectRefusal(.failedPrecondition, field: "task_id") { _ = try await harness.answer(task.id, .complete) }
        try await harness.expectRefusal(.invalidArgument, field: "note") { _ = try await harness.answer(task.id, .reject, note: "") }
        let rejected = try await harness.answer(task.id, .reject, note: "财产不在本辖区")
        #expect(rejected.status == .rejected && rejected.rejectionReason == "财产不在本辖区")
        try await harness.expectRefusal(.failedPrecondition, field: "task_id") { _ = try await harness.answer(task.id, .complete) }
        try await harness.expectRefusal(.notFound, field: "task_id") { _ = try await harness.delegations.get(task.id, by: Harness.court0101) }
    }

    @Test("overdue: not completed within 30 days and no progress for 15 days raises one reminder per 15-day period")
    func deadlines() async throws {
        let harness = try await Harness()
        let monitor = DelegationMonitor(delegations: harness.delegations)
        let task = try await harness.delegations.send(Harness.task("（2026）苏0102执5号"), by: Harness.nanjing, requestID: "s")
        _ = try await harness.answer(task.id, .accept)
        harness.clock.advance(days: 30)
        #expect(try await monitor.sweep() == 0, "day 30 is within the limit")
        harness.clock.advance(days: 1)
        #expect(try await monitor.sweep() == 1)
        let journal = try await harness.journalCount()
        #expect(try await monitor.sweep() == 0)
        #expect(try await harness.journalCount() == journal, "a repeated sweep writes nothing")
        _ = try await harness.answer(task.id, .progress, note: "仍在评估")
        harness.clock.advance(days: 15)
        #expect(try await monitor.sweep() == 0, "progress reported 15 days ago")
        harness.clock.advance(days: 1)
        #expect(try await monitor.sweep() == 1)
        let steps = try await harness.delegations.get(task.id, by: Harness.nanjing).steps.map(\.kind)
        #expect(steps.filter { $0 == .overdue }.count == 2)
        let report = try await harness.delegations.report(from: CalendarDate(year: 2026, month: 3, day: 1), to: harness.clock.today(), by: Harness.centre)
        #expect(report.overdue.map(\.id) == [task.id])
    }

    @Test("papers sent more than 1 month after filing are flagged")
    func papersLate() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        harness.clock.advance(days: 32)
        let task = try await harness.delegations.send(Harness.task(number.description, to: "苏0102"), by: Harness.court0105, requestID: "s")
        #expect(task.papersLate)
    }

    @Test("the command centre's counts: sent and received per court, into and out of the city")
    func report() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        _ = try await harness.delegations.send(Harness.task(number.description, to: "苏0102"), by: Harness.court0105, requestID: "a")
        _ = try await harness.delegations.send(Harness.task("（2026）苏0102执5号"), by: Harness.nanjing, requestID: "b")
        _ = try await harness.delegations.send(Harness.task("（2026）苏0102执6号", location: "上海市黄浦区"), by: Harness.nanjing, requestID: "c")
        let today = harness.clock.today()
        let report = try await harness.delegations.report(from: today, to: today, by: Harness.centre)
        #expect(report.inbound == 2 && report.outbound == 1 && report.routed.count == 2)
        let counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.court.value, ($0.sent, $0.received)) })
        #expect(counts["沪0105"]! == (1, 1) && counts["苏0102"]! == (2, 1) && counts["沪0101"]! == (0, 1))
        try await harness.expectRefusal(.permissionDenied) { _ = try await harness.delegations.report(from: today, to: today, by: Harness.court0105) }
        // Issue 12, finding 11: a report read up to a million rows; its period is now at most 366 days.
        try await harness.expectRefusal(.invalidArgument, field: "to") {
            _ = try await harness.delegations.report(from: CalendarDate(year: 1900, month: 1, day: 1), to: today, by: Harness.centre)
        }
        _ = try await harness.delegations.report(from: today.adding(days: -365), to: today, by: Harness.centre)
        let listed = try await harness.delegations.list(court: nil, status: nil, after: 0, limit: 0, by: Harness.court0101)
        #expect(listed.count == 1, "a court lists only what it sent or received")
    }
}
