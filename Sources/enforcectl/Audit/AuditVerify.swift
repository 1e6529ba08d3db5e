import ArgumentParser
import EnforcementCore
import EnforcementPostgres
import EnforcementSQLite
import Foundation

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Walk the journal's SHA-256 chain and report the first broken entry.",
        discussion: """
            Reads the server's SQLite file directly (WAL mode: safe while the server runs), or with --database-url (default \
            $ENFORCEMENT_DATABASE_URL) the PostgreSQL database the servers share. Exit status 2 when the chain is broken.
            """)

    @Option(help: "The SQLite database file.") var database = "data/enforcement.sqlite"
    @Option(help: "postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $ENFORCEMENT_DATABASE_URL); overrides --database.")
    var databaseURL: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["ENFORCEMENT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let store: any EnforcementStore = if let url {
            try PostgresStore({
                var configuration = try PostgresStore.Configuration(url: url, connections: 1, groupCommit: false)
                configuration.migrate = false
                return configuration
            }())
        } else {
            try SQLiteStore(path: database, migrate: false)
        }
        let result = try await JournalVerifier.verify(store)
        if json {
            struct Report: Encodable { var intact: Bool; var entriesChecked: Int; var firstBrokenSequence: Int64?; var reason: String? }
            try Output.json(Report(intact: result.isIntact, entriesChecked: result.entriesChecked,
                                   firstBrokenSequence: result.firstBroken?.sequence, reason: result.firstBroken?.reason))
        } else if let broken = result.firstBroken {
            print("journal BROKEN at entry \(broken.sequence): \(broken.reason) (\(result.entriesChecked) entries before it verified)")
        } else {
            print("journal intact: \(result.entriesChecked) entries verified")
        }
        if !result.isIntact { throw ExitCode(2) }
    }
}
