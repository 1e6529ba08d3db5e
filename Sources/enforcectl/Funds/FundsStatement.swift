import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsStatement: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statement", abstract: "A case's ledger transfers, in order.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Only transfers after this position.") var after: Int64 = 0

    func run() async throws {
        let transfers = try await connection.run { try await $0.statement(ofCase: caseNumber, after: after) }
        if connection.json { try Output.json(transfers); return }
        Output.transfers(transfers)
    }
}
