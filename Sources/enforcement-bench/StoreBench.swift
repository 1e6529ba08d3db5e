import EnforcementClient
import EnforcementCore
import EnforcementPostgres
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
///   on SQLite with each write committing alone and with group commit; GetCase and the writes in
///   three alternating passes, each figure their median;
/// - with `ENFORCEMENT_BENCH_DATABASE_URL` (bench-store.sh starts a PostgreSQL), the same reads and
///   writes on PostgreSQL (group commit on) through one server and through two servers on the
///   same database with the calls split between them, in three passes alternating one and two
///   servers, each figure their median; there the writes are spread over CONCURRENCY cases, each
///   server's clients writing their own.
enum StoreBench {
    struct Round {
        var echo = 0.0
        var listInstitutions = 0.0
        var getCase = 0.0
        var writes = 0.0
        var commits: (commits: Int, writes: Int)?
        /// The share of the machine's cores busy while the writes ran (PostgreSQL rounds, Linux).
        var busy: Double?
        /// Each alternating pass's seconds; `getCase` and `writes` are their medians.
        var getCaseRuns: [Double] = []
        var writeRuns: [Double] = []
    }

    /// GetCase and the writes are measured in this many alternating passes, and the median of each
    /// is the figure: a swing of the machine (the two share its 2 cores with the client) then moves
    /// the read and the write alike instead of whichever ran during it.
    static let passes = 3

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Passes measured alike as one round: each figure its median, the commits summed.
    static func median(of passes: [Round]) -> Round {
        var round = Round()
        round.getCaseRuns = passes.map(\.getCase)
        round.writeRuns = passes.map(\.writes)
        round.getCase = median(round.getCaseRuns)
        round.writes = median(round.writeRuns)
        round.commits = passes.compactMap(\.commits).reduce((0, 0)) { ($0.0 + $1.commits, $0.1 + $1.writes) }
        let busy = passes.compactMap(\.busy)
        round.busy = busy.count == passes.count ? median(busy) : nil
        return round
    }

    static func run(total: Int, concurrency: Int, seedCases: Int) async throws {
        var rounds: [(groupCommit: Bool, round: Round)] = []
        for groupCommit in [false, true] {
            rounds.append((groupCommit, try await measure(groupCommit: groupCommit, total: total, concurrency: concurrency)))
        }
        func rate(_ seconds: Double) -> Double { Double(total) / seconds }
        func rates(_ runs: [Double]) -> String { runs.map { String(format: "%.0f", rate($0)) }.joined(separator: ", ") }
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
            if round.writeRuns.count > 1 {
                print("           \(round.writeRuns.count) alternating passes, medians above: GetCase \(rates(round.getCaseRuns)) /s; writes \(rates(round.writeRuns)) /s")
            }
            if let commits = round.commits, commits.commits > 0 {
                print(String(format: "           %d writes in %d commits (%.1f a commit)", commits.writes, commits.commits,
                             Double(commits.writes) / Double(commits.commits)))
            }
        }
        let off = rounds[0].round, on = rounds[1].round
        print(String(format: "group commit: durable writes %.2f× those without, %.2f× GetCase, %.2f× ListInstitutions of the same run",
                     rate(on.writes) / rate(off.writes), rate(on.writes) / rate(on.getCase), rate(on.writes) / rate(on.listInstitutions)))
        if let url = ProcessInfo.processInfo.environment["ENFORCEMENT_BENCH_DATABASE_URL"] {
            // 1 and 2 servers alternate, pass by pass: the database grows with every pass, and a
            // swing of the machine then moves both figures alike instead of whichever ran during it.
            var ones: [Round] = [], twos: [Round] = []
            for _ in 0..<passes {
                ones.append(try await postgres(url: url, servers: 1, total: total, concurrency: concurrency))
                twos.append(try await postgres(url: url, servers: 2, total: total, concurrency: concurrency))
            }
            let one = Self.median(of: ones), two = Self.median(of: twos)
            for (label, round) in [("PostgreSQL, group commit on, 1 server", one), ("PostgreSQL, group commit on, 2 servers (calls split)", two)] {
                print(label)
                print(line("  read     GetCase (one store read)", round.getCase, against: on.getCase, "SQLite's GetCase"))
                print(line("  write    LaunchQuery, durable, over \(concurrency) cases", round.writes, against: round.getCase, "GetCase"))
                print("           \(round.writeRuns.count) passes, alternating 1 and 2 servers, medians above: GetCase \(rates(round.getCaseRuns)) /s; writes \(rates(round.writeRuns)) /s")
                if let commits = round.commits, commits.commits > 0 {
                    print(String(format: "           %d writes in %d commits (%.1f a commit)", commits.writes, commits.commits,
                                 Double(commits.writes) / Double(commits.commits))
                          + (round.busy.map { String(format: "; the machine's cores %.0f %% busy while writing (median)", $0 * 100) } ?? ""))
                }
            }
            print(String(format: "PostgreSQL: durable writes with 2 servers %.2f× 1 server (medians; pass by pass %@); 1 server %.2f× SQLite's group commit",
                         rate(two.writes) / rate(one.writes),
                         zip(ones, twos).map { String(format: "%.2f×", $0.writes / $1.writes) }.joined(separator: ", "),
                         rate(one.writes) / rate(on.writes)))
        }
        if seedCases > 0 { try await scale(seedCases: seedCases) }
    }

    /// Read latencies on a small store (1,000 seeded cases) and after seeding `seedCases` cases in
    /// all, in bulk and alike (10 % pending, half of those overdue; 2,000 judges; 10 control requests
    /// a case, 2 % unanswered), so every read answers the same page sizes before and after.
    static func scale(seedCases: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-scale-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = Self.configuration(directory)
        let samples = 2_000
        let number = try await serving(configuration) { _, port in
            try await EnforcementClient.with(client(directory, "court-0105", port)) { try await $0.fileCase(filing).number.description }
        }
        // Templates: the filed case and one of its queries, as the store keeps them.
        let store = try SQLiteStore(path: configuration.databasePath)
        let caseNumber = try CaseNumber(parsing: number)
        let (template, request) = try await store.read { reader in
            (try reader.cases.record(caseNumber)!, try reader.controls.requests(ofCase: caseNumber)[0])
        }
        let courts = CourtRegistry.shanghai.courts.keys.sorted { $0.value < $1.value }
        let institutions = InstitutionRegistry.development.connected.map(\.id)
        let requestsPerCase = 10
        let seed: @Sendable (any StoreTransaction, Int) throws -> Void = { tx, index in
            var record = template
            record.number = CaseNumber(year: 2025, court: courts[index % courts.count], type: .first, sequence: 1 + index / courts.count)
            record.handlingJudge = "judge-\(index % 2_000)"
            record.filedOn = CalendarDate(year: 2025, month: 1 + index % 12, day: 1 + index % 28)
            if index % 10 != 0 {
                record.status = .closed
                record.closing = Closing(mode: .fullyEnforced, on: record.filedOn.adding(days: 30), documentNumber: "（2025）结\(index)")
            } else if index % 20 == 0 {
                record.filedOn = CalendarDate(year: 2026, month: 11, day: 1)  // pending, not yet overdue
            }
            try tx.cases.insert(record)
            for slot in 0..<requestsPerCase {
                var copy = request
                copy.caseNumber = record.number
                copy.institution = institutions[(index + slot) % institutions.count]
                copy.status = (index * requestsPerCase + slot) % 50 == 0 ? .pending : .answered
                _ = try tx.controls.insert(copy)
            }
        }
        let small = min(1_000, seedCases)
        try await store.seedWithoutJournal(0..<small, seed)
        let before = try await serving(configuration) { _, port in
            try await readLatencies(directory, port: port, number: number, samples: samples)
        }
        let seedStart = ContinuousClock.now
        try await store.seedWithoutJournal(small..<seedCases, seed)
        let seedSeconds = seconds(since: seedStart)
        let size = (try? FileManager.default.attributesOfItem(atPath: configuration.databasePath)[.size] as? Int) ?? 0
        let after = try await serving(configuration) { _, port in
            try await readLatencies(directory, port: port, number: number, samples: samples)
        }
        print("scale: \(seedCases) cases and \(seedCases * requestsPerCase) control requests (seeded in \(Int(seedSeconds)) s;"
              + " file \(size / 1_048_576) MiB, \(size / seedCases) B a case with its requests); \(samples) calls each, 4 in flight")
        print("read".padding(toLength: 48, withPad: " ", startingAt: 0) + " \(small) cases p50/p99 ms  \(seedCases) cases p50/p99 ms  p99 ratio")
        for (name, small) in before {
            guard let large = after.first(where: { $0.0 == name })?.1 else { continue }
            print(name.padding(toLength: 48, withPad: " ", startingAt: 0)
                  + String(format: "    %6.2f / %6.2f        %6.2f / %6.2f        %5.2f×", small.p50, small.p99, large.p50, large.p99, large.p99 / small.p99))
        }
    }

    /// A server on a free port of 127.0.0.1 with its data in `directory`, no public listener, monitors
    /// idle (once an hour) so they do not compete with the figures.
    static func configuration(_ directory: URL, groupCommit: Bool = true) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.port = 0
        configuration.publicPort = nil
        configuration.healthPort = nil
        configuration.metricsPort = nil
        configuration.dashboardPort = nil
        configuration.groupCommit = groupCommit
        configuration.monitorInterval = .seconds(3_600)
        return configuration
    }

    /// Runs the server on `configuration` (graceful stop afterwards) around `body`.
    static func serving<R: Sendable>(
        _ configuration: ServerConfiguration, _ body: @escaping @Sendable (EnforcementApplication, Int) async throws -> R
    ) async throws -> R {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let app = try EnforcementApplication(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            group.addTask {
                defer { app.beginGracefulShutdown() }
                return try await body(app, try await app.listeningPort)
            }
            var result: R?
            while let next = try await group.next() { if let next { result = next } }
            guard let result else { throw BenchError("the server stopped before the benchmark ended") }
            return result
        }
    }

    static func client(_ directory: URL, _ identity: String, _ port: Int) -> ClientConfiguration {
        let user = identity == "command-centre" ? CourtUser(id: "duty", roles: [.commandOfficer])
            : identity.hasPrefix("court") ? CourtUser(id: "bench", roles: [.judge, .clerk]) : nil
        var configuration = ClientConfiguration.development(dataDirectory: directory.path, identity: identity, port: port, user: user)
        configuration.timeout = .seconds(120)
        return configuration
    }

    /// p50 and p99 (milliseconds) of each read, `samples` calls with 4 in flight.
    static func readLatencies(_ directory: URL, port: Int, number: String, samples: Int) async throws -> [(String, (p50: Double, p99: Double))] {
        var results: [(String, (p50: Double, p99: Double))] = []
        try await EnforcementClient.with(client(directory, "court-0105", port)) { court in
            results.append(("GetCase", try await percentiles(samples) { _ = try await court.getCase(number) }))
            results.append(("ListCases, a court's first page of 50", try await percentiles(samples) { _ = try await court.listCases(court: "沪0105") }))
            results.append(("ListCases, a judge matching nothing", try await percentiles(samples) {
                _ = try await court.listCases(court: "沪0105", handlingJudge: "nobody") }))
        }
        try await EnforcementClient.with(client(directory, "command-centre", port)) { centre in
            results.append(("ListCases, the city's overdue (command centre)", try await percentiles(samples) {
                _ = try await centre.listCases(overdueOnly: true) }))
        }
        try await EnforcementClient.with(client(directory, "bank-icbc-sh", port)) { bank in
            results.append(("PullRequests, a bank's unanswered", try await percentiles(samples) {
                _ = try await bank.pullRequests(after: 0, unansweredOnly: true) }))
        }
        return results
    }

    static func percentiles(_ samples: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> (p50: Double, p99: Double) {
        final class Durations: @unchecked Sendable {
            let lock = NSLock()
            var values: [Double] = []
        }
        let durations = Durations()
        _ = try await timed(min(200, samples), concurrency: 4) { _ in try await call() }  // warm-up
        _ = try await timed(samples, concurrency: 4) { _ in
            let start = ContinuousClock.now
            try await call()
            let elapsed = seconds(since: start) * 1_000
            durations.lock.withLock { durations.values.append(elapsed) }
        }
        let sorted = durations.lock.withLock { durations.values.sorted() }
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))])
    }

    static func measure(groupCommit: Bool, total: Int, concurrency: Int) async throws -> Round {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = Self.configuration(directory, groupCommit: groupCommit)
        return try await serving(configuration) { app, port in
            // The echo listener, beside the server (whose start made the development PKI).
            let pki = configuration.developmentPKI
            let tls = ServerConfiguration.TLSFiles(certificateChain: pki.serverCertificate.path, privateKey: pki.serverKey.path,
                                                   clientCA: pki.caCertificate.path)
            let echoTransport = EnforcementApplication.mainTransport(
                configuration, tls: tls, connectionGuard: EnforcementApplication.mainConnectionGuard(configuration))
            let echoServer = GRPCServer(transport: echoTransport, services: [EchoService()])
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await echoServer.serve() }
                defer { echoServer.beginGracefulShutdown() }
                guard let echoPort = try await echoTransport.listeningAddress.ipv4?.port else { throw BenchError("the echo listener has no IPv4 port") }
                return try await rounds(app, port: port, echoPort: echoPort, directory: directory, total: total, concurrency: concurrency)
            }
        }
    }

    /// `store-one read|write`: `GetCase` or `LaunchQuery` alone on SQLite with group commit, five
    /// passes of `total` calls, each pass's rate with the process's CPU time per call and the share
    /// of the machine's cores busy; a run to put under `perf record` or `perf sched` (the `store`
    /// figures alternate the two calls, so a profile of them mixes both).
    static func one(write: Bool, total: Int, concurrency: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-one-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await serving(configuration(directory)) { _, port in
            try await EnforcementClient.with(client(directory, "court-0105", port)) { court in
                let read = try await court.fileCase(filing).number.description
                let written = try await court.fileCase(filing).number.description
                _ = try await timed(200, concurrency: concurrency) { _ in _ = try await court.getCase(read) }
                print("store-one: \(write ? "LaunchQuery, durable" : "GetCase"), \(total) calls a pass, \(concurrency) in flight, SQLite with group commit")
                for pass in 1...5 {
                    let machine = MachineTime.now(), cpu = processSeconds()
                    let seconds = try await timed(total, concurrency: concurrency) { _ in
                        if write {
                            _ = try await court.launchQuery(LaunchQuery(caseNumber: written, institutionID: "ICBC-SH", documentNumber: "bench"))
                        } else {
                            _ = try await court.getCase(read)
                        }
                    }
                    let perCall = (processSeconds() - cpu) / Double(total) * 1_000_000
                    print(String(format: "  pass %d: %6.0f /s, %4.0f µs of CPU a call (server and client)", pass, Double(total) / seconds, perCall)
                          + (MachineTime.busyShare(since: machine).map { String(format: ", the machine's cores %.0f %% busy", $0 * 100) } ?? ""))
                }
            }
        }
    }

    /// The process's CPU time so far (user and system), in seconds.
    static func processSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// One round's figures against a running server and echo listener.
    static func rounds(_ app: EnforcementApplication, port: Int, echoPort: Int, directory: URL, total: Int, concurrency: Int) async throws -> Round {
        var round = Round()
        round.echo = try await echo(client(directory, "court-0105", echoPort), total: total, concurrency: concurrency)
        try await EnforcementClient.with(client(directory, "court-0105", port)) { court in
            // The reads read a case the writes never touch, so every pass reads the same record.
            let number = try await court.fileCase(filing).number.description
            let written = try await court.fileCase(filing).number.description
            // Warm-up: connection, token, caches.
            _ = try await timed(200, concurrency: concurrency) { _ in _ = try await court.getCase(number) }
            round.listInstitutions = try await timed(total, concurrency: concurrency) { _ in _ = try await court.institutions() }
            let before = (app.store as? SQLiteStore)?.groupCommitStatistics
            for _ in 0..<passes {
                round.getCaseRuns.append(try await timed(total, concurrency: concurrency) { _ in _ = try await court.getCase(number) })
                round.writeRuns.append(try await timed(total, concurrency: concurrency) { _ in
                    _ = try await court.launchQuery(LaunchQuery(caseNumber: written, institutionID: "ICBC-SH", documentNumber: "bench"))
                })
            }
            round.getCase = median(round.getCaseRuns)
            round.writes = median(round.writeRuns)
            if let after = (app.store as? SQLiteStore)?.groupCommitStatistics {
                round.commits = (after.commits - (before?.commits ?? 0), after.writes - (before?.writes ?? 0))
            }
        }
        return round
    }

    /// Reads and durable writes on PostgreSQL through `servers` servers sharing the database, the
    /// calls split evenly, all servers in this process (as on this 2-core machine they share the CPU
    /// with PostgreSQL and the clients).
    static func postgres(url: String, servers: Int, total: Int, concurrency: Int) async throws -> Round {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-pg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var shared = Self.configuration(directory)
        shared.databaseURL = url
        let configuration = shared
        @Sendable func nested(_ ports: [Int], _ stores: [PostgresStore]) async throws -> Round {
            guard ports.count == servers else {
                return try await serving(configuration) { app, port in
                    try await nested(ports + [port], stores + [app.store as? PostgresStore].compactMap { $0 })
                }
            }
            var round = Round()
            let clients = ports.map { client(directory, "court-0105", $0) }
            let share = total / servers
            let inFlight = max(1, concurrency / servers)
            // The writes are spread over `concurrency` cases, each server's clients writing their own
            // (as a court's judges work their own cases): writes naming different cases run side by
            // side across the servers (see `PostgresStore`); the same case, one after the other.
            let (number, written) = try await EnforcementClient.with(clients[0]) { court in
                let number = try await court.fileCase(filing).number.description
                var written: [String] = []
                for _ in 0..<(inFlight * servers) { written.append(try await court.fileCase(filing).number.description) }
                return (number, written)
            }
            func split(_ call: @escaping @Sendable (EnforcementClient, _ server: Int, _ index: Int) async throws -> Void) async throws -> Double {
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, server) in clients.enumerated() {
                        group.addTask {
                            try await EnforcementClient.with(server) { court in
                                _ = try await timed(100, concurrency: inFlight) { _ in _ = try await court.getCase(number) }  // warm-up
                                _ = try await timed(share, concurrency: inFlight) { try await call(court, index, $0) }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                return seconds(since: start) * Double(total) / Double(share * servers)
            }
            round.getCase = try await split { court, _, _ in _ = try await court.getCase(number) }
            func commits() -> (commits: Int, writes: Int) {
                stores.compactMap(\.groupCommitStatistics).reduce((0, 0)) { ($0.0 + $1.commits, $0.1 + $1.writes) }
            }
            let before = commits()
            let machine = MachineTime.now()
            round.writes = try await split { court, server, index in
                let number = written[server * inFlight + index % inFlight]
                _ = try await court.launchQuery(LaunchQuery(caseNumber: number, institutionID: "ICBC-SH", documentNumber: "bench"))
            }
            round.busy = MachineTime.busyShare(since: machine)
            let after = commits()
            round.commits = (after.commits - before.commits, after.writes - before.writes)
            return round
        }
        return try await nested([], [])
    }

    /// The echo ceiling: the client library's own transport, a 64-byte message each way.
    static func echo(_ configuration: ClientConfiguration, total: Int, concurrency: Int) async throws -> Double {
        try await withGRPCClient(transport: try configuration.transport()) { grpc in
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
