import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlRenew: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew", abstract: "Renew an active freeze before its end date (续冻), up to the full term again.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Freeze request id, e.g. CR00000042.") var freezeRequest: String
    @Option(help: "New last day, YYYY-MM-DD.") var until: String
    @Option(help: "Document number of the ruling.") var document: String

    func run() async throws {
        let request = try await connection.run {
            try await $0.renew(RenewFreeze(freezeRequestID: freezeRequest, endOn: until, documentNumber: document))
        }
        if connection.json { try Output.json(request); return }
        Output.requests([request])
    }
}
