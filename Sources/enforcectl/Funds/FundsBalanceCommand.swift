import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsShowBalance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "balance", abstract: "A case's escrow accounts, payouts and enforcement fee.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number, e.g. （2026）沪0105执1号.") var caseNumber: String

    func run() async throws {
        let balance = try await connection.run { try await $0.balance(ofCase: caseNumber) }
        if connection.json { try Output.json(balance); return }
        Output.accounts(balance.accounts)
        print("enforcement fee on the amount sought: ¥\(balance.enforcementFee)")
        if !balance.payouts.isEmpty {
            print("")
            Output.payouts(balance.payouts)
        }
    }
}
