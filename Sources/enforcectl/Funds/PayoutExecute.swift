import ArgumentParser
import EnforcementClient
import EnforcementCore

struct PayoutExecute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "For the custodian bank (--as custodian-boc-sh): report an approved payout executed, or --failed with the reason.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Payout id (P…).") var payout: String
    @Option(name: .customLong("bank-transaction"), help: "The bank's transaction id of the payment.") var bankTransaction: String?
    @Option(help: "The payment failed: the bank's reason.") var failed: String?

    func validate() throws {
        guard (bankTransaction == nil) != (failed == nil) else {
            throw ValidationError("give either --bank-transaction (paid) or --failed REASON")
        }
    }

    func run() async throws {
        let result = try await connection.run { client in
            if let failed { return try await client.failPayout(FailPayout(payoutID: payout, reason: failed)) }
            return try await client.confirmPayout(ConfirmPayout(payoutID: payout, bankTransactionID: bankTransaction ?? ""))
        }
        if connection.json { try Output.json(result); return }
        Output.payouts([result])
    }
}
