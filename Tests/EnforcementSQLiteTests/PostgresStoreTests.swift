import EnforcementCore
import EnforcementPostgres
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
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
    static func twoInstances(groupCommit: Bool = true) async throws -> (Harness, Harness) {
        let schema = TestStore.newSchema()
        let a = try await Harness(store: TestStore.postgres(groupCommit: groupCommit, schema: schema))
        let b = try await Harness(store: TestStore.postgres(groupCommit: groupCommit, schema: schema))
        return (a, b)
    }

    /// A store on a new schema with one case filed, and a trigger named `name` running `body` (PL/pgSQL)
    /// before each row inserted into `table`; with the administrator's connection that made it.
    static func triggered(groupCommit: Bool, table: String, _ name: String, _ body: String) async throws -> (Harness, String, PostgresConnection) {
        let schema = TestStore.newSchema()
        let harness = try await Harness(store: try await TestStore.postgres(groupCommit: groupCommit, schema: schema))
        _ = try await harness.file()
        let admin = try await Self.admin()
        for sql in [
            "CREATE FUNCTION \(schema).\(name)() RETURNS trigger LANGUAGE plpgsql AS $$ \(body) $$",
            "CREATE TRIGGER \(name) BEFORE INSERT ON \(schema).\(table) FOR EACH ROW EXECUTE FUNCTION \(schema).\(name)()",
        ] {
            _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
        }
        return (harness, schema, admin)
    }

    /// A session of its own on the test database (the environment's URL), beside the stores.
    static func admin(_ variable: String = "ENFORCEMENT_TEST_DATABASE_URL") async throws -> PostgresConnection {
        let url = try #require(ProcessInfo.processInfo.environment[variable])
        return try await PostgresConnection.connect(
            configuration: PostgresStore.Configuration(url: url).connection, id: 1, logger: Logger(label: "test"))
    }

    /// ICBC-SH pulling after its cursor from `harness` until `writers` reaches `count` and a pull
    /// after that finds nothing: the feed positions it saw, in order.
    static func follow(_ harness: Harness, until writers: Count, reaches count: Int) async throws -> [Int64] {
        var cursor: Int64 = 0
        var positions: [Int64] = []
        while true {
            let finished = writers.current == count
            let page = try await harness.control.pull(after: cursor, limit: 50, unansweredOnly: false, by: Harness.icbc)
            positions += page.requests.map { $0.feedPosition ?? 0 }
            cursor = page.nextCursor
            if finished && page.requests.isEmpty { return positions }
            if page.requests.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
        }
    }

    @Test("8 writers on 2 instances: a bank following its cursor sees every request once, in order, and the journal chains every write", arguments: [true, false])
    func feedHasNoGaps(groupCommit: Bool) async throws {
        let (a, b) = try await Self.twoInstances(groupCommit: groupCommit)
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
            group.addTask { try await Self.follow(a, until: writersDone, reaches: 8) }
            var seen: [Int64] = []
            for try await positions in group { seen += positions }
            return seen
        }
        // One query to ICBC-SH per filing.
        let all = try await b.store.read { try $0.controls.requests(institution: "ICBC-SH", after: 0, unansweredOnly: false, limit: 10_000) }
        #expect(all.count == 8 * filingsPerWriter)
        #expect(seen == all.map { $0.feedPosition ?? 0 }, "every position once, in order")
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
        // Case numbers per (year, court, type) have no gap and no repeat across the instances.
        let cases = try await a.store.read { try $0.cases.list(matching: CaseFilter(), after: 0, limit: 10_000) }.map(\.record.number)
        for court in Set(cases.map(\.court)) {
            #expect(cases.filter { $0.court == court }.map(\.sequence).sorted() == Array(1...(2 * filingsPerWriter)))
        }
        let verified = try await JournalVerifier.verify(a.store)
        #expect(verified.isIntact && verified.entriesChecked == 8 * filingsPerWriter)
    }

    @Test("8 writers on 2 instances launching queries side by side, each on its own case: a bank following its cursor sees every request once, in order; the node events' feed has every event once; the journal chains every write", arguments: [true, false])
    func keyedWritesLeaveNoGaps(groupCommit: Bool) async throws {
        let (a, b) = try await Self.twoInstances(groupCommit: groupCommit)
        var numbers: [String] = []
        for _ in 0..<8 { numbers.append(try await a.file().number.description) }
        let launchesPerWriter = 15
        let writersDone = Count()
        let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (writer, number) in numbers.enumerated() {
                let harness = writer.isMultiple(of: 2) ? a : b
                group.addTask {
                    defer { writersDone.add() }
                    for _ in 0..<launchesPerWriter {
                        // To every connected institution: three requests and one node event a launch.
                        _ = try await harness.control.launchQuery(LaunchQuery(caseNumber: number, documentNumber: "协助查询通知书"),
                                                                  by: Harness.court0105, requestID: UUID().uuidString)
                    }
                    return []
                }
            }
            group.addTask { try await Self.follow(a, until: writersDone, reaches: 8) }
            var seen: [Int64] = []
            for try await positions in group { seen += positions }
            return seen
        }
        let launches = 8 + 8 * launchesPerWriter  // the filings' own queries, then the launches
        let icbc = try await b.store.read { try $0.controls.requests(institution: "ICBC-SH", after: 0, unansweredOnly: false, limit: 10_000) }
        #expect(icbc.count == launches)
        #expect(seen == icbc.map { $0.feedPosition ?? 0 }, "every position once, in order")
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
        // Across the institutions the feed positions are 1…n: none skipped, none given twice.
        var everyPosition: [Int64] = []
        for institution in ["ICBC-SH", "CCB-SH", "SH-REALESTATE"] {
            everyPosition += try await a.store.read {
                try $0.controls.requests(institution: institution, after: 0, unansweredOnly: false, limit: 10_000)
            }.map { $0.feedPosition ?? 0 }
        }
        #expect(everyPosition.sorted() == Array(1...Int64(3 * launches)))
        #expect(try await a.store.read { try $0.controls.lastPosition() } == Int64(3 * launches))
        // The node events' feed (the notifier follows it): every event once, in feed order.
        let events = try await b.store.read { try $0.cases.nodeEvents(after: 0, limit: 100_000) }
        #expect(events.map { $0.feedPosition ?? 0 } == Array(1...Int64(events.count)))
        #expect(Set(events.map(\.sequence)).count == events.count)
        #expect(events.filter { $0.nodeCode == "network_query_launched" }.count == launches)
        let verified = try await JournalVerifier.verify(a.store)
        #expect(verified.isIntact && verified.entriesChecked == 8 + 8 * launchesPerWriter)
    }

    /// Whether two writes, one on each instance, were inside their bodies at the same time: each
    /// body waits up to 2 s for the other to be inside too.
    static func overlap(_ first: [String], _ second: [String]) async throws -> Bool {
        let schema = TestStore.newSchema()
        let a = try await TestStore.postgres(schema: schema)
        let b = try await TestStore.postgres(schema: schema)
        let inside = Count()
        let met = Count()
        @Sendable func write(_ store: PostgresStore, _ keys: [String]) async throws {
            var context = WriteContext(caller: Harness.court0105, requestID: UUID().uuidString, action: "test.hold",
                                       requestHash: "hold", payload: "{}", at: Date())
            context.lockKeys = keys
            let _: String = try await store.write(context) { _ in
                inside.add()
                let deadline = Date().addingTimeInterval(2)
                while inside.current < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
                if inside.current >= 2 { met.add() }
                return ("held", "test")
            }
        }
        async let one: Void = write(a, first)
        async let two: Void = write(b, second)
        _ = try await (one, two)
        return met.current == 2
    }

    @Test("writes naming different records run side by side on two instances; the same record, or a write naming none, one after the other")
    func keyedWritesRunSideBySide() async throws {
        #expect(try await Self.overlap(["case:A"], ["case:B"]))
        #expect(try await !Self.overlap(["case:A"], ["case:B", "case:A"]))
        #expect(try await !Self.overlap([], ["case:B"]))
        #expect(try await !Self.overlap([], []))
    }

    @Test("writes naming different records, side by side on two instances, still chain the journal as one chain")
    func keyedWritesChainTheJournal() async throws {
        let schema = TestStore.newSchema()
        let a = try await TestStore.postgres(schema: schema)
        let b = try await TestStore.postgres(schema: schema)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                let store = writer.isMultiple(of: 2) ? a : b
                group.addTask {
                    for write in 0..<20 {
                        // Nothing but the journal entry and the idempotency record.
                        var context = WriteContext(caller: Harness.court0105, requestID: "w\(writer)-\(write)", action: "test.chain",
                                                   requestHash: "chain", payload: "{}", at: Date())
                        context.lockKeys = ["case:\(writer)"]
                        let _: String = try await store.write(context) { _ in ("written", "case \(writer)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let verified = try await JournalVerifier.verify(a)
        #expect(verified.isIntact && verified.entriesChecked == 160)
    }

    @Test("one request id sent to two instances at once for two different records: one write runs, the other is refused as a reused id")
    func keyedRequestIDRunsOnce() async throws {
        let schema = TestStore.newSchema()
        let a = try await TestStore.postgres(schema: schema)
        let b = try await TestStore.postgres(schema: schema)
        let runs = Count()
        @Sendable func write(_ store: PostgresStore, _ record: String) async throws -> String {
            var context = WriteContext(caller: Harness.court0105, requestID: "same-request", action: "test.once", requestHash: record,
                                       payload: "{}", at: Date())
            context.lockKeys = [record]
            return try await store.write(context) { _ in
                runs.add()
                Thread.sleep(forTimeInterval: 0.3)
                return ("written", "test")
            }
        }
        @Sendable func attempt(_ store: PostgresStore, _ record: String) async -> Result<String, any Error> {
            do { return .success(try await write(store, record)) } catch { return .failure(error) }
        }
        async let one = attempt(a, "case:A")
        async let two = attempt(b, "case:B")
        let results = await [one, two]
        #expect(runs.current == 1)
        #expect(results.filter { (try? $0.get()) == "written" }.count == 1)
        let refused = results.compactMap { result -> EnforcementError? in
            if case .failure(let error) = result { return error as? EnforcementError }
            return nil
        }
        #expect(refused.map(\.code) == [.alreadyExists])
        #expect(try await a.journalEntries(after: 0, limit: 10).count == 1)
    }

    @Test("both instances' monitors sweep the same overdue answers at once: each reminder is written once")
    func monitorsOnTwoInstances() async throws {
        let (a, b) = try await Self.twoInstances()
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
        let (a, b) = try await Self.twoInstances()
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
        let a = try await TestStore.postgres(schema: schema)
        let b = try await TestStore.postgres(schema: schema)
        let woken = Count()
        let listening = Count()
        let listener = Task { await a.listen(ready: { listening.add() }) { woken.add() } }
        defer { listener.cancel() }
        let harness = try await Harness(store: b)
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
        let store = try await TestStore.postgres(schema: schema)
        let harness = try await Harness(store: store)
        _ = try await harness.file()
        // Another session ends every connection of this schema's store (as a database restart would);
        // the store names its connections `enforcement:<schema>`.
        let admin = try await Self.admin()
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
        let (harness, schema, admin) = try await Self.triggered(groupCommit: groupCommit, table: "journal", "disk_full", """
            BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END
            """)
        func run(_ sql: String) async throws { _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test")) }
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

    @Test("a statement sent without waiting that fails (a trigger refusing one write's idempotency record) fails that write with its own error and keeps nothing of it; the writes grouped with it commit", arguments: [true, false])
    func unwaitedFailureFailsItsOwnWrite(groupCommit: Bool) async throws {
        // disk_full so the store names the server's message (STORE_UNWRITABLE), which names the request.
        let (harness, _, admin) = try await Self.triggered(groupCommit: groupCommit, table: "idempotency", "refuse", """
            BEGIN
                IF NEW.request_id LIKE 'refused-%' THEN
                    RAISE EXCEPTION 'refused %', NEW.request_id USING ERRCODE = 'disk_full';
                END IF;
                RETURN NEW;
            END
            """)
        try await admin.close()
        let outcomes = await withTaskGroup(of: (String, Result<CaseSummary, any Error>).self) { group in
            for index in 0..<32 {
                let requestID = index.isMultiple(of: 4) ? "refused-\(index)" : UUID().uuidString
                group.addTask {
                    do {
                        return (requestID, .success(try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: requestID)))
                    } catch {
                        return (requestID, .failure(error))
                    }
                }
            }
            var outcomes: [(String, Result<CaseSummary, any Error>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        var filed: [CaseSummary] = []
        for (requestID, outcome) in outcomes {
            switch outcome {
            case .success(let summary):
                #expect(!requestID.hasPrefix("refused-"), "\(requestID) was refused by the database, yet answered as filed")
                filed.append(summary)
            case .failure(let error):
                let message = (error as? EnforcementError)?.message ?? "\(error)"
                #expect(message.contains("refused \(requestID)"), "\(requestID) failed with another write's error: \(message)")
            }
        }
        #expect(filed.count == 24)
        for summary in filed {
            #expect(try await harness.store.read { try $0.cases.record(summary.number) } != nil, "\(summary.number) was answered as filed")
        }
        #expect(try await harness.caseCount() == 1 + 24, "nothing of the refused writes was kept")
        #expect(try await harness.journalCount() == 1 + 24)
        #expect(Set(filed.map(\.number.sequence)) == Set(2...25), "numbered without a gap")
        #expect(try await JournalVerifier.verify(harness.store).isIntact)
    }

    @Test("a server older than its schema (a migration it does not know is applied) stops at start-up with FAILED_PRECONDITION DATABASE_NEWER, before migrating or writing anything")
    func refusesNewerSchema() async throws {
        let schema = TestStore.newSchema()
        _ = try await Harness(store: try await TestStore.postgres(schema: schema)).file()
        let admin = try await Self.admin()
        let logger = Logger(label: "test")
        func migrations() async throws -> Int64 {
            var count: Int64 = 0
            let rows = try await admin.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int8 FROM \(schema).schema_migrations"), logger: logger)
            for try await value in rows.decode(Int64.self) { count = value }
            return count
        }
        let applied = try await migrations()
        _ = try await admin.query(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).schema_migrations (name) VALUES ('v99-from-a-newer-version')"), logger: logger)
        let error = await #expect(throws: EnforcementError.self) { _ = try await TestStore.postgres(schema: schema) }
        #expect(error?.code == .failedPrecondition && error?.reason == "DATABASE_NEWER", "\(String(describing: error))")
        #expect(error?.message.contains("v99-from-a-newer-version") == true)
        #expect(try await migrations() == applied + 1, "nothing migrated, nothing removed")
        _ = try await admin.query(PostgresQuery(unsafeSQL: "DELETE FROM \(schema).schema_migrations WHERE name = 'v99-from-a-newer-version'"), logger: logger)
        try await admin.close()
        let next = try await Harness(store: try await TestStore.postgres(schema: schema)).file()
        #expect(next.number.sequence == 2)
    }

    @Test("a database that stops answering (the journal locked by another session) fails the write UNAVAILABLE within the answer timeout instead of holding it; the write after the lock ends succeeds, numbered without a gap", arguments: [true, false])
    func unansweredStatement(groupCommit: Bool) async throws {
        let schema = TestStore.newSchema()
        // Long enough that no statement of a loaded test run (the whole suite at once on two cores)
        // reaches it unless it is stuck behind the lock; short enough to keep the test quick.
        let timeout: Duration = .seconds(3)
        let harness = try await Harness(store: try await TestStore.postgres(groupCommit: groupCommit, schema: schema, answerTimeout: timeout))
        _ = try await harness.file()
        let admin = try await Self.admin()
        let logger = Logger(label: "test")
        func run(_ sql: String) async throws { _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
        try await run("BEGIN")
        try await run("LOCK TABLE \(schema).journal IN ACCESS EXCLUSIVE MODE")
        let started = ContinuousClock.now
        let error = await #expect(throws: EnforcementError.self) { try await harness.file() }
        let waited = ContinuousClock.now - started
        #expect(error?.code == .unavailable && error?.reason == "STORE_UNANSWERED", "\(String(describing: error))")
        #expect(waited >= timeout && waited < timeout * 10, "answered after \(waited)")
        try await run("ROLLBACK")
        // The given-up session's server side ends once its statement gets the lock and it finds its
        // connection closed; until then it holds the writers' lock. Wait for it rather than let the
        // next write's budget pay for it.
        var inTransaction: Int64 = 1
        for _ in 0..<300 where inTransaction > 0 {
            let rows = try await admin.query(
                "SELECT count(*)::int8 FROM pg_stat_activity WHERE application_name = \("enforcement:" + schema) AND xact_start IS NOT NULL",
                logger: logger)
            for try await count in rows.decode(Int64.self) { inTransaction = count }
            if inTransaction > 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(inTransaction == 0, "the given-up session ended")
        try await admin.close()
        let next = try await harness.file()
        #expect(next.number.sequence == 2, "the unanswered filing was not kept: numbered without a gap")
        #expect(try await harness.caseCount() == 2)
    }

    @Test("a write whose connection is lost while it runs (its backend terminated) answers UNAVAILABLE STORE_UNREACHABLE, keeps nothing, and the next write succeeds on a new connection", arguments: [true, false])
    func lostConnection(groupCommit: Bool) async throws {
        let schema = TestStore.newSchema()
        let harness = try await Harness(store: try await TestStore.postgres(groupCommit: groupCommit, schema: schema))
        _ = try await harness.file()
        let admin = try await Self.admin()
        let logger = Logger(label: "test")
        // The journal locked by another session holds the filing inside its transaction.
        _ = try await admin.query("BEGIN", logger: logger)
        _ = try await admin.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(schema).journal IN ACCESS EXCLUSIVE MODE"), logger: logger)
        let filing = Task { try await harness.file() }
        var waiting = 0
        for _ in 0..<200 where waiting == 0 {
            try await Task.sleep(for: .milliseconds(50))
            let rows = try await admin.query(
                "SELECT count(*)::int8 FROM pg_stat_activity WHERE application_name = \("enforcement:" + schema) AND wait_event_type = 'Lock'", logger: logger)
            for try await count in rows.decode(Int64.self) { waiting = Int(count) }
        }
        #expect(waiting == 1, "the filing waits on the lock")
        let rows = try await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \("enforcement:" + schema)", logger: logger)
        for try await _ in rows {}
        let error = await #expect(throws: EnforcementError.self) { try await filing.value }
        #expect(error?.code == .unavailable && error?.reason == "STORE_UNREACHABLE", "\(String(describing: error))")
        #expect(error?.message.contains("retry it with the same request id") == true)
        #expect(error?.message.contains("127.0.0.1") == false, "names nothing of where the database is")
        _ = try await admin.query("ROLLBACK", logger: logger)
        try await admin.close()
        #expect(try await harness.caseCount() == 1, "the lost filing was not kept")
        let next = try await harness.file()
        #expect(next.number.sequence == 2)
    }

    @Test("a database that cannot be reached (its listener gone, every connection cut) answers UNAVAILABLE STORE_UNREACHABLE naming nothing of where it is, and keeps nothing; once it is back, writes resume without a gap", arguments: [true, false])
    func unreachable(groupCommit: Bool) async throws {
        let url = try #require(ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_URL"])
        let port = try #require(PostgresStore.Configuration(url: url).connection.port)
        let forwarder = try Forwarder(to: port)
        defer { try? forwarder.shut() }
        let schema = TestStore.newSchema()
        let store = try await TestStore.open(PostgresStore.Configuration(
            url: url.replacingOccurrences(of: ":\(port)/", with: ":\(forwarder.port)/"), schema: schema, connections: 2, groupCommit: groupCommit))
        let harness = try await Harness(store: store)
        _ = try await harness.file()
        try forwarder.shut()
        for _ in 1...3 {
            let error = await #expect(throws: EnforcementError.self) { try await harness.file() }
            #expect(error?.code == .unavailable && error?.reason == "STORE_UNREACHABLE", "\(String(describing: error))")
            #expect(error?.message.contains("\(forwarder.port)") == false && error?.message.contains("127.0.0.1") == false)
        }
        try forwarder.open()
        let next = try await harness.file()
        #expect(next.number.sequence == 2, "the refused filings were not kept")
        #expect(try await harness.caseCount() == 2)
    }

    @Test("a second store on the same database does not migrate again, and reads what the first wrote")
    func migratesOnce() async throws {
        let schema = TestStore.newSchema()
        let first = try await Harness(store: TestStore.postgres(schema: schema))
        let summary = try await first.file()
        let second = try await TestStore.postgres(schema: schema)
        #expect(try await second.read { try $0.cases.record(summary.number) }?.number == summary.number)
    }
}

/// A TCP forwarder on 127.0.0.1 to the database, which a test shuts (its listener closed, every
/// connection cut) and opens again on the same port.
final class Forwarder: Sendable {
    let target: SocketAddress
    let port: Int
    private let server = NIOLockedValueBox<(any Channel)?>(nil)
    private let connections = NIOLockedValueBox<[any Channel]>([])

    init(to port: Int) throws {
        target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let channel = try Self.listen(on: 0, to: target, connections: connections)
        self.port = channel.localAddress?.port ?? 0
        server.withLockedValue { $0 = channel }
    }

    /// Listens again, on the same port.
    func open() throws {
        let channel = try Self.listen(on: port, to: target, connections: connections)
        server.withLockedValue { $0 = channel }
    }

    private static func listen(on port: Int, to target: SocketAddress, connections: NIOLockedValueBox<[any Channel]>) throws -> any Channel {
        try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop).connect(to: target).flatMapThrowing { outbound in
                    connections.withLockedValue { $0 += [inbound, outbound] }
                    try inbound.pipeline.syncOperations.addHandler(Glue(outbound))
                    try outbound.pipeline.syncOperations.addHandler(Glue(inbound))
                }
            }
            .bind(host: "127.0.0.1", port: port).wait()
    }

    func shut() throws {
        try server.withLockedValue { server in
            try server?.close().wait()
            server = nil
        }
        for connection in connections.withLockedValue({ all in defer { all = [] }; return all }) {
            try? connection.close().wait()
        }
    }

    /// Copies what one side sends to the other; closes the other when one closes.
    final class Glue: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let partner: any Channel
        init(_ partner: any Channel) { self.partner = partner }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            partner.writeAndFlush(Self.unwrapInboundIn(data), promise: nil)
        }
        func channelInactive(context: ChannelHandlerContext) { partner.close(promise: nil) }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}

@Suite("PostgreSQL: the database URL")
struct PostgresURLTests {
    @Test("sslmode: disable by default on the loopback interface, verify-full elsewhere; prefer and allow, a lone sslcert, files that cannot be read and certificates with disable are refused; so are bad URLs and schema names")
    func parsing() throws {
        let local = try PostgresStore.Configuration(url: "postgres://app:secret@127.0.0.1:5433/enforcement")
        #expect(local.connection.host == "127.0.0.1" && local.connection.port == 5433 && local.connection.database == "enforcement")
        #expect(local.connection.password == "secret")
        #expect(local.tlsMode == .disable && !local.connection.tls.isAllowed)
        let remote = try PostgresStore.Configuration(url: "postgres://app:pw@db.internal/enforcement")
        #expect(remote.tlsMode == .verifyFull && remote.connection.tls.isEnforced)
        let plain = try PostgresStore.Configuration(url: "postgres://app:pw@db.internal/enforcement?sslmode=disable")
        #expect(plain.tlsMode == .disable && !plain.connection.tls.isAllowed)
        let required = try PostgresStore.Configuration(url: "postgres://app:pw@127.0.0.1/enforcement?sslmode=require")
        #expect(required.tlsMode == .require && required.connection.tls.isEnforced)
        let missing = "/nonexistent/ca.crt"
        for url in ["postgres://app:pw@db.internal/enforcement?sslmode=prefer", "postgres://app:pw@db.internal/enforcement?sslmode=allow",
                    "postgres://app:pw@db.internal/enforcement?sslmode=verify", "postgres://app:pw@db.internal/enforcement?sslrootcert=\(missing)",
                    "postgres://app:pw@db.internal/enforcement?sslcert=\(missing)",
                    "postgres://app:pw@127.0.0.1/enforcement?sslmode=disable&sslrootcert=\(missing)",
                    "mysql://app:pw@127.0.0.1/enforcement", "postgres://127.0.0.1/enforcement", "postgres://app:pw@127.0.0.1/"] {
            let error = #expect(throws: EnforcementError.self, "\(url)") { try PostgresStore.Configuration(url: url) }
            #expect(error?.code == .invalidArgument && error?.field == "database_url")
        }
        let error = #expect(throws: EnforcementError.self) {
            try PostgresStore.Configuration(url: "postgres://app:pw@127.0.0.1/enforcement", schema: "x; DROP TABLE cases")
        }
        #expect(error?.field == "schema")
    }
}

/// TLS between the store and PostgreSQL, against the cluster of `scripts/postgres-dev.sh` (its own CA,
/// a server certificate for 127.0.0.1, a role that signs in by client certificate).
@Suite("PostgreSQL: TLS to the database", .enabled(if: ProcessInfo.processInfo.environment["ENFORCEMENT_TEST_DATABASE_TLS_URL"] != nil))
struct PostgresTLSTests {
    static func environment(_ name: String) throws -> String { try #require(ProcessInfo.processInfo.environment[name]) }

    /// What PostgreSQL says of the connections of the store on `schema`: TLS or not, and the client
    /// certificate's subject. Asked as the store's role (PostgreSQL shows a session's details to its
    /// own role).
    static func connections(of schema: String, as url: String = "ENFORCEMENT_TEST_DATABASE_URL") async throws -> [(role: String, ssl: Bool, clientDN: String?)] {
        let logger = Logger(label: "test")
        let admin = try await PostgresStoreTests.admin(url)
        defer { Task { try? await admin.close() } }
        let rows = try await admin.query("""
            SELECT a.usename::text, s.ssl, s.client_dn FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
            WHERE a.application_name = \("enforcement:" + schema)
            """, logger: logger)
        var found: [(String, Bool, String?)] = []
        for try await row in rows.decode((String, Bool, String?).self) { found.append(row) }
        return found
    }

    @Test("sslmode=verify-full with the cluster's CA: every connection of the store is encrypted, and a filing is written and read back")
    func verifyFull() async throws {
        let schema = TestStore.newSchema()
        let store = try await TestStore.open(PostgresStore.Configuration(url: Self.environment("ENFORCEMENT_TEST_DATABASE_TLS_URL"), schema: schema, connections: 2))
        let harness = try await Harness(store: store)
        let summary = try await harness.file()
        #expect(try await store.read { try $0.cases.record(summary.number) }?.number == summary.number)
        let connections = try await Self.connections(of: schema)
        #expect(!connections.isEmpty && connections.allSatisfy { $0.ssl }, "\(connections)")
    }

    @Test("a client certificate (sslcert, sslkey) signs in as the role it names, with no password")
    func clientCertificate() async throws {
        let schema = TestStore.newSchema()
        let store = try await TestStore.open(PostgresStore.Configuration(url: Self.environment("ENFORCEMENT_TEST_DATABASE_CERT_URL"), schema: schema, connections: 1))
        _ = try await Harness(store: store).file()
        let connections = try await Self.connections(of: schema, as: "ENFORCEMENT_TEST_DATABASE_CERT_URL")
        #expect(!connections.isEmpty && connections.allSatisfy { $0.role == "enforcement_cert" && $0.ssl && $0.clientDN == "/CN=enforcement_cert" }, "\(connections)")
    }

    @Test("a server whose certificate does not chain to sslrootcert is refused, under verify-full, verify-ca and require with a root; require without a root connects")
    func untrustedServer() async throws {
        let url = try Self.environment("ENFORCEMENT_TEST_DATABASE_TLS_URL")
        // The client certificate is no CA of the server's certificate.
        let wrongRoot = url.replacingOccurrences(of: "ca.crt", with: "client.crt")
        for mode in ["verify-full", "verify-ca", "require"] {
            let schema = TestStore.newSchema()
            let configuration = try PostgresStore.Configuration(url: wrongRoot.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=\(mode)"), schema: schema)
            let error = #expect(throws: (any Error).self, "\(mode)") { try PostgresStore(configuration) }
            #expect(String(reflecting: error as Any).contains("CERTIFICATE_VERIFY_FAILED"), "\(mode): \(String(reflecting: error as Any))")
            #expect(try await Self.connections(of: schema).isEmpty)
        }
        let unverified = url.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=require")
            .replacingOccurrences(of: #"&sslrootcert=[^&]*"#, with: "", options: .regularExpression)
        let schema = TestStore.newSchema()
        _ = try await Harness(store: try await TestStore.open(PostgresStore.Configuration(url: unverified, schema: schema, connections: 1))).file()
        #expect(try await Self.connections(of: schema).allSatisfy { $0.ssl })
    }
}
