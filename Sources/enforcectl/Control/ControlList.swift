import ArgumentParser
import EnforcementClient
import EnforcementCore

struct ControlList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "A case's network requests, their answers and control states.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Case number.") var caseNumber: String
    @Flag(help: "Also print the holdings each query found.") var holdings = false

    func run() async throws {
        let requests = try await connection.run { try await $0.controlRequests(ofCase: caseNumber) }
        if connection.json { try Output.json(requests); return }
        Output.requests(requests)
        Output.notes(requests)
        guard holdings else { return }
        for request in requests {
            if case .query(let found)? = request.answer, !found.isEmpty {
                print("\n\(request.id) \(request.institution):")
                Output.holdings(found)
            }
        }
    }
}
