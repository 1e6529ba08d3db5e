import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseTimeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline", abstract: "A case's process nodes, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String

    func run() async throws {
        let events = try await connection.run { try await $0.timeline(caseNumber) }
        if connection.json { try Output.json(events); return }
        Output.table(
            ["#", "date", "node", "by", "document", "due", "note"],
            events.map {
                [String($0.sequence), $0.occurredOn.description, ProcessNodeCatalogue.standard.node($0.nodeCode)?.nameZh ?? $0.nodeCode,
                 $0.recordedBy, $0.documentNumber ?? "", ($0.dueOn?.description ?? "") + ($0.late ? " LATE" : ""), $0.note ?? ""]
            })
    }
}
