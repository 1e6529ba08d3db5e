import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

struct FundsSuspense: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspense", abstract: "The suspense items as they stood at an instant, e.g. --month-end 2026-11 (must be empty at month end).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("month-end"), help: "A month YYYY-MM: its last instant.") var monthEnd: String?

    func run() async throws {
        var instant: Date?
        if let monthEnd {
            guard let first = CalendarDate(iso: monthEnd + "-01") else { throw ValidationError("--month-end is YYYY-MM") }
            instant = first.adding(months: 1).startInstant.addingTimeInterval(-0.001)
        }
        let receipts = try await connection.run { [instant] in try await $0.suspense(asOf: instant) }
        if connection.json { try Output.json(receipts); return }
        Output.receipts(receipts)
        let total = receipts.reduce(Int64(0)) { $0 + $1.amount.fen }
        print("\(receipts.count) item(s) in suspense, ¥\(Money(fen: total))")
    }
}
