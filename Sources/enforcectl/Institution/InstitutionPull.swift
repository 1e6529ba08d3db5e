import ArgumentParser
import EnforcementClient
import EnforcementCore

struct InstitutionPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "One page of the requests addressed to this institution after a cursor.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Cursor printed by the previous page (0: from the start).") var after: Int64 = 0
    @Option(help: "Page size (1-500).") var limit = 100
    @Flag(help: "Only requests still waiting for an answer.") var unanswered = false

    func run() async throws {
        let page = try await connection.run { try await $0.pullRequests(after: after, limit: limit, unansweredOnly: unanswered) }
        if connection.json {
            struct Page: Encodable { var requests: [ControlRequest]; var nextCursor: Int64 }
            try Output.json(Page(requests: page.requests, nextCursor: page.nextCursor))
            return
        }
        Output.requests(page.requests)
        print("next: --after \(page.nextCursor)")
    }
}
