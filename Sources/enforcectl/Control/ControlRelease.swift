import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release a freeze or a waiting-list seal (解冻/解封), wholly or in part; refused while a deduction is pending.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Freeze request id.") var freezeRequest: String
    @Option(help: "Document number of the ruling.") var document: String
    @Option(help: "Release only this amount, in yuan (default: the whole control).") var amount: Yuan?

    func run() async throws {
        let request = try await connection.run {
            try await $0.release(ReleaseFreeze(freezeRequestID: freezeRequest, documentNumber: document, amountFen: amount?.fen ?? 0))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
    }
}
