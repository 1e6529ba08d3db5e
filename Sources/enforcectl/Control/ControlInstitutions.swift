import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlInstitutions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "institutions", abstract: "The assisting institutions: assets held, requests taken, answer deadlines.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let institutions = try await connection.run { try await $0.institutions() }
        if connection.json { try Output.json(institutions); return }
        Output.table(["id", "name", "kind", "assets", "actions", "connected", "hours q/c/d"], institutions.map {
            [$0.id, $0.name, $0.kind.rawValue, $0.assetKinds.map(\.rawValue).joined(separator: ","), $0.actions.map(\.rawValue).joined(separator: ","),
             $0.connected ? "yes" : "no", "\($0.answerHours.query)/\($0.answerHours.control)/\($0.answerHours.deduction)"]
        })
    }
}
