import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign the handling judge (承办法官).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Argument(help: "Handling judge.") var judge: String

    func run() async throws {
        let summary = try await connection.run { try await $0.assignJudge(AssignJudge(caseNumber: caseNumber, handlingJudge: judge)) }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
