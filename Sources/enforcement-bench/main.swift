import EnforcementClient
import EnforcementCore
import Foundation

// Load figures of network asset control against a running server (scripts/bench-control.sh starts a
// release build): how fast one institution's stream delivers its requests, and how many answers per
// second the server durably accepts, each as a ratio to a baseline measured in the same run.
//
//   enforcement-bench DATA_DIR PORT [REQUESTS] [CONCURRENCY]
//   enforcement-bench store [REQUESTS] [CONCURRENCY] [SEED_CASES]   (scripts/bench-store.sh; see StoreBench)
//   enforcement-bench analysis [SEED_CASES]                         (scripts/bench-analysis.sh; see AnalysisBench)
//   enforcement-bench store-one read|write [REQUESTS] [CONCURRENCY] (one kind of call alone, to profile; see StoreBench.one)

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "store-one", ["read", "write"].contains(arguments[2]) {
    try await StoreBench.one(write: arguments[2] == "write", total: arguments.count > 3 ? Int(arguments[3]) ?? 4000 : 4000,
                             concurrency: arguments.count > 4 ? Int(arguments[4]) ?? 64 : 64)
    exit(0)
}
if arguments.count >= 2, arguments[1] == "analysis" {
    // enforcement-bench analysis [SEED_CASES]: see AnalysisBench.
    try await AnalysisBench.run(seedCases: arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000)
    exit(0)
}
if arguments.count >= 2, arguments[1] == "store" {
    // enforcement-bench store [REQUESTS] [CONCURRENCY]: see StoreBench.
    let total = arguments.count > 2 ? Int(arguments[2]) ?? 4000 : 4000
    let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 64 : 64
    let seedCases = arguments.count > 4 ? Int(arguments[4]) ?? 1_000_000 : 1_000_000
    try await StoreBench.run(total: total, concurrency: concurrency, seedCases: seedCases)
    exit(0)
}
guard arguments.count >= 3, let port = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: enforcement-bench DATA_DIR PORT [REQUESTS] [CONCURRENCY]\n".utf8))
    exit(2)
}
let dataDirectory = arguments[1]
let total = arguments.count > 3 ? Int(arguments[3]) ?? 4000 : 4000
let concurrency = arguments.count > 4 ? Int(arguments[4]) ?? 16 : 16

func configuration(_ identity: String, user: String? = nil) -> ClientConfiguration {
    // A court's calls carry a token of a user holding judge and clerk, signed with the development key.
    let courtUser = user.map { CourtUser(id: $0, roles: [.judge, .clerk]) }
    var config = ClientConfiguration.development(dataDirectory: dataDirectory, identity: identity, port: port, user: courtUser)
    config.timeout = .seconds(60)
    return config
}

func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%8.0f /s", Double(count) / seconds) }

let results = try await EnforcementClient.with(configuration("court-0105", user: "bench")) { court in
    let number = try await court.fileCase(filing).number.description
    // Baseline 1: a unary read through the whole stack (mTLS, interceptor, adapter), no store write.
    let reads = total
    let readSeconds = try await timed(reads, concurrency: concurrency) { _ in _ = try await court.institutions() }
    // Baseline 2: a durable court write of the same shape as an answer (one request row, journal, idempotency).
    let writeSeconds = try await timed(total, concurrency: concurrency) { _ in
        _ = try await court.launchQuery(LaunchQuery(caseNumber: number, institutionID: "ICBC-SH", documentNumber: "bench"))
    }
    return (number, readSeconds, writeSeconds)
}
let (_, readSeconds, writeSeconds) = results
let expected = total + 1  // the queries launched above and the filing's own

// The stream: time until the whole backlog has arrived at the bank.
let (streamSeconds, requests) = try await EnforcementClient.with(configuration("bank-icbc-sh")) { bank in
    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var items: [ControlRequest] = []
    }
    let box = Box()
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            try await bank.watchRequests { request in
                box.lock.withLock { box.items.append(request) }
            }
        }
        group.addTask {
            while box.lock.withLock({ box.items.count }) < expected { try await Task.sleep(for: .milliseconds(1)) }
        }
        _ = try await group.next()
        group.cancelAll()
    }
    return (seconds(since: start), box.lock.withLock { box.items })
}

// Answers: every delivered request answered once, durably.
let answerSeconds = try await EnforcementClient.with(configuration("bank-icbc-sh")) { bank in
    try await timed(requests.count, concurrency: concurrency) { index in
        let holding = HoldingInput(assetKind: .deposit, identifier: "62220200\(index)", type: "活期", status: "正常", branch: "徐汇支行",
                                   balanceFen: 100_000, availableFen: 100_000)
        _ = try await bank.answerQuery(AnswerQuery(controlRequestID: requests[index].id, holdings: [holding]))
    }
}

print("network asset control, \(total) requests, \(concurrency) calls in flight, one connection per client")
print("baseline  unary read (ListInstitutions)          \(rate(total, readSeconds))")
print("baseline  durable court write (LaunchQuery)      \(rate(total, writeSeconds))")
print("stream    requests delivered (WatchRequests)     \(rate(requests.count, streamSeconds))  = \(String(format: "%.1f", (Double(requests.count) / streamSeconds) / (Double(total) / readSeconds)))× the unary read")
print("answers   durably accepted (AnswerQuery)         \(rate(requests.count, answerSeconds))  = \(String(format: "%.2f", (Double(requests.count) / answerSeconds) / (Double(total) / writeSeconds)))× the court write")

// User tokens: the same unary read (ListProcessNodes) by an institution, which calls by certificate
// alone, and by a court, whose every call carries a user token the server verifies (ES256). The
// client mints its token once and reuses it, so the difference is the server's verification. Two
// interleaved rounds each; the better round of each counts.
var certificateOnly = Double.infinity
var withToken = Double.infinity
for _ in 0..<2 {
    let bankRound = try await EnforcementClient.with(configuration("bank-icbc-sh")) { bank in
        try await timed(total, concurrency: concurrency) { _ in _ = try await bank.processNodes() }
    }
    let courtRound = try await EnforcementClient.with(configuration("court-0105", user: "bench")) { court in
        try await timed(total, concurrency: concurrency) { _ in _ = try await court.processNodes() }
    }
    certificateOnly = min(certificateOnly, bankRound)
    withToken = min(withToken, courtRound)
}
print("baseline  unary read, certificate only (bank)    \(rate(total, certificateOnly))")
print("tokens    unary read, certificate + user token   \(rate(total, withToken))  = \(String(format: "%.2f", certificateOnly / withToken))× the certificate-only read")
