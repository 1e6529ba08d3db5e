import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseNodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nodes", abstract: "The catalogue of process nodes and their deadline rules.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let nodes = try await connection.run { try await $0.processNodes() }
        if connection.json { try Output.json(nodes); return }
        Output.table(
            ["code", "node", "name", "pushed", "deadline", "recorded by"],
            nodes.map {
                [$0.code, $0.nameZh, $0.nameEn, $0.pushedToParties ? "yes" : "", $0.deadline?.description ?? "",
                 $0.viaOwnCall == true ? "its own command" : "case node"]
            })
    }
}
