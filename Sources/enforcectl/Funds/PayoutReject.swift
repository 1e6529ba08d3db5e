import ArgumentParser
import EnforcementClient
import EnforcementCore

struct PayoutReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Refuse (or, as the judge, withdraw) a payout not yet approved; the reserved amount is released.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Payout id (P…).") var payout: String
    @Option(help: "Why.") var reason: String

    func run() async throws {
        let rejected = try await connection.run { try await $0.rejectPayout(RejectPayout(payoutID: payout, reason: reason)) }
        if connection.json { try Output.json(rejected); return }
        Output.payouts([rejected])
    }
}
