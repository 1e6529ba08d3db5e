import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsReceipts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts", abstract: "Receipts of a case, or (--status suspense) the items waiting to be matched.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String?
    @Option(help: "credited, suspense, matched or reversed.") var status: Receipt.Status?
    @Option(help: "Only receipts after this position.") var after: Int64 = 0

    func run() async throws {
        let receipts = try await connection.run { try await $0.receipts(caseNumber: caseNumber, status: status, after: after) }
        if connection.json { try Output.json(receipts); return }
        Output.receipts(receipts)
    }
}
