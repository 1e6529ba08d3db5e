import EnforcementSQL
import Foundation
import GRDB

/// The shared SQL over one GRDB connection, with its statements cached per connection.
struct GRDBSession: SQLSession {
    let db: Database
    var tail: WriteTail? = nil

    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let names = statement.columnNames
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow(names: names, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    /// SQLite has one writer at a time: the next key is one past the table's `AUTOINCREMENT` counter
    /// (or its largest key, should a row ever have been given a larger one), which the insert then
    /// moves on, and a rollback moves back with the transaction.
    func nextPosition(_ table: String, _ column: String) throws -> Int64 {
        let last = try value(as: Int64.self, """
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(\(column)) FROM \(table)), 0))
            """, [table])
        return (last ?? 0) + 1
    }

    /// The values as GRDB's arguments. Built from optional existentials: GRDB's initialiser for a
    /// sequence of one concrete type maps it through a key path that is instantiated on every call,
    /// which cost as much as executing the statement.
    static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
        StatementArguments(values.map { bindable -> (any DatabaseValueConvertible)? in
            switch bindable.sqlValue {
            case .null: nil
            case .integer(let integer): integer
            case .real(let real): real
            case .text(let text): text
            case .blob(let data): data
            }
        })
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
