import ArgumentParser
import EnforcementCore
import Foundation

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Walk the journal's SHA-256 chain and report the first broken entry.",
        discussion: """
            Reads the server's SQLite file directly (WAL mode: safe while the server runs), or with --database-url (default \
            $ENFORCEMENT_DATABASE_URL) the PostgreSQL database the servers share. Exit status 2 when the chain is broken.
            """)

    @OptionGroup var store: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let result = try await JournalVerifier.verify(try store.open())
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
