import EnforcementCore
import EnforcementPostgres
import Logging
import PostgresNIO
import Foundation
import Synchronization
import Testing

/// What only PostgreSQL needs proving: several instances (each its own store, pool and
/// connections, as each server has) on one database. Runs when `ENFORCEMENT_TEST_DATABASE_URL`
/// is set (`.ci/run` starts a PostgreSQL for it).
@Suite("PostgreSQL: several instances on one database", .enabled(if: TestStore.postgresConfigured))
struct PostgresStoreTests {
    final class Count: Sendable {
        private let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var current: Int { value.load(ordering: .relaxed) }
    }

    /// Two instances on one new schema, with one clock.
    static func twoInstances(groupCommit: Bool = true) throws -> (Harness, Harness) {
        let schema = TestStore.newSchema()
        let a = try Harness(store: TestStore.postgres(groupCommit: groupCommit, schema: schema))
        let b = try Harness(store: TestStore.postgres(groupCommit: groupCommit, schema: schema))
        return (a, b)
    }

    @Test("8 writers on 2 instances: a bank following its cursor sees every request once, in order, and the journal chains every write", arguments: [true, false])
    func feedHasNoGaps(groupCommit: Bool) async throws {
        let (a, b) = try Self.twoInstances(groupCommit: groupCommit)
        let filingsPerWriter = 12
        let writersDone = Count()
        let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
            // Each pair of writers files in its own court, so no case-number counter row orders
            // them: only the store does.
            let courts = ["沪0101", "沪0104", "沪0105", "沪0106"]
            for writer in 0..<8 {
                let harness = writer.isMultiple(of: 2) ? a : b
                let court = Caller(principal: .court(try CourtCode(courts[writer / 2])), user: Harness.user("judge-\(writer)"))
                group.addTask {
                    defer { writersDone.add() }
                    for _ in 0..<filingsPerWriter {
                        _ = try await harness.workflow.fileCase(Harness.filing(), by: court, requestID: UUID().uuidString)
                    }
                    return []
                }
            }
            // The reader: ICBC-SH pulls after its cursor from instance A while both instances write.
            group.addTask {
                var cursor: Int64 = 0
                var positions: [Int64] = []
                while true {
                    let finished = writersDone.current == 8
                    let page = try await a.control.pull(after: cursor, limit: 50, unansweredOnly: false, by: Harness.icbc)
                    positions += page.requests.map(\.position)
                    cursor = page.nextCursor
                    if finished && page.requests.isEmpty { return positions }
                    if page.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
                }
            }
            var seen: [Int64] = []
            for try await positions in group { seen += positions }
            return seen
        }
        // One query to ICBC-SH per filing.
        let all = try await b.store.read { try $0.controls.requests(institution: "ICBC-SH", after: 0, unansweredOnly: false, limit: 10_000) }
        #expect(all.count == 8 * filingsPerWriter)
        #expect(seen == all.map(\.position), "every position once, in order")
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
        // Case numbers per (year, court, type) have no gap and no repeat across the instances.
        let cases = try await a.store.read { try $0.cases.list(matching: CaseFilter(), after: 0, limit: 10_000) }.map(\.record.number)
        for court in Set(cases.map(\.court)) {
            #expect(cases.filter { $0.court == court }.map(\.sequence).sorted() == Array(1...(2 * filingsPerWriter)))
        }
        let verified = try await JournalVerifier.verify(a.store)
        #expect(verified.isIntact && verified.entriesChecked == 8 * filingsPerWriter)
    }

    @Test("both instances' monitors sweep the same overdue answers at once: each reminder is written once")
    func monitorsOnTwoInstances() async throws {
        let (a, b) = try Self.twoInstances()
        for _ in 0..<5 { _ = try await a.file() }
        for clock in [a.clock, b.clock] { clock.set(clock.now().addingTimeInterval(24 * 3600 + 1)) }
        async let first = a.monitor.sweep()
        async let second = b.monitor.sweep()
        let (one, two) = try await (first, second)
        // ICBC-SH and SH-REALESTATE answer within 24 h: two overdue requests per case. Each
        // instance reports what it found; a finding the other instance wrote first is answered by
        // its kept answer (the derived request id), not written again.
        #expect((10...20).contains(one.overdue + two.overdue))
        let reminders = try await a.store.read { try $0.controls.reminders(ReminderFilter(limit: 1_000)) }
        #expect(reminders.count == 10)
        #expect(Set(reminders.map(\.requestID)).count == 10)
        let journal = try await a.store.journalEntries(after: 0, limit: 1_000)
        #expect(journal.count == 5 + 10, "5 filings and one entry per reminded request")
        #expect(try await a.monitor.sweep().overdue == 0)
        #expect(try await b.monitor.sweep().overdue == 0)
    }

    @Test("both instances make the daily dishonest-list exports at once: each day's export is made once")
    func exportsOnce() async throws {
        let (a, b) = try Self.twoInstances()
        for _ in 0..<3 {
            _ = try await a.impose(try await a.personCase(), .dishonestList, ground: 2)
            for clock in [a.clock, b.clock] { clock.advance(days: 1) }
        }
        let through = a.clock.today().adding(days: -1)
        async let first = a.deterrence.makeExports(through: through)
        async let second = b.deterrence.makeExports(through: through)
        let (one, two) = try await (first, second)
        // The second instance either found the exports made (a read) or, racing, had its write
        // answered with the first's kept answer (the same derived request id).
        #expect([3, 6].contains(one.count + two.count))
        var days: [CalendarDate] = []
        for back in 0..<3 { days += try await b.store.read { try $0.measures.dailyExport(through.adding(days: -back)) }.map { [$0.day] } ?? [] }
        #expect(days.count == 3)
        let journal = try await a.store.journalEntries(after: 0, limit: 1_000).filter { $0.action == "dishonest.export" }
        #expect(journal.count == 1, "the exports were written once")
    }

    @Test("an instance's write wakes the other instance's watchers through LISTEN/NOTIFY")
    func notifyWakesOtherInstance() async throws {
        let schema = TestStore.newSchema()
        let a = try TestStore.postgres(schema: schema)
        let b = try TestStore.postgres(schema: schema)
        let woken = Count()
        let listening = Count()
        let listener = Task { await a.listen(ready: { listening.add() }) { woken.add() } }
        defer { listener.cancel() }
        let harness = try Harness(store: b)
        // Generous waits: the whole suite runs in parallel beside it in CI.
        let ready = ContinuousClock.now + .seconds(60)
        while listening.current == 0 && ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(50)) }
        try #require(listening.current > 0, "the listening connection was not up within 60 s")
        let deadline = ContinuousClock.now + .seconds(60)
        while woken.current == 0 && ContinuousClock.now < deadline {
            _ = try await harness.file()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(woken.current > 0)
    }

    @Test("connections the server closed while idle are replaced: the next write and read succeed")
    func reconnects() async throws {
        let schema = TestStore.newSchema()
        let store = try TestStore.postgres(schema: schema)
        let harness = try Harness(store: store)
        _ = try await harness.file()
        // Another session ends every connection of this schema's store (as a database restart would);
        // the store names its connections `enforcement:<schema>`.
        let url = try #require(ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"])
        let admin = try await PostgresConnection.connect(
            configuration: PostgresStore.Configuration(url: url).connection, id: 1, logger: Logger(label: "test"))
        let rows = try await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \("enforcement:" + schema)", logger: Logger(label: "test"))
        var terminated = 0
        for try await _ in rows { terminated += 1 }
        try await admin.close()
        #expect(terminated > 0)
        try await Task.sleep(for: .milliseconds(200))
        let second = try await harness.file()
        #expect(try await store.read { try $0.cases.record(second.number) } != nil)
    }

    @Test("a full disk behind the store (disk_full raised by a trigger on the journal) answers UNAVAILABLE, writes nothing, and writes resume", arguments: [true, false])
    func diskFull(groupCommit: Bool) async throws {
        let schema = TestStore.newSchema()
        let harness = try Harness(store: try TestStore.postgres(groupCommit: groupCommit, schema: schema))
        _ = try await harness.file()
        let url = try #require(ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"])
        let admin = try await PostgresConnection.connect(
            configuration: PostgresStore.Configuration(url: url).connection, id: 1, logger: Logger(label: "test"))
        func run(_ sql: String) async throws { _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")) }
        try await run("""
            CREATE FUNCTION \(schema).disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$
            """)
        try await run("CREATE TRIGGER disk_full BEFORE INSERT ON \(schema).journal FOR EACH ROW EXECUTE FUNCTION \(schema).disk_full()")
        let (journal, cases) = (try await harness.journalCount(), try await harness.caseCount())
        for _ in 1...3 {
            let error = await #expect(throws: EnforcementError.self) { try await harness.file() }
            #expect(error?.code == .unavailable && error?.reason == "STORE_UNWRITABLE", "\(String(describing: error))")
            #expect(error?.message.contains("SQLSTATE 53100") == true && error?.message.contains("retry later with the same request id") == true)
        }
        let (journalAfter, casesAfter) = (try await harness.journalCount(), try await harness.caseCount())
        #expect(journalAfter == journal && casesAfter == cases, "nothing of the refused filings was kept")
        try await run("DROP TRIGGER disk_full ON \(schema).journal")
        try await admin.close()
        let next = try await harness.file()
        #expect(next.number.sequence == 2, "numbered without a gap after the refusals")
    }

    @Test("a database that stops answering (the journal locked by another session) fails the write UNAVAILABLE within the answer timeout instead of holding it; the write after the lock ends succeeds, numbered without a gap", arguments: [true, false])
    func unansweredStatement(groupCommit: Bool) async throws {
        let schema = TestStore.newSchema()
        let harness = try Harness(store: try TestStore.postgres(groupCommit: groupCommit, schema: schema, answerTimeout: .seconds(1)))
        _ = try await harness.file()
        let url = try #require(ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"])
        let admin = try await PostgresConnection.connect(
            configuration: PostgresStore.Configuration(url: url).connection, id: 1, logger: Logger(label: "test"))
        func run(_ sql: String) async throws { _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")) }
        try await run("BEGIN")
        try await run("LOCK TABLE \(schema).journal IN ACCESS EXCLUSIVE MODE")
        let started = ContinuousClock.now
        let error = await #expect(throws: EnforcementError.self) { try await harness.file() }
        let waited = ContinuousClock.now - started
        #expect(error?.code == .unavailable && error?.reason == "STORE_UNANSWERED", "\(String(describing: error))")
        #expect(waited < .seconds(10), "answered after \(waited)")
        try await run("ROLLBACK")
        try await admin.close()
        let next = try await harness.file()
        #expect(next.number.sequence == 2, "the unanswered filing was not kept: numbered without a gap")
        #expect(try await harness.caseCount() == 2)
    }

    @Test("a second store on the same database does not migrate again, and reads what the first wrote")
    func migratesOnce() async throws {
        let schema = TestStore.newSchema()
        let first = try Harness(store: TestStore.postgres(schema: schema))
        let summary = try await first.file()
        let second = try TestStore.postgres(schema: schema)
        #expect(try await second.read { try $0.cases.record(summary.number) }?.number == summary.number)
    }
}

@Suite("PostgreSQL: the database URL")
struct PostgresURLTests {
    @Test("a URL off the loopback interface must say sslmode=disable (the connection is not encrypted); bad URLs and schema names are refused")
    func parsing() throws {
        let local = try PostgresStore.Configuration(url: "postgres://app:secret@127.0.0.1:5433/enforcement")
        #expect(local.connection.host == "127.0.0.1" && local.connection.port == 5433 && local.connection.database == "enforcement")
        #expect(local.connection.password == "secret")
        _ = try PostgresStore.Configuration(url: "postgres://app:pw@db.internal/enforcement?sslmode=disable")
        for url in ["postgres://app:pw@db.internal/enforcement", "mysql://app:pw@127.0.0.1/enforcement",
                    "postgres://127.0.0.1/enforcement", "postgres://app:pw@127.0.0.1/"] {
            let error = #expect(throws: EnforcementError.self, "\(url)") { try PostgresStore.Configuration(url: url) }
            #expect(error?.code == .invalidArgument && error?.field == "database_url")
        }
        let error = #expect(throws: EnforcementError.self) {
            try PostgresStore.Configuration(url: "postgres://app:pw@127.0.0.1/enforcement", schema: "x; DROP TABLE cases")
        }
        #expect(error?.field == "schema")
    }
}
