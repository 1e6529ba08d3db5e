import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsOutbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Messages to push to the judge and the parties (delivery comes with the notification outbox).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number (the command centre may omit it).") var caseNumber: String?
    @Option(help: "Only messages after this sequence.") var after: Int64 = 0

    func run() async throws {
        let messages = try await connection.run { try await $0.outbox(caseNumber: caseNumber, after: after) }
        if connection.json { try Output.json(messages); return }
        Output.table(["seq", "case", "to", "name", "template", "text"], messages.map {
            [String($0.sequence), $0.caseNumber.description, $0.recipient.rawValue, $0.name, $0.template, $0.text]
        })
    }
}
