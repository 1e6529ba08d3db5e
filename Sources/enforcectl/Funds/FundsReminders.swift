import ArgumentParser
import EnforcementClient
import EnforcementCore

struct FundsReminders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders", abstract: "Suspense items unmatched after 3 days; money held over 30 days without a listed reason.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("case"), help: "Case number.") var caseNumber: String?

    func run() async throws {
        let reminders = try await connection.run { try await $0.fundsReminders(caseNumber: caseNumber) }
        if connection.json { try Output.json(reminders); return }
        Output.table(["seq", "kind", "case", "subject", "message"], reminders.map {
            [String($0.sequence), $0.kind.rawValue, $0.caseNumber?.description ?? "-", $0.subject, $0.message]
        })
    }
}
