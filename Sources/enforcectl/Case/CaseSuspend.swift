import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseSuspend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Suspend enforcement (中止执行); suspended days do not count.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Reason.") var reason: String
    @Option(help: "Ruling number.") var document: String

    func run() async throws {
        let summary = try await connection.run { try await $0.suspend(SuspendCase(caseNumber: caseNumber, reason: reason, documentNumber: document)) }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
