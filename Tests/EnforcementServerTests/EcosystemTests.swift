import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import EnforcementSQLite
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import Logging
import SwiftProtobuf
import Synchronization
import Testing

/// A store whose heartbeat fails on demand: what a full disk or a lost database looks like to the probe.
final class FlakyStore: EnforcementStore {
    let inner: SQLiteStore
    let broken = Mutex(false)

    init() throws { inner = try SQLiteStore() }

    func write<Response: Codable & Sendable>(
        _ context: WriteContext, _ body: @escaping @Sendable (any StoreTransaction) throws -> (response: Response, subject: String)
    ) async throws -> Response { try await inner.write(context, body) }

    func read<Value: Sendable>(_ body: @escaping @Sendable (any StoreSnapshot) throws -> Value) async throws -> Value { try await inner.read(body) }

    func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry] { try await inner.journalEntries(after: after, limit: limit) }

    func checkWritable(at instant: Date) async throws {
        if broken.withLock({ $0 }) { throw EnforcementError(.unavailable, "disk I/O error (injected)") }
        try await inner.checkWritable(at: instant)
    }
}

/// Statuses a watch heard, shared with the task that watches.
final class Recorded: Sendable {
    let values = Mutex<[Grpc_Health_V1_HealthCheckResponse.ServingStatus]>([])
}

@Suite("grpc.health.v1 (issue 17)", .serialized)
struct HealthTests {
    static let check = Grpc_Health_V1_HealthCheckRequest()

    @Test("Check and List on the plaintext listener and over mTLS with any certificate of the CA and no user token; an unknown service is NOT_FOUND")
    func checkAndList() async throws {
        try await TestServer.with { server in
            try await server.plaintextHealth { health in
                #expect(try await health.check(Self.check).status == .serving)
                for service in EnforcementApplication.mainServiceNames {
                    #expect(try await health.check(.with { $0.service = service }).status == .serving, "\(service)")
                }
                await #expect(throws: RPCError.self) { try await health.check(.with { $0.service = "enforcement.v1.NoSuchService" }) }
                do {
                    _ = try await health.check(.with { $0.service = "enforcement.v1.NoSuchService" })
                } catch let error as RPCError {
                    #expect(error.code == .notFound)
                }
                let listed = try await health.list(.init()).statuses
                #expect(Set(listed.keys) == Set(EnforcementApplication.mainServiceNames + [""]))
                #expect(listed.values.allSatisfy { $0.status == .serving })
            }
            // Every role's certificate, no token (a court's business calls need one; health does not).
            for identity in TestServer.identityForRole.values.sorted() {
                try await server.rawGRPC(certificate: server.pki.clientCertificate(identity).path) { client in
                    let status = try await Grpc_Health_V1_Health.Client(wrapping: client).check(Self.check).status
                    #expect(status == .serving, "\(identity)")
                }
            }
            // The plaintext listener serves health only.
            let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: server.healthPort), transportSecurity: .plaintext)
            try await withGRPCClient(transport: transport) { client in
                do {
                    _ = try await Enforcement_V1_CaseService.Client(wrapping: client).listProcessNodes(.init())
                    Issue.record("the plaintext health listener answered a CaseService call")
                } catch let error as RPCError {
                    #expect(error.code == .unimplemented)
                }
            }
        }
    }

    @Test("NOT_SERVING while the store cannot be written (a failing heartbeat commit), SERVING again once it can; Watch hears both")
    func storeUnwritable() async throws {
        let store = try FlakyStore()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.publicPort = nil
        configuration.dashboardPort = nil
        configuration.healthPort = 0
        configuration.dataDirectory = directory
        var logger = Logger(label: "health-test")
        logger.logLevel = .critical
        let application = try EnforcementApplication(configuration: configuration, clock: ManualWallClock(CalendarDate(year: 2026, month: 3, day: 10)),
                                                     store: store, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await application.run() }
            defer { application.beginGracefulShutdown() }
            let port = try await application.healthListeningPort
            let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            try await withGRPCClient(transport: transport) { client in
                let health = Grpc_Health_V1_Health.Client(wrapping: client)
                #expect(await application.healthProbe.probe())
                #expect(try await health.check(Self.check).status == .serving)
                let seen = try await health.watch(Self.check) { response in
                    var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
                    for try await message in response.messages {
                        seen.append(message.status)
                        switch seen.count {
                        case 1:
                            store.broken.withLock { $0 = true }
                            #expect(await application.healthProbe.probe() == false)
                        case 2:
                            store.broken.withLock { $0 = false }
                            #expect(await application.healthProbe.probe())
                        default:
                            return seen
                        }
                    }
                    return seen
                }
                #expect(seen == [.serving, .notServing, .serving])
                store.broken.withLock { $0 = true }
                await application.healthProbe.probe()
                #expect(try await health.check(Self.check).status == .notServing)
                #expect(try await health.check(.with { $0.service = "enforcement.v1.CaseService" }).status == .notServing)
                store.broken.withLock { $0 = false }
                await application.healthProbe.probe()
                #expect(try await health.check(Self.check).status == .serving)
            }
        }
    }

    @Test("through a graceful shutdown: a Watch on the plaintext listener hears NOT_SERVING and ends; one on the main listener ends too; the server stops")
    func throughShutdown() async throws {
        try await TestServer.with { server in
            let watching = Recorded()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.plaintextHealth { health in
                        try await health.watch(Self.check) { response in
                            for try await message in response.messages { watching.values.withLock { $0.append(message.status) } }
                        }
                    }
                }
                group.addTask {
                    // The main listener's watch ends with the listener: cleanly, CANCELLED when the
                    // shutdown's cancellation of live streams reaches it first, or UNAVAILABLE
                    // ("Stream unexpectedly closed") when the connection's close overtakes the
                    // stream's end (seen once under load); all three say: reconnect.
                    do {
                        try await server.rawGRPC(certificate: server.pki.clientCertificate("bank-icbc-sh").path) { client in
                            try await Grpc_Health_V1_Health.Client(wrapping: client).watch(Self.check) { response in
                                for try await _ in response.messages {}
                            }
                        }
                    } catch let error as RPCError where error.code == .cancelled || error.code == .unavailable {}
                }
                // Both watches are open once the first status arrived on the plaintext one.
                for _ in 0..<200 where watching.values.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(100))
                #expect(watching.values.withLock { $0 } == [.serving])
                server.application.beginGracefulShutdown()
                #expect(server.application.health.status == .notServing)
                try await group.waitForAll()
            }
            #expect(watching.values.withLock { $0 } == [.serving, .notServing])
        }
    }

    @Test("health and reflection walked over the wire: every method × every role passes authorisation without a user token")
    func walked() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Grpc_Health_V1_Health.Method.descriptors + Grpc_Reflection_V1_ServerReflection.Method.descriptors
                                       + Grpc_Reflection_V1alpha_ServerReflection.Method.descriptors)
        }
    }

    @Test("Watch streams are bounded: past the limit a Watch is RESOURCE_EXHAUSTED; an unknown service is watched as SERVICE_UNKNOWN")
    func watchLimits() async throws {
        let health = ServingHealth(services: ["enforcement.v1.CaseService"], maxWatchers: 2)
        let first = try #require(health.watch(on: "a"))
        let second = try #require(health.watch(on: "b"))
        #expect(health.watch(on: "a") == nil)
        health.cancel(watch: first.id)
        #expect(health.watch(on: "a") != nil)
        health.endWatches(on: "b")
        var statuses: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
        for await status in second.statuses { statuses.append(status) }
        #expect(statuses == [.serving])
        #expect(health.status(of: "nope") == nil)
        try await TestServer.with { server in
            try await server.plaintextHealth { client in
                let first = try await client.watch(.with { $0.service = "no.such.Service" }) { response in
                    for try await message in response.messages { return message.status }
                    return .unknown
                }
                #expect(first == .serviceUnknown)
                await #expect(throws: RPCError.self) {
                    try await client.check(.with { $0.service = String(repeating: "x", count: 201) })
                }
            }
        }
    }
}

@Suite("Server reflection v1 and v1alpha (issue 17)", .serialized)
struct ReflectionTests {
    typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    /// Sends `requests` on one v1 reflection stream and answers the responses in order.
    static func reflect(_ client: GRPCClient<HTTP2ClientTransport.Posix>, _ requests: [Request]) async throws -> [Response] {
        try await Grpc_Reflection_V1_ServerReflection.Client(wrapping: client).serverReflectionInfo { writer in
            try await writer.write(contentsOf: requests)
        } onResponse: { response in
            var answers: [Response] = []
            for try await message in response.messages { answers.append(message) }
            return answers
        }
    }

    @Test("every file of the descriptor set, every service and method, by name and by symbol; the main listener lists its services and nothing unknown is found")
    func everyFile() async throws {
        let descriptors = try ContractDescriptors.load()
        #expect(descriptors.count == 16)
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: server.pki.clientCertificate("bank-icbc-sh").path) { client in
                let listed = try await Self.reflect(client, [.with { $0.listServices = "" }])
                #expect(listed.first?.listServicesResponse.service.map(\.name) == EnforcementApplication.mainServiceNames.sorted())
                // Each file by name; the first answer of a stream carries the file and then its imports.
                var requests: [Request] = descriptors.map { file in .with { $0.fileByFilename = file.name } }
                for file in descriptors {
                    for service in file.service {
                        requests.append(.with { $0.fileContainingSymbol = "\(file.package).\(service.name)" })
                        for method in service.method {
                            requests.append(.with { $0.fileContainingSymbol = "\(file.package).\(service.name).\(method.name)" })
                        }
                    }
                    for message in file.messageType {
                        requests.append(.with { $0.fileContainingSymbol = "\(file.package).\(message.name)" })
                        requests.append(.with { $0.allExtensionNumbersOfType = "\(file.package).\(message.name)" })
                    }
                }
                requests.append(.with { $0.fileContainingSymbol = "enforcement.v1.NoSuchThing" })
                requests.append(.with { $0.fileByFilename = "enforcement/v1/secret.proto" })
                requests.append(.with { $0.fileContainingExtension = .with { $0.containingType = "enforcement.v1.Case"; $0.extensionNumber = 100 } })
                let answers = try await Self.reflect(client, requests)
                #expect(answers.count == requests.count)
                for (request, answer) in zip(requests, answers) {
                    #expect(answer.originalRequest == request)
                    switch request.messageRequest {
                    case .fileByFilename("enforcement/v1/secret.proto"), .fileContainingExtension, .fileContainingSymbol("enforcement.v1.NoSuchThing"):
                        #expect(answer.errorResponse.errorCode == Int32(RPCError.Code.notFound.rawValue), "\(request)")
                    case .fileByFilename(let name):
                        let first = try #require(answer.fileDescriptorResponse.fileDescriptorProto.first, "\(name)")
                        #expect(try Google_Protobuf_FileDescriptorProto(serializedBytes: first).name == name)
                    case .fileContainingSymbol(let symbol):
                        let first = try #require(answer.fileDescriptorResponse.fileDescriptorProto.first, "\(symbol)")
                        let file = try Google_Protobuf_FileDescriptorProto(serializedBytes: first)
                        #expect(symbol.hasPrefix(file.package + "."), "\(symbol) answered with \(file.name)")
                    case .allExtensionNumbersOfType(let type):
                        #expect(answer.allExtensionNumbersResponse.baseTypeName == type)
                        #expect(answer.allExtensionNumbersResponse.extensionNumber.isEmpty)
                    default:
                        Issue.record("unexpected request \(request)")
                    }
                }
                // A file's imports come once per stream.
                let twice = try await Self.reflect(client, [.with { $0.fileByFilename = "enforcement/v1/case_service.proto" },
                                                            .with { $0.fileByFilename = "enforcement/v1/case_service.proto" }])
                let firstNames = try twice[0].fileDescriptorResponse.fileDescriptorProto.map { try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name }
                #expect(firstNames == ["enforcement/v1/case_service.proto", "enforcement/v1/common.proto", "google/protobuf/timestamp.proto"])
                #expect(twice[1].fileDescriptorResponse.fileDescriptorProto.count == 1)
                // v1alpha answers the same.
                let alpha = try await Grpc_Reflection_V1alpha_ServerReflection.Client(wrapping: client).serverReflectionInfo { writer in
                    try await writer.write(.with { $0.listServices = "" })
                } onResponse: { response in
                    var names: [String] = []
                    for try await message in response.messages { names += message.listServicesResponse.service.map(\.name) }
                    return names
                }
                #expect(alpha == EnforcementApplication.mainServiceNames.sorted())
                // A name past the bound ends the stream with INVALID_ARGUMENT.
                await #expect(throws: RPCError.self) {
                    _ = try await Self.reflect(client, [.with { $0.fileContainingSymbol = String(repeating: "a", count: 600) }])
                }
            }
        }
    }

    @Test("the public listener lists only its own service (and reflection) and finds nothing of the main contract's other services")
    func publicListener() async throws {
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: nil, port: server.publicPort) { client in
                let answers = try await Self.reflect(client, [
                    .with { $0.listServices = "" },
                    .with { $0.fileContainingSymbol = "enforcement.v1.FundsService" },
                    .with { $0.fileContainingSymbol = "enforcement.v1.PublicDisclosureService.LookupCase" },
                ])
                #expect(answers[0].listServicesResponse.service.map(\.name) == EnforcementApplication.publicServiceNames.sorted())
                #expect(answers[1].errorResponse.errorCode == Int32(RPCError.Code.notFound.rawValue))
                #expect(answers[2].fileDescriptorResponse.fileDescriptorProto.count >= 1)
            }
        }
    }
}

@Suite("google.rpc.Status details on every error (issue 17)")
struct RichErrorTests {
    static func status(_ error: EnforcementError) throws -> GoogleRPCStatus {
        try #require(try ErrorMapping.rpcError(for: error).unpackGoogleRPCStatus())
    }

    @Test("invalid field: ErrorInfo (reason, domain enforcement.court, field) and BadRequest.FieldViolation; the message text is kept")
    func invalid() throws {
        let error = EnforcementError.invalid("end_on", "a deposit freeze runs at most 12 months", reason: "FREEZE_EXCEEDS_TERM")
        let status = try Self.status(error)
        #expect(status.code == .invalidArgument)
        #expect(status.message == "end_on: a deposit freeze runs at most 12 months")
        let info = try #require(status.details.compactMap(\.errorInfo).first)
        #expect(info.reason == "FREEZE_EXCEEDS_TERM" && info.domain == "enforcement.court" && info.metadata["field"] == "end_on")
        let violation = try #require(status.details.compactMap(\.badRequest).first?.violations.first)
        #expect(violation.field == "end_on" && violation.violationDescription == "a deposit freeze runs at most 12 months")
        #expect(ErrorMapping.rpcError(for: error).metadata[stringValues: ErrorMapping.fieldKey].first(where: { _ in true }) == "end_on")
    }

    @Test("state conflict: PreconditionFailure with the rule as its type; unavailable: RetryInfo; others: ErrorInfo with the code's reason")
    func otherKinds() throws {
        let precondition = try Self.status(.precondition("case X is closed", field: "case_number", reason: "CASE_NOT_PENDING"))
        let violation = try #require(precondition.details.compactMap(\.preconditionFailure).first?.violations.first)
        #expect(violation.type == "CASE_NOT_PENDING" && violation.subject == "case_number" && violation.violationDescription == "case X is closed")
        let unavailable = try Self.status(EnforcementError(.unavailable, "the store is busy"))
        #expect(unavailable.details.compactMap(\.retryInfo).first?.delay == ErrorMapping.retryDelay)
        #expect(unavailable.details.compactMap(\.errorInfo).first?.reason == "UNAVAILABLE")
        let notFound = try Self.status(EnforcementError(.notFound, field: "case_number", "no such case"))
        #expect(notFound.details.count == 1 && notFound.details[0].errorInfo?.reason == "NOT_FOUND")
        let exists = try Self.status(EnforcementError(.alreadyExists, field: "request_id", "reused", reason: "REQUEST_ID_REUSED"))
        #expect(exists.details.compactMap(\.errorInfo).first?.reason == "REQUEST_ID_REUSED")
        // Errors that are not the domain's carry no details and no text of theirs.
        struct Secret: Error {}
        #expect(try ErrorMapping.rpcError(for: Secret()).unpackGoogleRPCStatus() == nil)
    }

    @Test("the client reads back the field and the reason: the inverse mapping of the same file")
    func roundTrip() throws {
        for error in [EnforcementError.invalid("debtors[0].id_number", "bad check digit"),
                      .precondition("no room", field: "amount_fen", reason: "NO_ROOM_FOR_FREEZE"),
                      EnforcementError(.permissionDenied, "a bank may not call this", reason: "ROLE_NOT_ALLOWED"),
                      EnforcementError(.notFound, "no such case")] {
            #expect(ErrorMapping.domainError(ErrorMapping.rpcError(for: error)) == error)
        }
    }

    @Test("over the wire: a freeze beyond its legal term answers FREEZE_EXCEEDS_TERM on end_on, read back by the client library; nothing written")
    func overTheWire() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                let number = try await client.fileCase(goodFiling(handlingJudge: "judge-li")).number.description
                let journal = try await server.application.store.journalEntries(after: 0, limit: 1_000).count
                do {
                    _ = try await client.freeze(FreezeAsset(caseNumber: number, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "6222",
                                                            amountFen: 100, endOn: "2030-01-01", documentNumber: "（2026）沪0105执1号之一"))
                    Issue.record("a freeze of four years was accepted")
                } catch let error as EnforcementError {
                    #expect(error.code == .invalidArgument && error.field == "end_on" && error.reason == "FREEZE_EXCEEDS_TERM")
                }
                #expect(try await server.application.store.journalEntries(after: 0, limit: 1_000).count == journal)
            }
        }
    }
}

@Suite("Prometheus metrics (issue 17)", .serialized)
struct MetricsTests {
    /// `GET path` on the metrics listener: status and body.
    static func get(_ port: Int, _ path: String, method: String = "GET") async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of the sample named exactly `sample` (name and labels), or nil.
    static func value(_ page: String, _ sample: String) -> Double? {
        page.split(separator: "\n").first { $0.hasPrefix(sample + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test("after a few calls /metrics counts them by method and status code, times them, counts the store's commits and a bank's answer lag; other paths are 404")
    func page() async throws {
        try await TestServer.with { server in
            let port = try await server.application.metricsListeningPort
            let number = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")).number.description }
            var bad = goodFiling()
            bad.amountSoughtFen = -1
            try await server.client { client in
                for _ in 0..<2 { await #expect(throws: EnforcementError.self) { try await client.fileCase(bad) } }
            }
            try await server.client("bank-icbc-sh") { bank in
                await #expect(throws: EnforcementError.self) { try await bank.getCase(number) }
                let query = try #require(try await bank.pullRequests(after: 0, limit: 10).requests.first)
                server.clock.set(server.clock.now().addingTimeInterval(3_000))
                _ = try await bank.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []))
            }
            try await server.plaintextHealth { _ = try await $0.check(.init()) }
            let (status, page) = try await Self.get(port, "/metrics")
            #expect(status == 200)
            #expect(Self.value(page, #"enforcement_rpc_requests_total{method="enforcement.v1.CaseService/FileCase",code="OK"}"#) == 1)
            #expect(Self.value(page, #"enforcement_rpc_requests_total{method="enforcement.v1.CaseService/FileCase",code="INVALID_ARGUMENT"}"#) == 2)
            #expect(Self.value(page, #"enforcement_rpc_requests_total{method="enforcement.v1.CaseService/GetCase",code="PERMISSION_DENIED"}"#) == 1)
            #expect(Self.value(page, #"enforcement_rpc_requests_total{method="enforcement.v1.ControlService/AnswerQuery",code="OK"}"#) == 1)
            #expect(Self.value(page, #"enforcement_rpc_requests_total{method="grpc.health.v1.Health/Check",code="OK"}"#) == 1)
            #expect(Self.value(page, #"enforcement_rpc_duration_seconds_count{method="enforcement.v1.CaseService/FileCase"}"#) == 3)
            #expect(Self.value(page, #"enforcement_rpc_in_flight{method="enforcement.v1.CaseService/FileCase"}"#) == 0)
            // The filing, its four queries and the answer: at least two writes committed.
            #expect((Self.value(page, #"enforcement_store_commit_writes_count{store="sqlite"}"#) ?? 0) >= 2)
            #expect(Self.value(page, #"enforcement_bank_answer_lag_seconds_count{institution="ICBC-SH"}"#) == 1)
            #expect(Self.value(page, #"enforcement_bank_answer_lag_seconds_bucket{institution="ICBC-SH",le="600.0"}"#) == 0)
            #expect(Self.value(page, #"enforcement_bank_answer_lag_seconds_bucket{institution="ICBC-SH",le="3600.0"}"#) == 1)
            #expect(try await Self.get(port, "/").0 == 404)
            #expect(try await Self.get(port, "/metrics", method: "POST").0 == 404)
        }
    }
}

@Suite("One paging shape, with the old fields still answered (issue 17)", .serialized)
struct PagingTests {
    @Test("a list pages by page_token to an empty next_page_token; the deprecated after reads the same pages; a bad token is INVALID_ARGUMENT")
    func listPages() async throws {
        try await TestServer.with { server in
            for _ in 0..<3 {
                _ = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")) }
            }
            _ = try await server.application.notifications.sweep()  // the filings' messages to their parties
            let metadata = try await server.fullyEntitled("command-centre")
            try await server.rawGRPC(certificate: server.pki.clientCertificate("command-centre").path) { client in
                let notifications = Enforcement_V1_NotificationService.Client(wrapping: client)
                let everything = try await notifications.listMessages(.with { $0.pageSize = 1_000 }, metadata: metadata)
                #expect(everything.messages.count >= 3)
                #expect(everything.nextPageToken.isEmpty)
                var byToken: [Int64] = []
                var byAfter: [Int64] = []
                var token = ""
                var pages = 0
                repeat {
                    let page = try await notifications.listMessages(.with { $0.pageSize = 2; $0.pageToken = token }, metadata: metadata)
                    // The first contract's client: the same position sent as `after`.
                    let old = try await notifications.listMessages(.with { $0.pageSize = 2; $0.after = Int64(token) ?? 0 }, metadata: metadata)
                    #expect(old.messages == page.messages)
                    byToken += page.messages.map(\.sequence)
                    byAfter += old.messages.map(\.sequence)
                    token = page.nextPageToken
                    pages += 1
                } while !token.isEmpty && pages < 50
                #expect(byToken == everything.messages.map(\.sequence))
                #expect(byAfter == byToken)
                #expect(pages == everything.messages.count / 2 + 1)
                do {
                    _ = try await notifications.listMessages(.with { $0.pageToken = "not-a-token" }, metadata: metadata)
                    Issue.record("a bad page token was accepted")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument)
                    #expect(try error.unpackGoogleRPCStatus()?.details.compactMap(\.errorInfo).first?.reason == "INVALID_PAGE_TOKEN")
                }
            }
        }
    }

    @Test("a feed pages by after_cursor and page_size to next_cursor; the deprecated limit, after_sequence and cursor still work")
    func feedPages() async throws {
        try await TestServer.with { server in
            for _ in 0..<3 {
                _ = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")) }
            }
            try await server.rawGRPC(certificate: server.pki.clientCertificate("bank-icbc-sh").path) { client in
                let control = Enforcement_V1_ControlService.Client(wrapping: client)
                let first = try await control.pullRequests(.with { $0.pageSize = 2 })
                #expect(first.requests.count == 2)
                let old = try await control.pullRequests(.with { $0.limit = 2 })
                #expect(old.requests == first.requests && old.nextCursor == first.nextCursor)
                let rest = try await control.pullRequests(.with { $0.afterCursor = first.nextCursor; $0.pageSize = 2 })
                #expect(rest.requests.count == 1)
                let end = try await control.pullRequests(.with { $0.afterCursor = rest.nextCursor })
                #expect(end.requests.isEmpty && end.nextCursor == rest.nextCursor)
            }
            try await server.rawGRPC(certificate: server.pki.clientCertificate("credit-platform").path) { client in
                let deterrence = Enforcement_V1_DeterrenceService.Client(wrapping: client)
                let now = try await deterrence.readDishonestFeed(.with { $0.afterCursor = 0 })
                let old = try await deterrence.readDishonestFeed(.with { $0.cursor = 0 })
                #expect(now == old)
            }
            let metadata = try await server.fullyEntitled("court-0105")
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                let control = Enforcement_V1_ControlService.Client(wrapping: client)
                let now = try await control.listReminders(.with { $0.afterCursor = 0; $0.pageSize = 10 }, metadata: metadata)
                let old = try await control.listReminders(.with { $0.afterSequence = 0; $0.limit = 10 }, metadata: metadata)
                #expect(now == old)
                #expect(now.nextCursor == (now.reminders.last?.sequence ?? 0))
            }
        }
    }
}

/// FileCase that answers UNAVAILABLE to its first `failures` attempts and records each attempt's
/// request id and token: a server going away, as the client library's retry policy meets it.
struct FlakyFileCase: RegistrableRPCService {
    let failures: Int
    let attempts: Attempts

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Enforcement_V1_CaseService.Method.FileCase.descriptor,
            deserializer: ProtobufDeserializer<Enforcement_V1_FileCaseRequest>(),
            serializer: ProtobufSerializer<Enforcement_V1_Case>()
        ) { request, _ in
            let metadata = request.metadata
            let attempt = attempts.record(Array(metadata[stringValues: ErrorMapping.requestIDKey]) + Array(metadata[stringValues: "authorization"]))
            if attempt <= failures { throw RPCError(code: .unavailable, message: "going away (attempt \(attempt))") }
            for try await _ in request.messages {}
            return StreamingServerResponse(single: ServerResponse(message: Enforcement_V1_Case.with { $0.caseNumber = "attempt \(attempt)" }))
        }
    }
}

/// Attempts seen by a handler.
final class Attempts: Sendable {
    let seen = Mutex<[[String]]>([])
    func record(_ values: [String]) -> Int { seen.withLock { $0.append(values); return $0.count } }
}

@Suite("Client retries through grpc-swift's RetryPolicy (issue 17)")
struct ClientRetryPolicyTests {
    func withFlakyServer(failures: Int, maxAttempts: Int, _ body: (Enforcement_V1_CaseService.Client<HTTP2ClientTransport.Posix>, CallOptions, Metadata) async throws -> Void) async throws -> Attempts {
        let attempts = Attempts()
        let server = GRPCServer(transport: HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
                                services: [FlakyFileCase(failures: failures, attempts: attempts)])
        var configuration = ClientConfiguration(certificate: "c", privateKey: "k", trustedCA: "a", userToken: StaticUserToken("t.o.k"))
        configuration.maxAttempts = maxAttempts
        let metadata = try await EnforcementClient.metadata(configuration, requestID: "req-7")
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            defer { server.beginGracefulShutdown() }
            let port = try #require(try await server.listeningAddress?.ipv4?.port)
            let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            try await withGRPCClient(transport: transport) { client in
                try await body(.init(wrapping: client), EnforcementClient.callOptions(configuration), metadata)
            }
        }
        return attempts
    }

    @Test("UNAVAILABLE twice, then the answer: three attempts with the same request id and token")
    func retried() async throws {
        let attempts = try await withFlakyServer(failures: 2, maxAttempts: 4) { client, options, metadata in
            let answer = try await client.fileCase(.init(), metadata: metadata, options: options)
            #expect(answer.caseNumber == "attempt 3")
        }
        #expect(attempts.seen.withLock { $0 } == Array(repeating: ["req-7", "Bearer t.o.k"], count: 3))
    }

    @Test("after the last attempt UNAVAILABLE reaches the caller")
    func givesUp() async throws {
        let attempts = try await withFlakyServer(failures: 5, maxAttempts: 2) { client, options, metadata in
            do {
                _ = try await client.fileCase(.init(), metadata: metadata, options: options)
                Issue.record("answered after the attempts ran out")
            } catch let error as RPCError {
                #expect(error.code == .unavailable)
            }
        }
        #expect(attempts.seen.withLock { $0 }.count == 2)
    }
}
