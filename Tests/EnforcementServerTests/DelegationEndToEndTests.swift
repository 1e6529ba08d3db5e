import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import Testing


let delegationMethods = Enforcement_V1_DelegationService.Method.descriptors.map(\.method)

/// What a watching court has received so far.
final class TaskInbox: Sendable {
    private let received = Mutex<[DelegationTask]>([])
    func add(_ task: DelegationTask) { received.withLock { $0.append(task) } }
    var items: [DelegationTask] { received.withLock { $0 } }

    func wait(for count: Int) async throws -> [DelegationTask] {
        for _ in 0..<500 where items.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return items
    }
}

func sealTask(_ caseNumber: String, to receiver: String = "", location: String) -> SendDelegation {
    SendDelegation(caseNumber: caseNumber, receiver: receiver, kind: .seal, debtorName: "上海某某贸易有限公司", debtorID: "91310000MA1FL8XQ37",
                   asset: "房产", location: location, documents: [DocumentRef(name: "委托执行函", sha256: String(repeating: "0f", count: 32))],
                   legalBasis: "委托执行函第1号")
}

@Suite("Delegated enforcement over mTLS", .serialized)
struct DelegationEndToEndTests {
    static let courts: Set<Role> = [.cityCourt, .externalCourt]
    static let expected: [(String, Set<Role>, Bool)] = [
        ("SendTask", courts, true), ("RouteTask", [.commandCentre], true), ("AnswerTask", courts, true),
        ("GetTask", [.cityCourt, .externalCourt, .commandCentre], false), ("ListTasks", [.cityCourt, .externalCourt, .commandCentre], false),
        ("WatchTasks", courts, false), ("GetDelegationReport", [.commandCentre], false),
    ]

    @Test("the table grants exactly these roles for DelegationService", arguments: expected)
    func expectedTable(_ method: String, _ roles: Set<Role>, _ mutates: Bool) throws {
        let rule = try #require(AuthorisationTable.rule("enforcement.v1.DelegationService/\(method)"))
        #expect(rule.roles == roles)
        #expect(rule.mutates == mutates)
        #expect(delegationMethods.count == Self.expected.count)
    }

    @Test("the table walked over the wire: every DelegationService RPC × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_DelegationService.Method.descriptors)
            #expect(try await server.journalCount() == 0)
        }
    }

    @Test("three paths with three court certificates: 苏0102 → city (routed to 沪0105), 沪0105 → 苏0102, 沪0105 → 沪0101 by location")
    func threePaths() async throws {
        try await TestServer.with { server in
            // (b) Another province into the city: the receiving court's stream delivers it; it completes; the sender reads the result.
            let inbox = TaskInbox()
            let inbound = try await server.client("court-0105") { court in
                try await withThrowingTaskGroup(of: DelegationTask?.self) { group in
                    group.addTask { try? await court.watchDelegations { inbox.add($0) }; return nil }
                    group.addTask {
                        let sent = try await server.client("court-su0102", user: nil) {
                            try await $0.sendDelegation(sealTask("（2026）苏0102执5号", location: "上海市长宁区仙霞路99号"))
                        }
                        _ = try await inbox.wait(for: 1)
                        return sent
                    }
                    while let result = try await group.next() { if let result { group.cancelAll(); return result } }
                    throw CancellationError()
                }
            }
            #expect(inbox.items.map(\.id) == [inbound.id] && inbound.receiver.value == "沪0105" && inbound.routing?.district == "长宁区")
            try await server.client("court-0105") { court in
                _ = try await court.answerDelegation(AnswerDelegation(taskID: inbound.id, step: .accept, note: ""))
                _ = try await court.answerDelegation(AnswerDelegation(taskID: inbound.id, step: .complete, note: "已查封", assets: ["仙霞路99号房产"]))
            }
            let result = try await server.client("court-su0102", user: nil) { try await $0.delegation(inbound.id) }
            #expect(result.status == .completed && result.result?.assets == ["仙霞路99号房产"])
            #expect(result.steps.map(\.kind) == [.sent, .routed, .accepted, .completed])

            // (a) A city court to another province: the external court receives and answers it.
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let outbound = try await server.client { try await $0.sendDelegation(sealTask(number, to: "苏0102", location: "南京市玄武区中山路1号")) }
            let rejected = try await server.client("court-su0102", user: nil) {
                try await $0.answerDelegation(AnswerDelegation(taskID: outbound.id, step: .reject, note: "被执行人已迁出本辖区"))
            }
            #expect(rejected.status == .rejected)

            // (c) Between the city's courts, by location; a court not party to it sees nothing of it.
            let between = try await server.client { try await $0.sendDelegation(sealTask(number, location: "上海市黄浦区南京东路1号")) }
            #expect(between.receiver.value == "沪0101")
            let accepted = try await server.client("court-0101") { try await $0.answerDelegation(AnswerDelegation(taskID: between.id, step: .accept, note: "")) }
            #expect(accepted.status == .accepted)
            let hidden = await #expect(throws: EnforcementError.self) { _ = try await server.client("court-su0102", user: nil) { try await $0.delegation(between.id) } }
            #expect(hidden?.code == .notFound)
            let all = try await server.client("command-centre", user: nil) { try await $0.delegations() }
            #expect(all.count == 3, "the command centre sees all")
            let today = server.clock.today()
            let report = try await server.client("command-centre", user: nil) { try await $0.delegationReport(from: today, to: today) }
            #expect(report.inbound == 1 && report.outbound == 1)
        }
    }

    @Test("bad input over the wire: accepting another court's task, completing a rejected task, unknown court — status and field, nothing written")
    func badInput() async throws {
        try await TestServer.with { server in
            let task = try await server.client("court-su0102", user: nil) {
                try await $0.sendDelegation(sealTask("（2026）苏0102执5号", location: "上海市长宁区仙霞路99号"))
            }
            _ = try await server.client { try await $0.answerDelegation(AnswerDelegation(taskID: task.id, step: .reject, note: "不在辖区")) }
            let journal = try await server.journalCount()
            let other = await #expect(throws: EnforcementError.self) {
                _ = try await server.client("court-0101") { try await $0.answerDelegation(AnswerDelegation(taskID: task.id, step: .accept, note: "")) }
            }
            #expect(other?.code == .notFound)
            let complete = await #expect(throws: EnforcementError.self) {
                _ = try await server.client { try await $0.answerDelegation(AnswerDelegation(taskID: task.id, step: .complete, note: "x")) }
            }
            #expect(complete?.code == .failedPrecondition && complete?.field == "task_id")
            let unknown = await #expect(throws: EnforcementError.self) {
                _ = try await server.client("court-su0102", user: nil) { try await $0.sendDelegation(sealTask("（2026）苏0102执6号", location: "上海市")) }
            }
            #expect(unknown?.code == .invalidArgument && unknown?.field == "location")
            #expect(try await server.journalCount() == journal)
        }
    }
}
