public import CoreMetrics
public import EnforcementCore
import EnforcementSQL
public import Foundation
public import Logging
import NIOCore
import NIOPosix
public import PostgresNIO
import Synchronization

/// The store for more than one server: PostgreSQL, shared by every instance.
///
/// Concurrency, with transaction-scoped advisory locks (`pg_advisory_xact_lock`), in READ COMMITTED:
/// - A write that names no records (`WriteContext.lockKeys` empty) takes the writers' lock
///   exclusively: it runs alone, as every write does in SQLite, and may read and change anything.
/// - A write that names its records takes the writers' lock shared and a lock per record (and
///   one on its idempotency record), in one order for every transaction, so writes of disjoint
///   records run side by side, from any number of servers, without ever waiting in a circle.
/// - Such a write takes the lock on the shared rows (`WriteTail`: the journal's last entry, the
///   command centre's counters, the feeds' positions) only at its end, just before its commit (an
///   exclusive write needs none: nothing runs beside it). So the journal stays one hash chain and every feed position commits in order — a reader that
///   moved its cursor past a position can never see an earlier one commit later. Numbers taken
///   from counters inside the body (case numbers, the delegation feed, transfers) are taken only
///   by exclusive writes, so they stay gapless.
/// Reads run in `REPEATABLE READ READ ONLY` snapshots and never wait for a lock.
/// Group commit (on by default) puts the writes that arrive during a commit in the next
/// transaction, each in its own savepoint, so the lock and the commit's flush are paid once per group.
///
/// The domain's bodies are synchronous: they run on the store's thread pool, one connection per
/// thread, and wait there for the driver's futures; the event loops never block.
public final class PostgresStore: EnforcementStore {
    public struct Configuration: Sendable {
        public var connection: PostgresConnection.Configuration
        /// Tables live in this schema (created if missing); `public` when nil. Tests use one each.
        public var schema: String?
        /// Threads of the pool, and at most as many connections.
        public var connections: Int
        public var groupCommit: Bool
        /// Whether opening the store migrates the schema (false: only read it, as `audit verify` does).
        public var migrate = true
        /// How long one statement may go unanswered before its connection is closed and the call
        /// answers UNAVAILABLE (`ENFORCEMENT_DATABASE_ANSWER_SECONDS`).
        public var answerTimeout: Duration = .seconds(30)
        /// How the connections are protected (`sslmode` of the URL).
        public let tlsMode: TLSMode

        /// From `postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=…&sslrootcert=…&sslcert=…&sslkey=…]`,
        /// with libpq's names and meanings:
        /// - `sslmode=verify-full` (the default off the loopback interface): TLS; the server's certificate
        ///   must chain to `sslrootcert` (a PEM file; the system's trust roots without it) and name the
        ///   host (its DNS name, or its IP address when the URL gives one);
        /// - `verify-ca`: TLS, the chain checked but not the name;
        /// - `require`: TLS without checking the certificate (keeps out a listener, not a server in the
        ///   middle), or with `sslrootcert` given, as `verify-ca`;
        /// - `disable` (the default on the loopback interface): no TLS;
        /// - `sslcert` and `sslkey` (PEM files): a client certificate, for a server that asks for one
        ///   (`clientcert=verify-full` in `pg_hba.conf`).
        /// `prefer` and `allow` are refused: a server in the middle could make them fall back to plain text.
        /// The files are read here, so a wrong path stops the server at start-up rather than at its first query.
        public init(url: String, schema: String? = nil, connections: Int = 8, groupCommit: Bool = true) throws {
            guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
                  let host = components.host, let user = components.user, !components.path.dropFirst().isEmpty
            else {
                throw EnforcementError(.invalidArgument, field: "database_url", "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            let query = Self.query(components)
            let mode = try TLSMode(query["sslmode"] ?? TLSMode.default(host: host).rawValue)
            tlsMode = mode
            connection = PostgresConnection.Configuration(
                host: host, port: components.port ?? 5432, username: user, password: components.password,
                database: String(components.path.dropFirst()),
                tls: try mode.connectionTLS(rootCertificates: query["sslrootcert"], certificate: query["sslcert"], key: query["sslkey"]))
            if let schema, schema.isEmpty || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                throw EnforcementError(.invalidArgument, field: "schema", "a schema name is ASCII letters, digits and _")
            }
            self.schema = schema
            // Named in pg_stat_activity, so an operator sees whose connections these are.
            connection.options.additionalStartupParameters = [("application_name", "enforcement:\(schema ?? "public")")]
            self.connections = max(1, connections)
            self.groupCommit = groupCommit
        }
    }

    /// The channel every write notifies at commit; its payload is the schema.
    static let channel = "enforcement_changes"

    let configuration: Configuration
    private let pool: Pool
    private let committer: GroupCommitter?
    private let metrics: StoreMetrics

    /// Connects and migrates (once across instances).
    public init(_ configuration: Configuration, logger: Logger = Logger(label: "enforcement.postgres"),
                metrics: any MetricsFactory = NOOPMetricsHandler.instance) throws {
        self.configuration = configuration
        let pool = Pool(configuration: configuration, logger: logger)
        self.pool = pool
        let connection = try pool.connect()
        defer { _ = try? (connection.close() as EventLoopFuture<Void>).wait() }
        if configuration.migrate {
            try Self.migrate(PostgresSession(link: Link(connection, answerTimeout: configuration.answerTimeout), logger: logger), schema: configuration.schema)
        }
        let storeMetrics = StoreMetrics(factory: metrics, store: "postgresql")
        self.metrics = storeMetrics
        committer = configuration.groupCommit
            ? GroupCommitter(metrics: storeMetrics) { keys, body in try await pool.transaction(keys: keys, body) } : nil
    }

    public var schema: String { configuration.schema ?? "public" }

    /// Commits made so far by group commit, and the writes they carried.
    public var groupCommitStatistics: (commits: Int, writes: Int)? { committer?.statistics }

    public func write<Response: Codable & Sendable>(
        _ context: WriteContext,
        _ body: @escaping @Sendable (any StoreTransaction) throws -> (response: Response, subject: String)
    ) async throws -> Response {
        let wire = WireAnswer.current
        let attempt: @Sendable (any SQLSession) throws -> Response = { db in try SQLWrites.perform(db, context, wire, body) }
        let keys = Self.lockKeys(context)
        do {
            if let committer { return try await committer.submit(keys: keys, attempt) }
            return try await metrics.commit(writes: 1) { try await pool.transaction(keys: keys, attempt) }
        } catch {
            guard let (state, message) = Self.unwritable(error) else { throw error }
            throw EnforcementError(
                .unavailable, "the database cannot be written now (SQLSTATE \(state): \(message)); nothing was written — retry later with the same request id",
                reason: "STORE_UNWRITABLE")
        }
    }

    /// What a write locks besides the shared rows: nil (everything) unless it names its records,
    /// else those and its idempotency record, so one request id sent twice at once (to two servers)
    /// runs once even when the two name different records: the second finds the first's record
    /// and is answered from it (or refused, if the requests differ).
    static func lockKeys(_ context: WriteContext) -> [String]? {
        guard !context.lockKeys.isEmpty else { return nil }
        return context.lockKeys + ["request:\(context.caller.principal.uri) \(context.requestID)"]
    }

    /// The SQLSTATE and message of a database that cannot take writes now — out of disk, memory or
    /// connections (class 53), an I/O error (58030), a read-only database such as a standby after a
    /// failover (25006), a server starting (57P03) — as opposed to a write it
    /// refused. The server rolled the transaction back: nothing of the write was kept. The session
    /// runs the driver's statement API, which reports a server's error as `PostgresError.server`.
    static func unwritable(_ error: any Error) -> (state: String, message: String)? {
        guard let (state, message) = serverError(error), state.hasPrefix("53") || ["58030", "25006", "57P03"].contains(state) else { return nil }
        return (state, message ?? "no detail")
    }

    /// The SQLSTATE and message of an error the server sent, as either of the driver's APIs reports it.
    static func serverError(_ error: any Error) -> (state: String, message: String?)? {
        switch error {
        case PostgresError.server(let server): server.fields[.sqlState].map { ($0, server.fields[.message]) }
        case let error as PSQLError where error.code == .server: error.serverInfo?[.sqlState].map { ($0, error.serverInfo?[.message]) }
        default: nil
        }
    }

    public func read<Value: Sendable>(_ body: @escaping @Sendable (any StoreSnapshot) throws -> Value) async throws -> Value {
        try await pool.snapshot { db in try body(SQLSnapshot(db)) }
    }

    public func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry] {
        try await pool.snapshot { db in try SQLWrites.journalEntries(db, after: after, limit: limit) }
    }

    public func checkWritable(at instant: Date) async throws {
        try await pool.heartbeat(at: instant)
    }

    public func keptAnswer(principal: String, requestID: String) async throws -> (json: String?, wire: Data?)? {
        try await pool.snapshot { db in try SQLWrites.keptAnswer(db, principal: principal, requestID: requestID) }
    }

    /// Loads records in bulk for benchmarks, with no journal entry and no idempotency record (see
    /// `SQLiteStore.seedWithoutJournal`). Never on a deployment's database.
    public func seedWithoutJournal(
        _ range: Range<Int>, batch: Int = 20_000, _ body: @escaping @Sendable (any StoreTransaction, Int) throws -> Void
    ) async throws {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
            let slice = start..<min(start + batch, range.upperBound)
            try await pool.transaction { db in
                let tx = SQLTransaction(db)
                for index in slice { try body(tx, index) }
            }
        }
    }

    // MARK: Migrations

    static func migrate(_ db: PostgresSession, schema: String?) throws {
        // Session-level lock, one per schema: servers starting together on a schema migrate it one
        // after another, while stores of other schemas (the tests' own) do not wait for them.
        let lock = "enforcement-migrations:" + (schema ?? "public")
        try db.execute("SELECT pg_advisory_lock(hashtext(?))", [lock])
        defer { _ = try? db.execute("SELECT pg_advisory_unlock(hashtext(?))", [lock]) }
        if let schema { try db.execute("CREATE SCHEMA IF NOT EXISTS \(schema)") }
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now())")
        let applied = Set(try db.values(as: String.self, "SELECT name FROM schema_migrations"))
        let unknown = applied.subtracting(PostgresSchema.migrations.map(\.name))
        guard unknown.isEmpty else { throw EnforcementError.databaseNewer(unknown.sorted()) }
        for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
            try db.execute("BEGIN")
            do {
                for statement in migration.statements { try db.execute(statement) }
                try PostgresSchema.backfills[migration.name]?(db)
                try db.execute("INSERT INTO schema_migrations (name) VALUES (?)", [migration.name])
                try db.execute("COMMIT")
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    // MARK: Wake-ups across instances

    /// Calls `changed` whenever a write commits on any instance sharing this schema (LISTEN/NOTIFY),
    /// until the task is cancelled; reconnects after a lost connection. Watchers keep their
    /// periodic re-read, so a notification lost while reconnecting delays a row, never loses it.
    /// `ready` is called each time the connection listens (after a reconnection too).
    public func listen(ready: @escaping @Sendable () -> Void = {}, _ changed: @escaping @Sendable () -> Void) async {
        let schema = self.schema
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration.connection, id: pool.newID(), logger: pool.logger)
                defer { Pool.close(connection) }
                try await connection.listen(on: Self.channel) { notifications in
                    ready()
                    for try await notification in notifications where notification.payload == schema { changed() }
                }
                if Task.isCancelled { return }  // the server is stopping: its listener ends with it
                pool.logger.warning("the listening connection ended; listening again in 1 s")
            } catch {
                if Task.isCancelled { return }
                pool.logger.warning("listening for changes failed; again in 1 s", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// The store's threads and connections: one connection per running body, kept open between
/// bodies; a connection that closed is dropped and the next body opens a new one.
final class Pool: Sendable {
    let configuration: PostgresStore.Configuration
    let logger: Logger
    private let threads: NIOThreadPool
    private let idle = Mutex<[Link]>([])
    private let nextID = Atomic<Int>(0)

    init(configuration: PostgresStore.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: configuration.connections)
        threads.start()
    }

    deinit {
        for link in idle.withLock({ $0 }) { Self.close(link.connection) }
        threads.shutdownGracefully { _ in }
    }

    /// One write transaction: the writers' lock (with `keys`: shared, and the keys' locks; else
    /// exclusive), the body, what the body deferred to the end (`WriteTail`, under its own lock), a
    /// notification for the other instances, the commit. Answers only after the commit returned
    /// (durable with the default `synchronous_commit = on`).
    func transaction<T: Sendable>(keys: [String]? = nil, _ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await withSession { session in
            var db = session
            let tail = WriteTail()
            db.tail = tail
            // BEGIN, the locks and the notification are sent without waiting: the body's first
            // statement (and the commit) waits for them, in the order they were sent.
            try db.send("BEGIN")
            do {
                if let keys {
                    try db.send("SELECT pg_advisory_xact_lock_shared(hashtext(current_schema()))")
                    // In the order of their hashes, the same in every transaction: two transactions
                    // never each hold a key the other waits for.
                    try db.execute("""
                        SELECT pg_advisory_xact_lock(hashtext(current_schema()), key)
                        FROM (SELECT DISTINCT hashtext(name) AS key FROM unnest(string_to_array(?, chr(10))) AS name ORDER BY 1) AS keys
                        """, [keys.joined(separator: "\n")])
                    tail.lock = { db in try db.send("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':tail'))") }
                } else {
                    try db.send("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
                }
                let value = try body(db)
                try db.tail?.flush(db)
                try db.send("SELECT pg_notify('\(PostgresStore.channel)', current_schema())")
                try db.execute("COMMIT")
                return value
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The heartbeat row in its own transaction, without the writers' lock or a notification:
    /// a probe must not wait behind the writers nor wake the other instances' streams.
    func heartbeat(at instant: Date) async throws {
        try await withSession { db in
            try db.execute("BEGIN")
            do {
                try SQLWrites.heartbeat(db, at: instant)
                try db.execute("COMMIT")
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    func snapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await withSession { db in
            // Not waited for, as a write's BEGIN: the body's first statement waits for it too.
            try db.send("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let value = try body(db)
                try db.execute("COMMIT")
                return value
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` on a pool thread with a connection of its own.
    private func withSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            // A connection the server closed while it was idle (a restart, `pg_terminate_backend`)
            // is dropped here, before a body could fail on it.
            let reusable = idle.withLock { idle -> Link? in
                while let link = idle.popLast() { if !link.connection.isClosed, !link.broken { return link } }
                return nil
            }
            let link: Link
            do {
                link = try reusable ?? Link(connect(), answerTimeout: configuration.answerTimeout)
            } catch {
                logger.error("cannot connect to PostgreSQL", metadata: ["error": "\(String(reflecting: error))"])
                throw Self.unreachable(connecting: true)
            }
            defer {
                if !link.connection.isClosed, !link.broken {
                    // Never the case after COMMIT or ROLLBACK; a link left with an unwaited statement is not reused.
                    if link.hasUnwaited { link.give(up: Self.unreachable(connecting: false)) } else { idle.withLock { $0.append(link) } }
                }
            }
            do {
                return try body(PostgresSession(link: link, logger: logger))
            } catch where Self.lostConnection(error) {
                // The session logged it and gave the connection up; the caller hears only that it was lost.
                throw Self.unreachable(connecting: false)
            }
        }
    }

    /// The answer when the database cannot be reached: UNAVAILABLE, naming nothing of where it is
    /// (the log has the driver's error). A write whose connection was lost may have committed, so
    /// its retry must carry the same request id; one that could not connect was not begun.
    static func unreachable(connecting: Bool) -> EnforcementError {
        EnforcementError(
            .unavailable,
            connecting
                ? "the database cannot be reached now; nothing was written — retry later with the same request id"
                : "the connection to the database was lost; a write's outcome is unknown — retry it with the same request id",
            reason: "STORE_UNREACHABLE")
    }

    /// Whether an error of a body is its connection's end (the server closed it or ended the session
    /// — an administrator's `pg_terminate_backend`, a shutdown, a crash: SQLSTATE 57P01, 57P02 —, the
    /// network failed, TLS broke) rather than an answer of the database.
    static func lostConnection(_ error: any Error) -> Bool {
        if let (state, _) = PostgresStore.serverError(error) { return ["57P01", "57P02"].contains(state) }
        switch error {
        case PostgresError.connectionClosed: return true
        case let error as PSQLError:
            return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
                    .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest].contains(error.code)
        default: return false
        }
    }

    func connect() throws -> PostgresConnection {
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.connection, id: newID(), logger: logger
        ).wait()
        if let schema = configuration.schema {
            _ = try connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger).wait()
        }
        return connection
    }

    func newID() -> Int { nextID.add(1, ordering: .relaxed).newValue }

    /// Closes without waiting; the connection lives until it has closed (the driver requires it).
    static func close(_ connection: PostgresConnection) {
        (connection.close() as EventLoopFuture<Void>).whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}
