import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlDeduct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deduct", abstract: "Deduct frozen money into the case's escrow account (扣划), at most what the freeze controls.",
        discussion: "From a natural person's deposits the deduction leaves the local minimum living standard × (1 + dependants) × months.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Freeze request id.") var freezeRequest: String
    @Option(help: "Amount in yuan.") var amount: Yuan
    @Option(help: "Document number of the ruling.") var document: String
    @Option(help: "The case's escrow account to pay into (default: the first debtor's).") var escrowAccount: String = ""
    @Option(help: "Dependants whose living expenses are left (a natural person's deposits).") var dependants = 0
    @Option(help: "Months of living expenses left (default 1).") var months = 0

    func run() async throws {
        let request = try await connection.run {
            try await $0.deduct(DeductFrozen(freezeRequestID: freezeRequest, amountFen: amount.fen, documentNumber: document,
                                             escrowAccount: escrowAccount, dependants: dependants, months: months))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
        Output.notes([request])
    }
}
