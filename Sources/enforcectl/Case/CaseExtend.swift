import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseExtend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Ask for the one extension of the time limit, by 1-3 months (--role judge or clerk); the court president decides it with `case decide-extension`.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "Months, 1-3.") var months: Int
    @Option(help: "Why the limit should be extended.") var reason: String

    func run() async throws {
        let summary = try await connection.run {
            try await $0.extendLimit(ExtendLimit(caseNumber: caseNumber, months: months, reason: reason))
        }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}

struct CaseDecideExtension: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide-extension",
        abstract: "The court president (--role president) approves the extension a case awaits, or refuses it with --refuse.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Option(help: "The approval document's number (to approve).") var document: String = ""
    @Flag(help: "Refuse the extension instead (give --reason).") var refuse = false
    @Option(help: "Why it is refused (or a remark on the approval).") var reason: String = ""

    func run() async throws {
        let summary = try await connection.run {
            try await $0.decideExtension(DecideExtension(caseNumber: caseNumber, approve: !refuse, documentNumber: document, reason: reason))
        }
        try Output.caseOrJSON(summary, json: connection.json)
    }
}
