import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Record a process node of a case, e.g. execution_notice_sent.",
        discussion: "Codes: " + ProcessNodeCatalogue.standard.nodes.filter { $0.viaOwnCall != true }.map(\.code).joined(separator: ", "))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Argument(help: "Node code.") var node: String
    @Option(help: "Document number.") var document: String?
    @Option(help: "Note.") var note: String?

    func run() async throws {
        let event = try await connection.run {
            try await $0.recordNode(RecordNode(caseNumber: caseNumber, nodeCode: node, documentNumber: document, note: note))
        }
        if connection.json { try Output.json(event); return }
        let name = ProcessNodeCatalogue.standard.node(event.nodeCode)?.nameZh ?? event.nodeCode
        print("recorded \(name) (\(event.nodeCode)) on \(event.occurredOn)" + (event.late ? ", LATE: due \(event.dueOn?.description ?? "")" : ""))
    }
}
