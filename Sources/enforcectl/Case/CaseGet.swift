import ArgumentParser
import EnforcementClient

struct CaseGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one case.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number, e.g. '（2026）沪0105执1号' (ASCII parentheses are fine).") var caseNumber: String

    func run() async throws {
        try Output.caseOrJSON(try await connection.run { try await $0.getCase(caseNumber) }, json: connection.json)
    }
}
