import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import Testing


/// What a watching institution has received so far.
final class Inbox: Sendable {
    private let received = Mutex<[ControlRequest]>([])

    func add(_ request: ControlRequest) { received.withLock { $0.append(request) } }
    var items: [ControlRequest] { received.withLock { $0 } }

    /// Waits until at least `count` requests arrived (at most 10 s), then answers them all.
    func wait(for count: Int) async throws -> [ControlRequest] {
        for _ in 0..<500 where items.count < count { try await Task.sleep(for: .milliseconds(20)) }
        return items
    }
}

extension TestServer {
    /// Runs `body` while `identity` watches its requests over a real stream; the watch ends with `body`.
    func watching<R: Sendable>(_ identity: String, _ body: @escaping @Sendable (Inbox) async throws -> R) async throws -> R {
        let inbox = Inbox()
        return try await client(identity, user: nil) { client in
            try await withThrowingTaskGroup(of: R?.self) { group in
                group.addTask {
                    try? await client.watchRequests { inbox.add($0) }
                    return nil
                }
                group.addTask { try await body(inbox) }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                throw CancellationError()
            }
        }
    }
}

let controlMethods = Enforcement_V1_ControlService.Method.descriptors.map(\.method)

@Suite("Network asset control over mTLS", .serialized)
struct ControlEndToEndTests {
    static let court: Set<Role> = [.cityCourt]
    static let institution: Set<Role> = [.institution]
    static let expected: [(String, Set<Role>, Bool)] = [
        ("LaunchQuery", court, true), ("Freeze", court, true), ("Renew", court, true), ("Release", court, true), ("Deduct", court, true),
        ("CreateStandingOrder", court, true), ("CancelStandingOrder", court, true),
        ("ListStandingOrders", [.cityCourt, .commandCentre], false), ("GetRoom", [.cityCourt, .commandCentre], false),
        ("ExportControlLog", [.cityCourt, .commandCentre, .institution], false),
        ("ListCaseRequests", [.cityCourt, .commandCentre], false), ("ListReminders", [.cityCourt, .commandCentre, .institution], false),
        ("ListInstitutions", [.cityCourt, .commandCentre, .institution], false),
        ("WatchRequests", institution, false), ("PullRequests", institution, false),
        ("AnswerQuery", institution, true), ("AnswerControl", institution, true), ("AnswerDeduction", institution, true),
    ]

    @Test("the table grants exactly these roles for ControlService", arguments: expected)
    func expectedTable(_ method: String, _ roles: Set<Role>, _ mutates: Bool) throws {
        let rule = try #require(AuthorisationTable.rule("enforcement.v1.ControlService/\(method)"))
        #expect(rule.roles == roles)
        #expect(rule.mutates == mutates)
        #expect(controlMethods.count == Self.expected.count)
    }

    @Test("the table walked over the wire: every ControlService RPC × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_ControlService.Method.descriptors)
            #expect(try await server.application.store.journalEntries(after: 0, limit: 10).isEmpty)
        }
    }

    @Test("a certificate naming the server's system principal is UNAUTHENTICATED")
    func systemPrincipalRefused() async throws {
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: server.pki.clientCertificate("system").path) { client in
                #expect(await callAny("enforcement.v1.ControlService/ListInstitutions", client) == .unauthenticated)
            }
        }
    }

    @Test("filed case → the bank's stream delivers the automatic query → answered; freeze and deduction follow live; the case shows the results")
    func scenario() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            try await server.watching("bank-icbc-sh") { inbox in
                let backlog = try await inbox.wait(for: 1)
                #expect(backlog.map(\.action) == [.query])
                #expect(backlog.first?.caseNumber.description == number)
                #expect(backlog.first?.debtors.first?.idNumber == "91310000MA1FL8XQ37")
                try await server.client("bank-icbc-sh", user: nil) { bank in
                    let holding = HoldingInput(assetKind: .deposit, identifier: "6222020000000001", type: "活期", status: "正常",
                                               branch: "徐汇支行", balanceFen: 3_000_000, availableFen: 3_000_000)
                    _ = try await bank.answerQuery(AnswerQuery(controlRequestID: backlog[0].id, holdings: [holding]))
                }
                let freeze = try await server.client { court in
                    try await court.freeze(FreezeAsset(caseNumber: number, institutionID: "ICBC-SH", assetKind: .deposit,
                                                       assetIdentifier: "6222020000000001", amountFen: 3_000_000, endOn: "2027-03-10",
                                                       documentNumber: "（2026）沪0105执1号之一"))
                }
                let live = try await inbox.wait(for: 2)
                #expect(live.last?.id == freeze.id)
                #expect(live.last?.action == .freeze)
                #expect(live.last?.amount == Money(fen: 3_000_000))
                try await server.client("bank-icbc-sh", user: nil) { bank in
                    let answered = try await bank.answerControl(AnswerControl(controlRequestID: freeze.id, controlledFen: 2_500_000,
                                                                              startOn: "2026-03-10", endOn: "2027-03-10"))
                    #expect(answered.control?.status == .active)
                }
                let deduction = try await server.client { court in
                    try await court.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 2_500_000, documentNumber: "（2026）沪0105执1号之二"))
                }
                #expect(try await inbox.wait(for: 3).last?.id == deduction.id)
                try await server.client("bank-icbc-sh", user: nil) { bank in
                    _ = try await bank.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 2_500_000))
                }
            }
            try await server.client { court in
                let requests = try await court.controlRequests(ofCase: number)
                let icbc = requests.filter { $0.institution == "ICBC-SH" }
                #expect(icbc.map(\.action) == [.query, .freeze, .deduct])
                #expect(icbc.allSatisfy { $0.status == .answered })
                #expect(icbc[1].control?.deducted == Money(fen: 2_500_000))
                #expect(icbc[1].control?.status == .exhausted)
                let timeline = try await court.timeline(number).map(\.nodeCode)
                #expect(timeline.suffix(3) == ["network_query_answered", "assets_frozen", "funds_deducted"])
            }
        }
    }

    @Test("reconnecting: unanswered requests come again, answered ones never, new ones once; no loss, no duplicates")
    func reconnectResume() async throws {
        try await TestServer.with { server in
            let first = try await server.client { try await $0.fileCase(goodFiling()).number }
            let second = try await server.client { try await $0.fileCase(goodFiling()).number }
            let answered = try await server.watching("bank-icbc-sh") { inbox in
                let backlog = try await inbox.wait(for: 2)
                #expect(backlog.map(\.caseNumber) == [first, second])
                return try await server.client("bank-icbc-sh", user: nil) { bank in
                    try await bank.answerQuery(AnswerQuery(controlRequestID: backlog[0].id, holdings: []))
                }
            }
            // While the bank is away, a third case is filed.
            let third = try await server.client { try await $0.fileCase(goodFiling()).number }
            try await server.watching("bank-icbc-sh") { inbox in
                let resumed = try await inbox.wait(for: 2)
                #expect(resumed.map(\.caseNumber) == [second, third])
                #expect(!resumed.contains { $0.id == answered.id })
                // Live after the backlog: a fourth case arrives exactly once.
                let fourth = try await server.client { try await $0.fileCase(goodFiling()).number }
                let all = try await inbox.wait(for: 3)
                try await Task.sleep(for: .milliseconds(300))
                #expect(inbox.items.count == 3)
                #expect(all.map(\.caseNumber) == [second, third, fourth])
                #expect(Set(inbox.items.map(\.id)).count == inbox.items.count)
            }
        }
    }

    @Test("bank A neither sees nor answers bank B's requests")
    func institutionsAreSeparate() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number }
            let icbcRequest = try await server.watching("bank-ccb-sh") { inbox in
                let seen = try await inbox.wait(for: 1)
                try await Task.sleep(for: .milliseconds(200))
                #expect(inbox.items.count == 1)
                #expect(seen.allSatisfy { $0.institution == "CCB-SH" && $0.caseNumber == number })
                return try await server.client { try await $0.controlRequests(ofCase: number.description) }.first { $0.institution == "ICBC-SH" }!
            }
            try await server.client("bank-ccb-sh", user: nil) { ccb in
                let pulled = try await ccb.pullRequests(after: 0)
                #expect(pulled.requests.map(\.institution) == ["CCB-SH"])
                let journal = try await server.application.store.journalEntries(after: 0, limit: 100).count
                let error = await #expect(throws: EnforcementError.self) {
                    _ = try await ccb.answerQuery(AnswerQuery(controlRequestID: icbcRequest.id, holdings: []))
                }
                #expect(error?.code == .notFound)
                #expect(error?.field == "control_request_id")
                #expect(try await server.application.store.journalEntries(after: 0, limit: 100).count == journal)
                let unknown = await #expect(throws: EnforcementError.self) {
                    _ = try await ccb.answerQuery(AnswerQuery(controlRequestID: "CR99999999", holdings: []))
                }
                #expect(unknown?.code == .notFound)
            }
        }
    }

    @Test("bad input over the wire: each refused with its status and field, nothing written")
    func badInput() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let journal = try await server.application.store.journalEntries(after: 0, limit: 100).count
            try await server.client { court in
                let notSealed = await #expect(throws: EnforcementError.self) {
                    _ = try await court.freeze(FreezeAsset(caseNumber: number, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "1",
                                                           amountFen: 100, endOn: "2027-03-10", documentNumber: "d", statedValueFen: 1))
                }
                #expect(notSealed?.code == .invalidArgument && notSealed?.field == "stated_value_fen")
                let tooLong = await #expect(throws: EnforcementError.self) {
                    _ = try await court.freeze(FreezeAsset(caseNumber: number, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "1",
                                                           amountFen: 100, endOn: "2027-03-11", documentNumber: "d"))
                }
                #expect(tooLong?.code == .invalidArgument && tooLong?.field == "end_on")
                let unknownFreeze = await #expect(throws: EnforcementError.self) {
                    _ = try await court.release(ReleaseFreeze(freezeRequestID: "CR12345678", documentNumber: "d"))
                }
                #expect(unknownFreeze?.code == .notFound)
            }
            #expect(try await server.application.store.journalEntries(after: 0, limit: 100).count == journal)
        }
    }

    @Test("pull pages through an institution's requests with a cursor")
    func pullWithCursor() async throws {
        try await TestServer.with { server in
            for _ in 0..<3 { _ = try await server.client { try await $0.fileCase(goodFiling()) } }
            try await server.client("bank-icbc-sh", user: nil) { bank in
                var cursor: Int64 = 0
                var seen: [String] = []
                while true {
                    let page = try await bank.pullRequests(after: cursor, limit: 1)
                    if page.requests.isEmpty { break }
                    seen += page.requests.map(\.id)
                    cursor = page.nextCursor
                }
                #expect(seen.count == 3)
                #expect(Set(seen).count == 3)
            }
        }
    }

    @Test("the monitor's reminders are readable over the API by the judge's court and by the institution")
    func remindersOverTheWire() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            server.clock.set(server.clock.now().addingTimeInterval(25 * 3600))
            let report = try await server.application.controlMonitor.sweep()
            // One automatic query per connected institution: ICBC, CCB, ABC and the real-estate registry.
            #expect(report.overdue == 4)
            let forCourt = try await server.client { try await $0.reminders(caseNumber: number) }
            #expect(forCourt.count == 4)
            let forBank = try await server.client("bank-icbc-sh", user: nil) { try await $0.reminders() }
            #expect(forBank.map(\.institution) == ["ICBC-SH"])
            #expect(forBank.first?.kind == .answerOverdue)
            let other = try await server.client("court-0101") { try await $0.reminders() }
            #expect(other.isEmpty)
        }
    }
}
