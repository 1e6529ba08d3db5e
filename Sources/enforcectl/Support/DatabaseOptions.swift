import ArgumentParser
import EnforcementCore
import EnforcementPostgres
import EnforcementSQLite
import Foundation

/// The store an offline check reads: the server's SQLite file, or the PostgreSQL database the
/// servers share (never migrated by the check).
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The SQLite database file.") var database = "data/enforcement.sqlite"
    @Option(help: "postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $ENFORCEMENT_DATABASE_URL); overrides --database.")
    var databaseURL: String?

    func open() throws -> any EnforcementStore {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["ENFORCEMENT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else { return try SQLiteStore(path: database, migrate: false) }
        var configuration = try PostgresStore.Configuration(url: url, connections: 1, groupCommit: false)
        configuration.migrate = false
        return try PostgresStore(configuration)
    }
}
