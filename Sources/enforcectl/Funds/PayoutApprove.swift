import ArgumentParser
import EnforcementClient
import EnforcementCore

struct PayoutApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a payout at your stage: bureau_chief, then finance (each a different --user).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Payout id (P…).") var payout: String
    @Option(help: "bureau_chief or finance.") var stage: ApprovalStage

    func run() async throws {
        let approved = try await connection.run { try await $0.approvePayout(ApprovePayout(payoutID: payout, stage: stage)) }
        if connection.json { try Output.json(approved); return }
        Output.payout(approved)
    }
}
