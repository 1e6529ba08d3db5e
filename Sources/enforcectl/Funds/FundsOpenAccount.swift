import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsOpenAccount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-account", abstract: "Open one more escrow account of a case for another payer (debtors get one at filing).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "The payer the account is for.") var payer: String

    func run() async throws {
        let account = try await connection.run { try await $0.openEscrowAccount(OpenEscrowAccount(caseNumber: caseNumber, payerName: payer)) }
        if connection.json { try Output.json(account); return }
        Output.accounts([account])
    }
}
