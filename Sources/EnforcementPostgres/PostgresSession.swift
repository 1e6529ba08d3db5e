import EnforcementCore
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
    var tail: WriteTail? = nil

    var connection: PostgresConnection { link.connection }

    /// Queries and row-changing statements run as statements prepared once per connection (parsed
    /// and planned once, not on every call); a statement that changes rows returns a row per row
    /// changed (`RETURNING 1`) so the count is known. Transaction control and DDL run as they are.
    @discardableResult
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

    /// A row-changing statement is sent without waiting (see `send`): the body goes on at once, and
    /// the statement's failure fails the next statement that waits, or `flush`.
    func write(_ sql: String, _ arguments: [any SQLBindable]) throws {
        guard case .change = Self.kind(sql) else {
            try execute(sql, arguments)
            return
        }
        let statement = try statement(sql)
        try sendWithoutWaiting { statement.execute(Self.binds(arguments)).map { _ in } }
    }

    func flush() throws {
        for statement in link.takeSent() { try wait(for: statement) }
    }

    /// The identity column's sequence: `nextval` never gives a value twice, across transactions and
    /// servers, and does not wait for other transactions (a rolled-back write leaves a gap).
    func nextPosition(_ table: String, _ column: String) throws -> Int64 {
        guard let next = try value(as: Int64.self, "SELECT nextval(pg_get_serial_sequence(?, ?))", [table, column]) else {
            throw EnforcementError(.internalError, "no sequence behind \(table).\(column)")
        }
        return next
    }

    private func statement(_ sql: String) throws -> PreparedQuery {
        // Kept by the store's own text: numbering its placeholders happens once, when it is prepared.
        try link.statement(sql) { text in try bounded(connection.prepare(query: Self.numbered(text))) }
    }

    private func prepared(_ sql: String, _ arguments: [any SQLBindable]) throws -> [PostgresRow] {
        let statement = try statement(sql)
        return try bounded(statement.execute(Self.binds(arguments)))
    }

    private static func binds(_ arguments: [any SQLBindable]) -> [PostgresData] {
        arguments.map { argument -> PostgresData in
            switch argument.sqlValue {
            case .null: .null
            case .integer(let integer): PostgresData(int64: integer)
            case .real(let real): PostgresData(double: real)
            case .text(let text): PostgresData(string: text)
            case .blob(let data): PostgresData(bytes: data)
            }
        }
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

    /// Waits for the driver's answer at most the link's `answerTimeout`. A connection that died
    /// without the client seeing it (a lost network, a frozen server) or a statement stuck behind a
    /// lock would otherwise hold its call, and its pool thread, for ever: past the timeout the
    /// connection is closed and the call answers UNAVAILABLE. Its transaction never commits once its
    /// connection is gone, but a COMMIT already sent may have been applied: the outcome of a write is
    /// unknown, and its retry with the same request id is answered once either way.
    /// A statement on a connection that was lost fails at once with the loss (the driver would
    /// otherwise leave it unanswered until the timeout), as does every later statement of the body.
    /// Statements sent with `send` before this one are waited for first, in order (the server
    /// answers in order), and the first that failed fails this call.
    func bounded<T>(_ future: @autoclosure () -> EventLoopFuture<T>) throws -> T {
        if let failure = link.failure { throw failure }
        if connection.isClosed { throw link.give(up: Pool.unreachable(connecting: false)) }
        let earlier = link.takeSent()
        let outcome = Outcome<T>()
        future().whenComplete { outcome.set($0) }
        for statement in earlier { try wait(for: statement) }
        return try wait(for: outcome)
    }

    /// Sends a statement whose answer matters only if it fails (`BEGIN`, a savepoint, taking a lock,
    /// a notification) without waiting for it: the server runs a connection's statements in order,
    /// so the next statement goes out at once and its wait covers this one too. A failure fails the
    /// next statement; every transaction ends with a statement that waits (`COMMIT`, `ROLLBACK`).
    func send(_ sql: String) throws {
        try sendWithoutWaiting { connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).map { _ in } }
    }

    /// The driver queues a connection's statements and sends each when the one before is answered,
    /// on its event loop: statements sent without waiting cost the waiting pool thread no wake-up.
    private func sendWithoutWaiting(_ future: () -> EventLoopFuture<Void>) throws {
        if let failure = link.failure { throw failure }
        if connection.isClosed { throw link.give(up: Pool.unreachable(connecting: false)) }
        let outcome = Outcome<Void>()
        future().whenComplete { outcome.set($0) }
        link.sent(outcome)
    }

    private func wait<T>(for outcome: Outcome<T>) throws -> T {
        let components = link.answerTimeout.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        guard outcome.done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success else {
            throw link.give(up: Self.unanswered(link))
        }
        do {
            return try outcome.get()
        } catch where Pool.lostConnection(error) {
            logger.error("the connection to PostgreSQL was lost", metadata: ["error": "\(String(reflecting: error))"])
            link.give(up: Pool.unreachable(connecting: false))
            throw error
        }
    }

    static func unanswered(_ link: Link) -> EnforcementError {
        EnforcementError(
            .unavailable,
            "PostgreSQL did not answer within \(link.answerTimeout.components.seconds) s; the connection was closed. A write's outcome is unknown: retry it with the same request id",
            reason: "STORE_UNANSWERED")
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
        return try bounded(connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger))
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
    /// How long a statement may go unanswered before the link is given up.
    let answerTimeout: Duration
    /// Why the connection was given up (a statement went unanswered, the connection was lost): it
    /// is being closed and is never used again; every later statement answers this.
    private(set) var failure: EnforcementError?
    var broken: Bool { failure != nil }
    private var statements: [String: PreparedQuery] = [:]
    /// Statements sent without waiting (`PostgresSession.send`), not yet waited for.
    private var unwaited: [Outcome<Void>] = []
    /// Whether a statement sent without waiting is still unwaited: the link is then not reused.
    var hasUnwaited: Bool { !unwaited.isEmpty }

    func sent(_ outcome: Outcome<Void>) { unwaited.append(outcome) }

    func takeSent() -> [Outcome<Void>] {
        defer { unwaited.removeAll() }
        return unwaited
    }

    init(_ connection: PostgresConnection, answerTimeout: Duration = .seconds(30)) {
        self.connection = connection
        self.answerTimeout = answerTimeout
    }

    /// Gives the connection up: closes it and keeps `failure` for every later statement.
    @discardableResult
    func give(up failure: EnforcementError) -> EnforcementError {
        if self.failure == nil {
            self.failure = failure
            Pool.close(connection)
        }
        return self.failure ?? failure
    }

    func statement(_ sql: String, prepare: (String) throws -> PreparedQuery) throws -> PreparedQuery {
        if let statement = statements[sql] { return statement }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }
}

/// One answer of the driver, handed from its event loop to the waiting pool thread.
final class Outcome<T>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ result: Result<T, any Error>) {
        lock.withLock { self.result = result }
        done.signal()
    }

    func get() throws -> T {
        try lock.withLock { result! }.get()  // read after `done` was signalled: set
    }
}

/// A failure of the PostgreSQL store itself (configuration, connection, an unexpected column).
struct PostgresStoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
