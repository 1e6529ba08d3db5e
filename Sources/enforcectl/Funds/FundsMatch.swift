import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "match", abstract: "Match a suspense receipt to an escrow account: a court its own case for an item whose reference names it, the command centre any.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The receipt's bank transaction id.") var bankTransaction: String
    @Option(help: "Escrow account number.") var account: String
    @Option(help: "Why the money belongs to this case (required).") var note: String

    func run() async throws {
        let receipt = try await connection.run {
            try await $0.matchReceipt(MatchReceipt(bankTransactionID: bankTransaction, escrowAccount: account, note: note))
        }
        if connection.json { try Output.json(receipt); return }
        Output.receipts([receipt])
    }
}
