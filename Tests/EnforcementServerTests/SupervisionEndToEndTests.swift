import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import Synchronization
import Testing

final class AlertInbox: Sendable {
    private let received = Mutex<[Enforcement_V1_Alert]>([])
    func add(_ alert: Enforcement_V1_Alert) { received.withLock { $0.append(alert) } }
    var items: [Enforcement_V1_Alert] { received.withLock { $0 } }

    func wait(for count: Int) async throws -> [Enforcement_V1_Alert] {
        for _ in 0..<500 where items.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return items
    }
}

@Suite("Supervision over mTLS", .serialized)
struct SupervisionEndToEndTests {
    @Test("a case left 30 days: the server's pass opens a red passive-handling alert; the court lists, watches and acknowledges it; scorecards; refusals write nothing")
    func alertsOverTheWire() async throws {
        try await TestServer.with { server in
            let filed = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "李法官")) }
            _ = try await server.client("court-0101") { try await $0.fileCase(goodFiling()) }
            server.clock.advance(days: 30)
            let report = try await server.application.supervisionMonitor.sweep()
            #expect(report.opened > 0 && report.open == report.opened)

            let own = try await server.client { try await $0.alerts(rule: "passive_handling") }
            #expect(own.alerts.map(\.caseNumber) == [filed.number.description] && own.alerts[0].severity == "red" && own.alerts[0].handlingJudge == "李法官")
            let city = try await server.client("command-centre") { try await $0.alerts(rule: "passive_handling") }
            #expect(city.alerts.count == 2)
            let rules = try await server.client { try await $0.supervisionRules() }
            let passive = try #require(rules.first { $0.rule == "passive_handling" })
            #expect(passive.yellowDay == 20 && passive.redDay == 30 && rules.count == SupervisionRule.allCases.count)

            // The stream: the open alerts of 沪0105 first, then the acknowledgement as it happens.
            let backlog = try await server.client { try await $0.alerts(pageSize: 1000) }.alerts.count
            let inbox = AlertInbox()
            let configuration = server.clientConfiguration("court-0105")
            let watcher = Task { try await EnforcementClient.with(configuration) { try await $0.watchAlerts { inbox.add($0) } } }
            defer { watcher.cancel() }
            #expect(try await inbox.wait(for: backlog).count == backlog)
            let acked = try await server.client { try await $0.acknowledgeAlert(own.alerts[0].id, note: "已约谈申请人") }
            #expect(acked.open && acked.acknowledgements.map(\.note) == ["已约谈申请人"])
            let live = try await inbox.wait(for: backlog + 1)
            #expect(live.count == backlog + 1 && live.last?.id == acked.id && live.last?.acknowledgements.count == 1)
            #expect(live.allSatisfy { $0.court == "沪0105" })

            let journal = try await server.journalCount()
            // Another court's alert is NOT_FOUND; another court's list PERMISSION_DENIED; a bad rule INVALID_ARGUMENT.
            let foreign = try #require(city.alerts.first { $0.court == "沪0101" })
            for (identity, call, code) in [
                ("court-0105", { @Sendable (client: EnforcementClient) in _ = try await client.acknowledgeAlert(foreign.id, note: "看看") }, EnforcementError.Code.notFound),
                ("court-0105", { @Sendable client in _ = try await client.alerts(court: "沪0101") }, .permissionDenied),
                ("court-0105", { @Sendable client in _ = try await client.alerts(rule: "lazy") }, .invalidArgument),
                ("court-0105", { @Sendable client in _ = try await client.acknowledgeAlert(acked.id, note: "") }, .invalidArgument),
                ("bank-icbc-sh", { @Sendable client in _ = try await client.alerts() }, .permissionDenied),
            ] as [(String, @Sendable (EnforcementClient) async throws -> Void, EnforcementError.Code)] {
                let error = await #expect(throws: EnforcementError.self) { try await server.client(identity) { try await call($0) } }
                #expect(error?.code == code, "\(String(describing: error))")
                #expect(error?.message.contains("沪0101") != true || code == .permissionDenied, "names nothing foreign")
            }
            #expect(try await server.journalCount() == journal, "nothing written")

            let scorecard = try await server.client("command-centre") { try await $0.scorecard() }
            #expect(Set(scorecard.rows.map(\.name)) == ["沪0105", "沪0101"])
            let judges = try await server.client { try await $0.scorecard() }
            #expect(judges.court == "沪0105" && judges.rows.map(\.name) == ["李法官"] && judges.rows[0].medianAgeDays == 0)
        }
    }
}
