import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import Testing


/// What a watching credit platform has received so far.
final class FeedInbox: Sendable {
    private let received = Mutex<[DishonestFeedEntry]>([])
    func add(_ entry: DishonestFeedEntry) { received.withLock { $0.append(entry) } }
    var items: [DishonestFeedEntry] { received.withLock { $0 } }
}

/// A filing whose debtor is a person (born 1980-05-17), with phone numbers.
func personFiling() -> FileCase {
    FileCase(
        titleDocument: "（2025）沪0105民初99号",
        applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "13812345678")],
        debtors: [PartyInput(isPerson: true, name: "李四", idNumber: "310105198005171236", phone: "13900001111")],
        amountSoughtFen: 10_000_000)
}

@Suite("Deterrence, the dishonest-list feed, disclosure and notifications over TLS", .serialized)
struct DeterrenceEndToEndTests {
    static let expected: [String: (roles: Set<Role>, mutates: Bool)] = [
        "DeterrenceService/ImposeMeasure": ([.cityCourt], true),
        "DeterrenceService/LiftMeasure": ([.cityCourt], true),
        "DeterrenceService/ExtendListing": ([.cityCourt], true),
        "DeterrenceService/ReportRemovalEvent": ([.cityCourt], true),
        "DeterrenceService/RecordMeasureStep": ([.cityCourt], true),
        "DeterrenceService/ListMeasures": ([.cityCourt, .commandCentre], false),
        "DeterrenceService/ReadDishonestFeed": ([.creditPlatform, .commandCentre], false),
        "DeterrenceService/WatchDishonestFeed": ([.creditPlatform, .commandCentre], false),
        "DeterrenceService/GetDailyExport": ([.creditPlatform, .commandCentre], false),
        "DisclosureService/IssueAccessCode": ([.cityCourt], true),
        "NotificationService/ListMessages": ([.cityCourt, .commandCentre], false),
        "NotificationService/ListDeliveryLog": ([.cityCourt, .commandCentre], false),
        "NotificationService/RetryMessage": ([.cityCourt, .commandCentre], true),
    ]

    @Test("the authorisation table is pinned for the three services, and the public lookup is in no table (it has its own listener)")
    func pinned() {
        for (method, rule) in Self.expected {
            let actual = AuthorisationTable.rule("enforcement.v1.\(method)")
            #expect(actual?.roles == rule.roles && actual?.mutates == rule.mutates, "\(method)")
        }
        let served = Enforcement_V1_DeterrenceService.Method.descriptors.map { "DeterrenceService/\($0.method)" }
            + Enforcement_V1_DisclosureService.Method.descriptors.map { "DisclosureService/\($0.method)" }
            + Enforcement_V1_NotificationService.Method.descriptors.map { "NotificationService/\($0.method)" }
        #expect(Set(served) == Set(Self.expected.keys))
        #expect(AuthorisationTable.rule("enforcement.v1.PublicDisclosureService/LookupCase") == nil)
    }

    @Test("the table walked over the wire: every RPC of the three services × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_DeterrenceService.Method.descriptors + Enforcement_V1_DisclosureService.Method.descriptors
                                       + Enforcement_V1_NotificationService.Method.descriptors)
            #expect(try await server.journalCount() == 0)
        }
    }

    @Test("listing → the credit platform reads from cursor 0 → the debt is performed and the listing removed → the next read from the saved cursor is exactly the removal")
    func feedScenario() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(personFiling()) }.number.description
            let listed = try await server.client {
                try await $0.imposeMeasure(ImposeMeasure(caseNumber: number, kind: .dishonestList, document: "（2026）沪0105执1号决定书", ground: 2))
            }
            #expect(listed.map(\.kind) == [.dishonestList, .consumptionRestriction])
            let streamed = FeedInbox()
            let first = try await server.client("credit-platform", user: nil) { platform in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try? await platform.watchDishonestFeed(after: 0) { streamed.add($0) } }
                    let page = try await platform.dishonestFeed(after: 0)
                    for _ in 0..<200 where streamed.items.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                    group.cancelAll()
                    return page
                }
            }
            #expect(first.entries.map(\.change) == [.added] && first.lastPosition == 1)
            #expect(first.entries[0].record.idNumber == "3101051980****1236" && first.entries[0].record.name == "李四")
            #expect(streamed.items.map(\.position) == [1])
            let cursor = try #require(first.entries.last?.position)
            try await server.client { court in
                _ = try await court.close(CloseCase(caseNumber: number, mode: .fullyEnforced, documentNumber: "（2026）沪0105执1号结案"))
                let due = try await court.measures(caseNumber: number, kind: .dishonestList, removalDueOnly: true)
                #expect(due.first?.removal?.event == .debtPerformed && due.first?.removal?.dueOn == CalendarDate(year: 2026, month: 3, day: 13))
                _ = try await court.liftMeasure(LiftMeasure(measureID: listed[0].id, document: "（2026）沪0105执1号之一", reason: "已全部履行"))
            }
            let next = try await server.client("credit-platform", user: nil) { try await $0.dishonestFeed(after: cursor) }
            #expect(next.entries.map(\.change) == [.removed] && next.entries[0].record.measureID == listed[0].id)
            #expect(next.entries[0].record.idNumber == "3101051980****1236")
            let again = try await server.client("credit-platform", user: nil) { try await $0.dishonestFeed(after: next.entries[0].position) }
            #expect(again.entries.isEmpty, "nothing twice")
            // The day's export, over the API, once the day is over.
            server.clock.advance(days: 1)
            let export = try await server.client("credit-platform", user: nil) { try await $0.dailyExport(CalendarDate(year: 2026, month: 3, day: 10)) }
            #expect(export.entries.map(\.change) == [.added, .removed] && export.after == 0 && export.through == 2)
            // The background writer makes the same day as a JSON Lines file.
            #expect(try await server.application.exportWriter.sweep() == 1)
            let file = try String(contentsOf: server.application.exportWriter.file(for: CalendarDate(year: 2026, month: 3, day: 10)), encoding: .utf8)
            #expect(file.split(separator: "\n").count == 2 && !file.contains("310105198005171236") && file.contains("3101051980****1236"))
        }
    }

    @Test("bad input over the wire: a minor, a fine above the bound, lifting what is not in force, a cursor from the future — each its code, nothing written")
    func badInput() async throws {
        try await TestServer.with { server in
            var minorFiling = personFiling()
            minorFiling.debtors = [PartyInput(isPerson: true, name: "小明", idNumber: "310105201006011239", phone: "")]
            let minorCase = try await server.client { try await $0.fileCase(minorFiling) }.number.description
            let adultCase = try await server.client { try await $0.fileCase(personFiling()) }.number.description
            let journal = try await server.journalCount()
            try await server.client { court in
                let minor = await #expect(throws: EnforcementError.self) {
                    _ = try await court.imposeMeasure(ImposeMeasure(caseNumber: minorCase, kind: .dishonestList, document: "d", ground: 2))
                }
                #expect(minor?.code == .failedPrecondition && minor?.field == "debtor_index")
                let fine = await #expect(throws: EnforcementError.self) {
                    _ = try await court.imposeMeasure(ImposeMeasure(caseNumber: adultCase, kind: .fine, document: "d", fineFen: 10_000_001))
                }
                #expect(fine?.code == .invalidArgument && fine?.field == "fine")
                let noGround = await #expect(throws: EnforcementError.self) {
                    _ = try await court.imposeMeasure(ImposeMeasure(caseNumber: adultCase, kind: .dishonestList, document: "d"))
                }
                #expect(noGround?.code == .invalidArgument && noGround?.field == "ground")
                let lift = await #expect(throws: EnforcementError.self) {
                    _ = try await court.liftMeasure(LiftMeasure(measureID: "MS00000001", document: "d", reason: "r"))
                }
                #expect(lift?.code == .notFound)
            }
            let future = await #expect(throws: EnforcementError.self) {
                _ = try await server.client("credit-platform", user: nil) { try await $0.dishonestFeed(after: 5) }
            }
            #expect(future?.code == .invalidArgument && future?.field == "cursor")
            #expect(try await server.journalCount() == journal)
        }
    }

    @Test("the public lookup needs no client certificate, on its own port only; 5 wrong codes lock the address out (RESOURCE_EXHAUSTED)")
    func publicLookup() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(personFiling()) }.number.description
            let code = try await server.client { try await $0.issueAccessCode(IssueAccessCode(caseNumber: number, party: "applicant:0")) }
            let ca = server.pki.caCertificate.path
            let view = try await EnforcementClient.publicLookup(host: "127.0.0.1", port: server.publicPort, trustedCA: ca, caseNumber: number, accessCode: code)
            #expect(view.caseNumber == number && view.applicants[0].isCaller && view.applicants[0].idNumber == "11010519491231002X")
            #expect(view.debtors[0].idNumber == "3101051980****1236" && view.debtors[0].phone == "139****1111")
            #expect(view.nodes.map(\.code).contains("case_filed"))
            for attempt in 1...5 {
                let error = await #expect(throws: EnforcementError.self) {
                    _ = try await EnforcementClient.publicLookup(host: "127.0.0.1", port: server.publicPort, trustedCA: ca, caseNumber: number, accessCode: "BAD\(attempt)")
                }
                #expect(error?.code == (attempt < 5 ? .notFound : .resourceExhausted))
            }
            let locked = await #expect(throws: EnforcementError.self) {
                _ = try await EnforcementClient.publicLookup(host: "127.0.0.1", port: server.publicPort, trustedCA: ca, caseNumber: number, accessCode: code)
            }
            #expect(locked?.code == .resourceExhausted)
            // The public port serves nothing else; the main port still demands a client certificate.
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: server.publicPort),
                transportSecurity: .tls { $0.trustRoots = .certificates([.file(path: ca, format: .pem)]) })
            let other: RPCError.Code? = try await withGRPCClient(transport: transport) { grpc in
                do {
                    _ = try await Enforcement_V1_CaseService.Client(wrapping: grpc).getCase(.init())
                    return nil
                } catch let error as RPCError { return error.code }
            }
            #expect(other == .unimplemented)
            await #expect(throws: (any Error).self) {
                _ = try await EnforcementClient.publicLookup(host: "127.0.0.1", port: server.port, trustedCA: ca, caseNumber: number, accessCode: code,
                                                             timeout: .seconds(3))
            }
        }
    }

    @Test("the notifier delivers node messages through the development file adapter")
    func notifierToFile() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(personFiling()) }.number.description
            let report = try await server.application.notifications.sweep()
            #expect(report.generated == 4 && report.delivered == 4)
            let lines = try String(contentsOf: server.application.configuration.notificationsFile, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 4 && lines.allSatisfy { $0.contains(number) })
            let delivered = try await server.client { try await $0.outboxMessages(caseNumber: number, status: .delivered) }
            #expect(delivered.count == 4 && delivered.allSatisfy { $0.delivery?.address?.contains("****") == true })
        }
    }
}
