import EnforcementCore
import EnforcementSQLite
import Foundation
import GRDB
import Testing

@Suite("A database file that cannot be read is refused, never replaced (issue 19)")
struct UnreadableDatabaseTests {
    func withFile(_ bytes: (URL) throws -> Void, _ body: (String, Data) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unreadable-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("enforcement.sqlite")
        try bytes(file)
        try body(file.path, try Data(contentsOf: file))
    }

    func expectRefused(_ path: String, _ before: Data, mentioning: String) throws {
        let error = #expect(throws: EnforcementError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.reason == "DATABASE_UNREADABLE")
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains(mentioning) == true, "\(String(describing: error))")
        #expect(error?.description.contains("restore it from a backup") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the file was changed")
    }

    @Test("random bytes where the database should be: refused with the path and SQLite's reason; the file is untouched")
    func garbage() throws {
        try withFile({ url in
            var generator = SystemRandomNumberGenerator()
            try Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: url)
        }) { path, before in
            try expectRefused(path, before, mentioning: "SQLite error 26")
        }
    }

    @Test("another program's SQLite database: refused, not migrated into")
    func stranger() throws {
        try withFile({ url in
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT); INSERT INTO accounts VALUES (1, 'x')") }
        }) { path, before in
            try expectRefused(path, before, mentioning: "none of this platform's")
        }
    }

    @Test("an empty file and the platform's own database open")
    func ours() throws {
        try withFile({ url in try Data().write(to: url) }) { path, _ in
            _ = try SQLiteStore(path: path)
            _ = try SQLiteStore(path: path)  // reopened: it is ours now
        }
    }
}

@Suite("A database file held for a moment by another connection is waited for, not called unreadable")
struct LockedDatabaseTests {
    @Test("the platform's database, locked exclusively by another connection for 300 ms (as the last connection of a closing store holds it to checkpoint): a store opening it meanwhile waits and opens it")
    func lockedMomentarily() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("locked-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("enforcement.sqlite").path
        let number = try await Harness(store: try SQLiteStore(path: path)).file().number
        // Another connection takes the file's exclusive lock (WAL with EXCLUSIVE locking, after a write).
        let holder = try DatabaseQueue(path: path)
        try await holder.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "INSERT INTO store_heartbeat (id, at_ms) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET at_ms = 0")
        }
        // Given up from a thread of its own: the store's opening below blocks the thread it runs on.
        let released = DispatchSemaphore(value: 0)
        Thread {
            usleep(300_000)
            try? holder.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA locking_mode = NORMAL") }
            try? holder.read { _ in }  // the next access gives the exclusive lock up
            try? holder.close()
            released.signal()
        }.start()
        let store = try SQLiteStore(path: path)
        released.wait()
        let reopened = try await Harness(store: store)
        #expect(try await reopened.workflow.get(number.description, by: Harness.court0105).number == number)
    }
}
