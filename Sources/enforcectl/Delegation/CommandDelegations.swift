import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

struct CommandDelegations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delegations",
        abstract: "Command centre (--as command-centre): tasks sent and received per court in a period, overdue tasks, routing decisions.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "First day, YYYY-MM-DD (default: 90 days ago).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD (default: today).") var to: String?

    func run() async throws {
        let today = CalendarDate(.now)
        guard let end = to.map({ CalendarDate(iso: $0) }) ?? today, let start = from.map({ CalendarDate(iso: $0) }) ?? end.adding(days: -90) else {
            throw ValidationError("dates are YYYY-MM-DD")
        }
        let report = try await connection.run { try await $0.delegationReport(from: start, to: end) }
        if connection.json { try Output.json(report); return }
        print("\(report.from) – \(report.to): \(report.inbound) in from other provinces, \(report.outbound) out to other provinces")
        Output.table(["court", "sent", "received"], report.counts.map { [$0.court.value, String($0.sent), String($0.received)] })
        print("\noverdue (\(report.overdue.count)):")
        Output.tasks(report.overdue)
        print("\nrouting decisions (\(report.routed.count)):")
        Output.tasks(report.routed)
    }
}
