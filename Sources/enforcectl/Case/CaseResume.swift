import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a suspended case (恢复执行).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Document number.") var document: String

    func run() async throws {
        let summary = try await connection.run { try await $0.resume(ResumeCase(caseNumber: caseNumber, documentNumber: document)) }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
