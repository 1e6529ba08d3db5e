import ArgumentParser
import EnforcementClient
import EnforcementCore
import Foundation

struct FundsReconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare a custodian bank statement (CSV) with the ledger (--as command-centre or custodian-boc-sh).",
        discussion: "CSV lines: date,transaction_id,direction,amount,counterparty,reference (YYYY-MM-DD, in|out, yuan). Exits 2 when there are differences.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The statement file.") var statement: String

    func run() async throws {
        let csv = try String(contentsOfFile: statement, encoding: .utf8)
        let report = try await connection.run { try await $0.reconcile(statementCSV: csv) }
        if connection.json {
            try Output.json(report)
        } else {
            print("\(report.from) – \(report.to): \(report.lines) line(s), \(report.matched) matched, \(report.differences.count) difference(s)")
            if !report.differences.isEmpty {
                Output.table(["kind", "bank txn", "line", "statement", "ledger", "detail"], report.differences.map {
                [$0.kind.rawValue, $0.transactionID, $0.line.map(String.init) ?? "-", $0.statementAmount.map { "¥\($0)" } ?? "-",
                 $0.ledgerAmount.map { "¥\($0)" } ?? "-", $0.detail]
                })
            }
        }
        if !report.differences.isEmpty { throw ExitCode(2) }
    }
}
