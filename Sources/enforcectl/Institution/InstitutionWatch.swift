import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation
import Synchronization

struct InstitutionWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print the requests addressed to this institution as they arrive (unanswered ones first).",
        discussion: "Runs until interrupted; reconnects after a dropped connection. Use --as bank-icbc-sh (or --cert/--key).")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Stop after the backlog: exit when no request arrived for 2 seconds.") var once = false

    func run() async throws {
        var delay = 1
        while true {
            do {
                try await EnforcementClient.with(try connection.configuration) { client in
                    if once {
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            let last = LastArrival()
                            group.addTask { try await client.watchRequests { last.touch(); try print($0, json: connection.json) } }
                            group.addTask { while !last.quietFor(seconds: 2) { try await Task.sleep(for: .milliseconds(200)) } }
                            try await group.next()
                            group.cancelAll()
                        }
                    } else {
                        try await client.watchRequests { try print($0, json: connection.json) }
                    }
                }
                if once { return }
                delay = 1
            } catch let error as EnforcementError where error.code == .unavailable {
                FileHandle.standardError.write(Data("connection lost (\(error.message)); reconnecting in \(delay) s\n".utf8))
            } catch let error as EnforcementError {
                Output.error(error)
                throw ExitCode(1)
            }
            try await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, 30)
        }
    }

    private func print(_ request: ControlRequest, json: Bool) throws {
        if json {
            try Output.json(request)
            return
        }
        let what = switch request.action {
        case .query: "query of " + request.debtors.map { "\($0.name) \($0.idNumber)" }.joined(separator: "; ")
        case .freeze: "freeze ¥\(request.amount ?? Money(fen: 0)) on \(request.asset?.identifier ?? "?") until \(request.endOn?.description ?? "?")"
        case .renew: "renew \(request.freezeRequestID ?? "?") until \(request.endOn?.description ?? "?")"
        case .release: "release \(request.freezeRequestID ?? "?")"
        case .deduct: "deduct ¥\(request.amount ?? Money(fen: 0)) under \(request.freezeRequestID ?? "?")"
        }
        Swift.print("\(request.id)  \(request.caseNumber)  \(request.documentNumber)  \(what)  (answer by \(request.answerDueAt))")
    }
}

/// When the last request arrived, for `--once`.
final class LastArrival: Sendable {
    private let last = Mutex(Date())
    func touch() { last.withLock { $0 = Date() } }
    func quietFor(seconds: Double) -> Bool { last.withLock { Date().timeIntervalSince($0) >= seconds } }
}
