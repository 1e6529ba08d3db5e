import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the ledger: debits = credits, no escrow below zero, bank = escrow + suspense, totals = transfers (exit 2 on a problem).")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let check = try await connection.run { try await $0.checkLedger() }
        if connection.json {
            try Output.json(check)
        } else {
            print("\(check.accounts) accounts, \(check.transfers) transfers")
            print("bank ¥\(check.bank) = escrow ¥\(check.escrow) + suspense ¥\(check.suspense); reserved for payouts ¥\(check.pendingPayouts)")
            print(check.problems.isEmpty ? "ledger OK" : check.problems.map { "PROBLEM: \($0)" }.joined(separator: "\n"))
        }
        if !check.problems.isEmpty { throw ExitCode(2) }
    }
}
