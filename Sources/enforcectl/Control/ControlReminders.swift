import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlReminders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders", abstract: "Overdue answers, freezes ending in 30 or 7 days, lapsed freezes.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this case.") var caseNumber: String?
    @Option(help: "After this sequence number.") var after: Int64 = 0
    @Option(help: "At most this many (1-500).") var limit = 100

    func run() async throws {
        let reminders = try await connection.run { try await $0.reminders(caseNumber: caseNumber, after: after, limit: limit) }
        if connection.json { try Output.json(reminders); return }
        Output.table(["#", "kind", "case", "institution", "judge", "request", "message"], reminders.map {
            [String($0.sequence), $0.kind.rawValue, $0.caseNumber.description, $0.institution, $0.handlingJudge, $0.requestID, $0.message]
        })
    }
}
