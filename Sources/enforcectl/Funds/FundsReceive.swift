import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

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
    @Option(help: "When the bank received it (ISO 8601); default now.") var at: String?

    func run() async throws {
        let receivedAt = at ?? ISO8601DateFormatter().string(from: Date())
        let receipt = try await connection.run {
            try await $0.reportReceipt(ReportReceipt(bankTransactionID: bankTransaction, payerName: payer, payerAccount: payerAccount,
                                                     amountFen: amount.fen, accountWritten: account, reference: reference, receivedAt: receivedAt))
        }
        if connection.json { try Output.json(receipt); return }
        Output.receipts([receipt])
    }
}
