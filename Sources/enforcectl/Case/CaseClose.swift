import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a case (结案).",
        discussion: "Modes: " + ClosingMode.allCases.map(\.rawValue).joined(separator: ", "))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Closing mode.") var mode: ClosingMode
    @Option(help: "Closing document number.") var document: String
    @Flag(help: "For termination_of_round: the debtor meets the dishonest-list conditions.") var debtorMeetsListingConditions = false

    func run() async throws {
        let summary = try await connection.run {
            try await $0.close(CloseCase(caseNumber: caseNumber, mode: mode, documentNumber: document, debtorMeetsListingConditions: debtorMeetsListingConditions))
        }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
