import ArgumentParser
import EnforcementClient
import EnforcementCore

struct CaseList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases (your court's; the command centre any court's).")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Court code, e.g. 沪0105.") var court: String?
    @Option(help: "Handling judge.") var judge: String?
    @Option(help: "pending, suspended or closed.") var status: CaseStatus?
    @Flag(help: "Only pending cases past their due date.") var overdue = false
    @Option(help: "Cases per page (1-500).") var pageSize = 50
    @Option(help: "Token printed after the previous page.") var pageToken = ""

    func run() async throws {
        let page = try await connection.run {
            try await $0.listCases(court: court, handlingJudge: judge, status: status, overdueOnly: overdue, pageSize: pageSize, pageToken: pageToken)
        }
        if connection.json {
            struct Page: Encodable { var cases: [CaseSummary]; var nextPageToken: String }
            try Output.json(Page(cases: page.cases, nextPageToken: page.nextPageToken))
            return
        }
        Output.table(
            ["case number", "status", "judge", "filed", "due", "overdue", "amount"],
            page.cases.map {
                [$0.number.description, $0.status.rawValue, $0.handlingJudge ?? "-", $0.filedOn.description,
                 $0.dueOn?.description ?? "-", $0.overdue ? "YES" : "", "¥\($0.amountSought)"]
            })
        if !page.nextPageToken.isEmpty { print("next page: --page-token \(page.nextPageToken)") }
    }
}
