import EnforcementCore
import EnforcementSQLite
import Foundation
import GRDB
import Testing

/// A database written by the code before user tokens (commit 400dbec, through its own server and
/// enforcectl: a case with a payout approved by 李法官, 赵局长 and 钱会计 named in `enforcement-user`,
/// and the limit extended by the old one-step call), opened by this code.
/// A database file of `Fixtures/`, copied to a temporary path (the test may migrate and write it).
enum Fixture {
    static func copy(_ name: String) throws -> String {
        let fixture = try #require(Bundle.module.url(forResource: name, withExtension: "sqlite", subdirectory: "Fixtures"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(name)-\(UUID()).sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

@Suite("Upgrade: a database from before user tokens")
struct UpgradeTests {
    @Test("the old journal verifies before and after the migration, the old records read, and new entries chain on with the user's name")
    func opensAndReads() async throws {
        let path = try Fixture.copy("before-user-tokens")
        defer { Fixture.remove(path) }
        let unmigrated = try SQLiteStore(path: path, migrate: false)
        let before = try await JournalVerifier.verify(unmigrated)
        #expect(before.isIntact && before.entriesChecked > 5, "\(before.entriesChecked) entries, \(String(describing: before.firstBroken))")

        let store = try SQLiteStore(path: path)
        let after = try await JournalVerifier.verify(store)
        #expect(after.isIntact && after.entriesChecked == before.entriesChecked)
        let old = try await store.journalEntries(after: 0, limit: 1_000)
        #expect(old.allSatisfy { $0.userName == nil }, "entries before user tokens have no name")
        #expect(old.contains { $0.user == "赵局长" })

        let payouts = try await store.read { try $0.ledger.payouts(PayoutFilter(limit: 100)) }
        let payout = try #require(payouts.first)
        #expect(payout.status == .approved)
        #expect(payout.approvals.map(\.user) == ["李法官", "赵局长", "钱会计"])
        #expect(payout.approvals.allSatisfy { $0.userName == nil && $0.onBehalfOf == nil })
        let cases = try await store.read { try $0.cases.list(matching: CaseFilter(), after: 0, limit: 100) }
        let record = try #require(cases.first?.record)
        #expect(record.extensionMonths == 2 && record.extensionRequest == nil)
        #expect(record.handlingJudge == "李法官")
        // Version 10 gave the old control requests their court and service instant: the oversight export finds them.
        let requests = try await store.read { try $0.controls.requests(ofCase: record.number) }
        let day = CalendarDate(record.filedAt)
        let exported = try await store.read {
            try $0.controls.requests(ControlLogFilter(court: record.number.court, servedFrom: day.startInstant,
                                                      servedBefore: day.adding(days: 1).startInstant, limit: 1000))
        }
        #expect(!requests.isEmpty && exported.map(\.id) == requests.filter { CalendarDate($0.servedAt) == day }.map(\.id))
        // Version 14 filled supervision's watches from the old records: a pass finds the old case's open deadlines.
        #expect(try await store.read { try $0.supervision.watchDifferences() }.isEmpty)
        let pending = try await store.read { try $0.supervision.dueWatches(.nodeDeadline, baseOnOrBefore: CalendarDate(year: 2100, month: 1, day: 1)) }
        #expect(record.status == .closed || pending.contains { $0.source == "case:\(record.number)" })

        // The new code writes on: the same case, a node recorded by a verified user.
        let harness = try await Harness(today: CalendarDate(record.filedAt), store: store)
        _ = try await harness.workflow.recordNode(RecordNode(caseNumber: record.number.description, nodeCode: "interview_held"),
                                                  by: Caller(principal: .court(record.number.court), user: CourtUser(id: "li.fang", name: "李芳", roles: [.judge])),
                                                  requestID: "after-upgrade")
        let chained = try await JournalVerifier.verify(store)
        #expect(chained.isIntact && chained.entriesChecked == before.entriesChecked + 1)
        let last = try #require(try await store.journalEntries(after: 0, limit: 1_000).last)
        #expect(last.user == "li.fang" && last.userName == "李芳")
    }
}

@Suite("Versioned payloads")
struct PayloadVersionTests {
    @Test("records are written with their payload version; one from a newer version is refused on read, not misread; one without a version reads as version 1")
    func versions() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("payload-\(UUID()).sqlite").path
        defer { Fixture.remove(path) }
        let harness = try await Harness(store: try SQLiteStore(path: path))
        let number = try await harness.file().number
        let queue = try DatabaseQueue(path: path)
        let stored = try await queue.read { try String.fetchOne($0, sql: "SELECT data FROM cases") }
        #expect(stored?.hasPrefix(#"{"_v":1,"#) == true)

        // Written before versions: no `_v`; read as version 1.
        try await queue.write { try $0.execute(sql: #"UPDATE cases SET data = '{' || substr(data, 9)"#) }
        #expect(try await harness.store.read { try $0.cases.record(number) }?.number == number)

        // Written by a newer server sharing the database.
        try await queue.write { try $0.execute(sql: #"UPDATE cases SET data = '{"_v":2,' || substr(data, 2)"#) }
        let error = await #expect(throws: EnforcementError.self) { try await harness.workflow.get(number.description, by: Harness.court0105) }
        #expect(error?.code == .failedPrecondition && error?.message.contains("payload version 2") == true)
    }
}

@Suite("Downgrade: a database migrated by a newer version")
struct NewerDatabaseTests {
    @Test("a server older than its database file stops at start-up with FAILED_PRECONDITION DATABASE_NEWER, naming the unknown migration, and changes nothing")
    func sqliteRefusesNewer() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("newer-\(UUID()).sqlite").path
        defer { Fixture.remove(path) }
        _ = try await Harness(store: try SQLiteStore(path: path)).file()
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-version')")
        }
        let error = #expect(throws: EnforcementError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .failedPrecondition && error?.reason == "DATABASE_NEWER", "\(String(describing: error))")
        #expect(error?.message.contains("v99-from-a-newer-version") == true)
        let kept = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0)
        }
        let reader = try SQLiteStore(path: path, migrate: false)
        #expect(try await JournalVerifier.verify(reader).isIntact)
        #expect(kept.0 == 1)
        // Removing the newer migration's mark (as a restored backup would be) opens it again.
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v99-from-a-newer-version'") }
        _ = try await Harness(store: try SQLiteStore(path: path)).file()
    }
}
