import EnforcementClient
import EnforcementCore
import EnforcementServer
import EnforcementSQLite
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import Logging
import SwiftProtobuf

/// `enforcement-bench store [REQUESTS] [CONCURRENCY]` (scripts/bench-store.sh): the durable write
/// path against its ceilings, all in one process and one run.
///
/// - ceiling: a bare echo RPC (a service only this benchmark registers) on a listener built by
///   the server's own `mainTransport` (same mutual TLS, same limits), no interceptor, no store;
/// - the server's unary reads: `ListInstitutions` (no store) and `GetCase` (one store read);
/// - durable writes (`LaunchQuery`: a request row, its journal entry and idempotency record),
///   on SQLite with each write committing alone and with group commit.
enum StoreBench {
    struct Round {
        var echo = 0.0
        var listInstitutions = 0.0
        var getCase = 0.0
        var writes = 0.0
        var commits: (commits: Int, writes: Int)?
    }

    static func run(total: Int, concurrency: Int) async throws {
        var rounds: [(groupCommit: Bool, round: Round)] = []
        for groupCommit in [false, true] {
            rounds.append((groupCommit, try await measure(groupCommit: groupCommit, total: total, concurrency: concurrency)))
        }
        func rate(_ seconds: Double) -> Double { Double(total) / seconds }
        func line(_ label: String, _ seconds: Double, against base: Double? = nil, _ baseName: String = "") -> String {
            let ratio = base.map { String(format: "  = %.2f× %@", rate(seconds) / rate($0), baseName) } ?? ""
            return label.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%8.0f /s", rate(seconds)) + ratio
        }
        print("store: \(total) calls per figure, \(concurrency) in flight, one mTLS connection, release build, one process")
        for (groupCommit, round) in rounds {
            print("SQLite, group commit \(groupCommit ? "on" : "off")")
            print(line("  ceiling  echo RPC (bench-only service)", round.echo))
            print(line("  read     ListInstitutions (no store)", round.listInstitutions, against: round.echo, "the echo"))
            print(line("  read     GetCase (one store read)", round.getCase, against: round.echo, "the echo"))
            print(line("  write    LaunchQuery, durable", round.writes, against: round.getCase, "GetCase"))
            if let commits = round.commits, commits.commits > 0 {
                print(String(format: "           %d writes in %d commits (%.1f a commit)", commits.writes, commits.commits,
                             Double(commits.writes) / Double(commits.commits)))
            }
        }
        let off = rounds[0].round, on = rounds[1].round
        print(String(format: "group commit: durable writes %.2f× those without, %.2f× GetCase, %.2f× ListInstitutions of the same run",
                     rate(on.writes) / rate(off.writes), rate(on.writes) / rate(on.getCase), rate(on.writes) / rate(on.listInstitutions)))
    }

    static func measure(groupCommit: Bool, total: Int, concurrency: Int) async throws -> Round {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.port = 0
        configuration.publicPort = nil
        configuration.groupCommit = groupCommit
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let app = try EnforcementApplication(configuration: configuration, logger: logger)
        let pki = configuration.developmentPKI
        let tls = ServerConfiguration.TLSFiles(certificateChain: pki.serverCertificate.path, privateKey: pki.serverKey.path,
                                               clientCA: pki.caCertificate.path)
        let echoTransport = EnforcementApplication.mainTransport(
            configuration, tls: tls, connectionGuard: EnforcementApplication.mainConnectionGuard(configuration))
        let echoServer = GRPCServer(transport: echoTransport, services: [EchoService()])
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { try await echoServer.serve() }
            defer {
                app.beginGracefulShutdown()
                echoServer.beginGracefulShutdown()
            }
            let port = try await app.listeningPort
            guard let echoPort = try await echoTransport.listeningAddress.ipv4?.port else { throw BenchError("the echo listener has no IPv4 port") }
            var round = Round()
            round.echo = try await echo(port: echoPort, pki: pki, total: total, concurrency: concurrency)
            var client = ClientConfiguration.development(dataDirectory: directory.path, identity: "court-0105", port: port,
                                                         user: CourtUser(id: "bench", roles: [.judge, .clerk]))
            client.timeout = .seconds(120)
            try await EnforcementClient.with(client) { court in
                let number = try await court.fileCase(filing).number.description
                // Warm-up: connection, token, caches.
                _ = try await timed(200, concurrency: concurrency) { _ in _ = try await court.getCase(number) }
                round.listInstitutions = try await timed(total, concurrency: concurrency) { _ in _ = try await court.institutions() }
                round.getCase = try await timed(total, concurrency: concurrency) { _ in _ = try await court.getCase(number) }
                let before = (app.store as? SQLiteStore)?.groupCommitStatistics
                round.writes = try await timed(total, concurrency: concurrency) { _ in
                    _ = try await court.launchQuery(LaunchQuery(caseNumber: number, institutionID: "ICBC-SH", documentNumber: "bench"))
                }
                if let after = (app.store as? SQLiteStore)?.groupCommitStatistics {
                    round.commits = (after.commits - (before?.commits ?? 0), after.writes - (before?.writes ?? 0))
                }
            }
            return round
        }
    }

    /// The echo ceiling: the same client TLS set-up as the client library, a 64-byte message each way.
    static func echo(port: Int, pki: DevelopmentPKI, total: Int, concurrency: Int) async throws -> Double {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .mTLS(
                certificateChain: [.file(path: pki.clientCertificate("court-0105").path, format: .pem)],
                privateKey: .file(path: pki.clientKey("court-0105").path, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: pki.caCertificate.path, format: .pem)])
            })
        return try await withGRPCClient(transport: transport) { grpc in
            let payload = Google_Protobuf_BytesValue.with { $0.value = Data(repeating: 7, count: 64) }
            let call: @Sendable (Int) async throws -> Void = { _ in
                let answer = try await grpc.unary(
                    request: ClientRequest(message: payload), descriptor: EchoService.method,
                    serializer: ProtobufSerializer<Google_Protobuf_BytesValue>(),
                    deserializer: ProtobufDeserializer<Google_Protobuf_BytesValue>(), options: .defaults
                ) { try $0.message }
                guard answer == payload else { throw BenchError("the echo answered something else") }
            }
            _ = try await timed(200, concurrency: concurrency, call)
            return try await timed(total, concurrency: concurrency, call)
        }
    }
}

/// A unary echo: answers the message it was sent. Registered by the benchmark only.
struct EchoService: RegistrableRPCService {
    static let method = MethodDescriptor(fullyQualifiedService: "enforcement.bench.Echo", method: "Echo")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.method, deserializer: ProtobufDeserializer<Google_Protobuf_BytesValue>(),
            serializer: ProtobufSerializer<Google_Protobuf_BytesValue>()
        ) { request, _ in
            StreamingServerResponse { writer in
                for try await message in request.messages { try await writer.write(message) }
                return [:]
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
