import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseExtend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Extend the time limit once, by 1-3 months (court president's approval).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Months, 1-3.") var months: Int
    @Option(help: "The approving court president.") var approvedBy: String
    @Option(help: "Approval document number.") var document: String

    func run() async throws {
        let summary = try await connection.run {
            try await $0.extendLimit(ExtendLimit(caseNumber: caseNumber, months: months, approvedBy: approvedBy, documentNumber: document))
        }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
