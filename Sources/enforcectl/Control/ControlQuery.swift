import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Query the debtors' assets at one institution, or at every connected one (查询).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Institution id (see 'control institutions'); default: every connected institution.") var institution: String?
    @Option(help: "Document number of the legal basis (assistance notice).") var document: String

    func run() async throws {
        let requests = try await connection.run {
            try await $0.launchQuery(LaunchQuery(caseNumber: caseNumber, institutionID: institution, documentNumber: document))
        }
        if connection.json { try Output.json(requests); return }
        Output.requests(requests)
    }
}
