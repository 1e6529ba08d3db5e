import EnforcementSQL
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The shared SQL over one PostgreSQL connection. The store's bodies are synchronous, so a
/// session runs on a thread of the store's thread pool and waits there for the driver's futures
/// (never on an event loop).
struct PostgresSession: SQLSession {
    let link: Link
    let logger: Logger

    var connection: PostgresConnection { link.connection }

    /// Queries and row-changing statements run as statements prepared once per connection (parsed
    /// and planned once, not on every call); a statement that changes rows returns a row per row
    /// changed (`RETURNING 1`) so the count is known. Transaction control and DDL run as they are.
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        switch Self.kind(sql) {
        case .query: return try prepared(sql, arguments).count
        case .change(let returning): return try prepared(returning ? sql : sql + " RETURNING 1", arguments).count
        case .other: return try run(sql, arguments).metadata.rows ?? 0
        }
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        switch Self.kind(sql) {
        case .query, .change: return try Self.rows(try prepared(sql, arguments), binary: true)
        case .other: return try Self.rows(try run(sql, arguments).rows, binary: false)
        }
    }

    enum Kind: Equatable { case query, change(returning: Bool), other }

    static func kind(_ sql: String) -> Kind {
        let head = sql.drop { $0 == " " || $0 == "\n" }.prefix(7).uppercased()
        if head.hasPrefix("SELECT") { return .query }
        if head.hasPrefix("INSERT") || head.hasPrefix("UPDATE") || head.hasPrefix("DELETE") {
            return .change(returning: sql.range(of: "RETURNING", options: .caseInsensitive) != nil)
        }
        return .other
    }

    private func prepared(_ sql: String, _ arguments: [any SQLBindable]) throws -> [PostgresRow] {
        let statement = try link.statement(Self.numbered(sql)) { text in try connection.prepare(query: text).wait() }
        let binds = arguments.map { argument -> PostgresData in
            switch argument.sqlValue {
            case .null: .null
            case .integer(let integer): PostgresData(int64: integer)
            case .real(let real): PostgresData(double: real)
            case .text(let text): PostgresData(string: text)
            case .blob(let data): PostgresData(bytes: data)
            }
        }
        return try statement.execute(binds).wait()
    }

    /// Rows as the store's values. A prepared statement's row description comes from describing the
    /// statement, which names every column's format as text, while the driver asks for every result
    /// column in binary (`binary: true` reads them so).
    private static func rows(_ rows: [PostgresRow], binary: Bool) throws -> [SQLRow] {
        try rows.map { row in
            var names: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                names.append(cell.columnName)
                let read = binary
                    ? PostgresCell(bytes: cell.bytes, dataType: cell.dataType, format: .binary, columnName: cell.columnName, columnIndex: cell.columnIndex)
                    : cell
                values.append(try Self.value(read))
            }
            return SQLRow(names: names, values: values)
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument.sqlValue {
            case .null: binds.appendNull()
            case .integer(let integer): binds.append(integer)
            case .real(let real): binds.append(real)
            case .text(let text): binds.append(text)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
    }

    /// `?` placeholders as PostgreSQL's `$1`, `$2`, …, outside quoted text and names.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// One cell in the store's few types: integers (and booleans as 0 or 1), reals, text, bytes.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bytea: return .blob(try cell.decode(Data.self))
        case .text, .varchar, .bpchar, .name: return .text(try cell.decode(String.self))
        case .void: return .null
        default:
            throw PostgresStoreError("column \(cell.columnName) has type \(cell.dataType), which the store does not read")
        }
    }
}

/// A pooled connection and the statements prepared on it. Used by one body at a time (the pool
/// hands it to one thread and takes it back after).
final class Link: @unchecked Sendable {
    let connection: PostgresConnection
    private var statements: [String: PreparedQuery] = [:]

    init(_ connection: PostgresConnection) { self.connection = connection }

    func statement(_ sql: String, prepare: (String) throws -> PreparedQuery) throws -> PreparedQuery {
        if let statement = statements[sql] { return statement }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }
}

/// A failure of the PostgreSQL store itself (configuration, connection, an unexpected column).
struct PostgresStoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
