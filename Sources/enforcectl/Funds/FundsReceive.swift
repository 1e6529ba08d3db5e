import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsReceive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "For the custodian bank (--as custodian-boc-sh): report money received into the escrow accounts.",
        discussion: "The bank transaction id makes a repeated report harmless; the same id with other details is refused.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("bank-transaction"), help: "The bank's transaction id.") var bankTransaction: String
    @Option(help: "Amount in yuan.") var amount: Yuan
    @Option(help: "The account number written on the transfer (may be empty).") var account: String = ""
    @Option(help: "Payer's name.") var payer: String
    @Option(name: .customLong("payer-account"), help: "Payer's bank account.") var payerAccount: String
    @Option(help: "Free text of the transfer (a deduction request id CR… links it).") var reference: String = ""
    @Option(help: "When the bank received it (ISO 8601, e.g. 2026-11-28T09:30:00+08:00); a repeat must give the same.") var at: String

    func run() async throws {
        let receipt = try await connection.run {
            try await $0.reportReceipt(ReportReceipt(bankTransactionID: bankTransaction, payerName: payer, payerAccount: payerAccount,
                                                     amountFen: amount.fen, accountWritten: account, reference: reference, receivedAt: at))
        }
        if connection.json { try Output.json(receipt); return }
        Output.receipts([receipt])
    }
}
