public import Foundation

/// One value bound to or read from a statement: the types both stores use. Booleans are integers
/// (0 and 1), dates are milliseconds since 1970 or ISO days as text, records are JSON text.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that can be bound as a statement argument.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a column can be read as; `nil` when the column holds another type.
public protocol SQLColumnDecodable {
    static func decode(_ value: SQLValue) -> Self?
}

extension Int64: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(self) }
    public static func decode(_ value: SQLValue) -> Int64? {
        if case .integer(let integer) = value { integer } else { nil }
    }
}

extension Int: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func decode(_ value: SQLValue) -> Int? { Int64.decode(value).map(Int.init) }
}

extension Bool: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public static func decode(_ value: SQLValue) -> Bool? { Int64.decode(value).map { $0 != 0 } }
}

extension Double: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .real(self) }
    public static func decode(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let real): real
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension String: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public static func decode(_ value: SQLValue) -> String? {
        if case .text(let text) = value { text } else { nil }
    }
}

extension Data: SQLBindable, SQLColumnDecodable {
    public var sqlValue: SQLValue { .blob(self) }
    public static func decode(_ value: SQLValue) -> Data? {
        if case .blob(let data) = value { data } else { nil }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLColumnDecodable where Wrapped: SQLColumnDecodable {
    public static func decode(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.decode(value).map { .some($0) }
    }
}

/// One result row, its columns by name.
public struct SQLRow: Sendable {
    public let names: [String]
    public let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    /// The column as `Value`. A column of another type is a programming error in the store (the
    /// schema decides the types), as in GRDB; a column the row lacks reads as NULL (a database
    /// from before the column was added, read without migrating, e.g. by `audit verify`).
    public subscript<Value: SQLColumnDecodable>(_ name: String) -> Value {
        guard let index = names.firstIndex(of: name) else {
            guard let absent = Value.decode(.null) else { preconditionFailure("no column \(name) in the row") }
            return absent
        }
        return self[index]
    }

    public subscript<Value: SQLColumnDecodable>(_ index: Int) -> Value {
        guard let value = Value.decode(values[index]) else {
            preconditionFailure("column \(names[index]) holds \(values[index]), not \(Value.self)")
        }
        return value
    }
}

/// The statements one transaction or snapshot runs, over one connection of one database. SQL is
/// written once for both stores, with `?` placeholders; each session translates what it must.
public protocol SQLSession {
    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
    /// What the write transaction this session runs defers to its end; nil in a snapshot, a
    /// migration or a session that writes everything at once.
    var tail: WriteTail? { get }
    /// Runs a statement whose answer matters only if it fails (`BEGIN`, a savepoint, taking a lock).
    /// A session over a network may send it without waiting; its failure then fails the next statement.
    func send(_ sql: String) throws
    /// Runs a statement that changes rows when neither its count nor its answer is needed (an
    /// insert of a new row, an upsert, a delete of what may be absent). A session over a network
    /// may send it without waiting; its failure then fails the next statement that waits, or `flush`.
    /// Never for a statement whose failure the caller handles itself.
    func write(_ sql: String, _ arguments: [any SQLBindable]) throws
    /// Waits for every statement sent without waiting, and throws the first failure among them.
    func flush() throws
    /// Takes the generated key (`column`, `INTEGER PRIMARY KEY AUTOINCREMENT` in SQLite, an identity
    /// in PostgreSQL) the next row of `table` is inserted with, so a row whose id is derived from
    /// it is inserted whole, in one statement. Never given to two rows. Taken by a write that was
    /// rolled back, it is a gap on PostgreSQL (as the sequence's own) and given again on SQLite (whose
    /// counter rolls back with the write; no row ever had it). `table` and `column` are the store's
    /// names, never a caller's text.
    func nextPosition(_ table: String, _ column: String) throws -> Int64
}

extension SQLSession {
    public var tail: WriteTail? { nil }

    public func send(_ sql: String) throws { try execute(sql, []) }

    public func write(_ sql: String, _ arguments: [any SQLBindable]) throws { try execute(sql, arguments) }

    public func flush() throws {}

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    public func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, or nil without a row or with NULL in it.
    public func value<Value: SQLColumnDecodable>(as type: Value.Type, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> Value? {
        guard let row = try row(sql, arguments), let first = row.values.first else { return nil }
        if case .null = first { return nil }
        return row[0] as Value
    }

    /// The first column of every row.
    public func values<Value: SQLColumnDecodable>(as type: Value.Type, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> [Value] {
        try rows(sql, arguments).map { $0[0] as Value }
    }
}
