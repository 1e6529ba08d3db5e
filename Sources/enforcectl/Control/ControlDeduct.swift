import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlDeduct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deduct", abstract: "Deduct frozen money into the case's funds account (扣划), at most what the freeze controls.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Freeze request id.") var freezeRequest: String
    @Option(help: "Amount in yuan.") var amount: Yuan
    @Option(help: "Document number of the ruling.") var document: String

    func run() async throws {
        let request = try await connection.run {
            try await $0.deduct(DeductFrozen(freezeRequestID: freezeRequest, amountFen: amount.fen, documentNumber: document))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
    }
}
