import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsReverse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse", abstract: "Correct a receipt or a match of your court's case by a reversing transfer.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Transfer id (T…), from `funds statement`.") var transfer: String
    @Option(help: "Why it is corrected.") var reason: String

    func run() async throws {
        let reversal = try await connection.run { try await $0.reverseTransfer(ReverseTransfer(transferID: transfer, reason: reason)) }
        if connection.json { try Output.json(reversal); return }
        Output.transfers([reversal])
    }
}
