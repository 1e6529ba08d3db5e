import ArgumentParser
import EnforcementClient
import EnforcementCore

struct PayoutPropose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "The judge proposes a payout (the amount is reserved at once); the proposal is the judge's approval.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Escrow account number to pay from.") var account: String
    @Option(help: "payee or enforcement_fee.") var purpose: PayoutPurpose = .payee
    @Option(help: "Payee's name.") var payee: String
    @Option(name: .customLong("payee-account"), help: "Payee's bank account.") var payeeAccount: String
    @Option(name: .customLong("payee-bank"), help: "Payee's bank.") var payeeBank: String
    @Option(help: "Amount in yuan.") var amount: Yuan
    @Option(help: "Note.") var note: String = ""

    func run() async throws {
        let payout = try await connection.run {
            try await $0.proposePayout(ProposePayout(caseNumber: caseNumber, escrowAccount: account, purpose: purpose, payeeName: payee,
                                                     payeeAccount: payeeAccount, payeeBank: payeeBank, amountFen: amount.fen, note: note))
        }
        if connection.json { try Output.json(payout); return }
        Output.payout(payout)
    }
}
