import ArgumentParser
import EnforcementClient
import EnforcementCore

struct PayoutList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Payouts of a case; the custodian bank and command centre may list all (e.g. --status approved).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String?
    @Option(help: "awaiting_bureau_chief, awaiting_finance, approved, paid, failed or rejected.") var status: Payout.Status?
    @Option(help: "Only payouts after this position.") var after: Int64 = 0

    func run() async throws {
        let payouts = try await connection.run { try await $0.payouts(caseNumber: caseNumber, status: status, after: after) }
        if connection.json { try Output.json(payouts); return }
        Output.payouts(payouts)
    }
}
