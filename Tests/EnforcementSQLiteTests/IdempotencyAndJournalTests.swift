import EnforcementCore
import EnforcementSQLite
import Foundation
import GRDB
import Testing

@Suite("Exactly-once writes and the audit journal")
struct IdempotencyAndJournalTests {
    @Test("a retry with the same request id returns the stored response and writes nothing")
    func replay() async throws {
        let h = try await Harness()
        let first = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "req-1")
        h.clock.advance(days: 1)
        let again = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "req-1")
        #expect(again == first)
        #expect(try await h.caseCount() == 1)
        #expect(try await h.journalCount() == 1)
    }

    @Test("the same request id with another payload is ALREADY_EXISTS and writes nothing")
    func mismatch() async throws {
        let h = try await Harness()
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "req-1")
        let error = await #expect(throws: EnforcementError.self) {
            try await h.workflow.fileCase(Harness.filing(amountFen: 999), by: Harness.court0105, requestID: "req-1")
        }
        #expect(error?.code == .alreadyExists)
        #expect(error?.field == "request_id")
        #expect(try await h.caseCount() == 1)
        #expect(try await h.journalCount() == 1)
    }

    @Test("request ids are per principal: another court may use the same id")
    func perPrincipal() async throws {
        let h = try await Harness()
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "same")
        let other = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "same")
        #expect(other.court.value == "沪0101")
    }

    @Test("a request id must be 1-128 printable ASCII characters", arguments: ["", String(repeating: "a", count: 129), "has space", "中文"])
    func badRequestID(_ id: String) async throws {
        let h = try await Harness()
        let error = await #expect(throws: EnforcementError.self) { try await h.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: id) }
        #expect(error?.field == "request_id")
        #expect(try await h.journalCount() == 0)
    }

    @Test("every change is a journal entry with principal, user, action, request id and the previous hash")
    func journalEntries() async throws {
        let h = try await Harness()
        let number = try await h.file().number
        try await h.node(number, "execution_notice_sent")
        let entries = try await h.store.journalEntries(after: 0, limit: 10)
        #expect(entries.map(\.action) == ["case.file", "case.record_node"])
        #expect(entries[0].principal == "urn:enforcement:court:沪0105")
        #expect(entries[0].user == "judge-li")
        #expect(entries[0].subject == number.description)
        #expect(entries[0].previousHash == JournalEntry.genesisHash)
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(try await JournalVerifier.verify(h.store).isIntact)
    }

    @Test("the journal refuses UPDATE and DELETE")
    func appendOnly() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID()).sqlite").path
        let h = try await Harness(store: try SQLiteStore(path: path))
        _ = try await h.file()
        let db = try DatabaseQueue(path: path)
        await #expect(throws: (any Error).self) { try await db.write { try $0.execute(sql: "UPDATE journal SET payload = 'x'") } }
        await #expect(throws: (any Error).self) { try await db.write { try $0.execute(sql: "DELETE FROM journal") } }
    }

    @Test("verify finds the first tampered entry, and a deleted one")
    func tampering() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tamper-\(UUID()).sqlite").path
        let h = try await Harness(store: try SQLiteStore(path: path))
        for _ in 0..<5 { _ = try await h.file() }
        let intact = try await JournalVerifier.verify(h.store)
        #expect(intact.isIntact && intact.entriesChecked == 5)
        let db = try DatabaseQueue(path: path)
        // An attacker with file access drops the guard and edits entry 3.
        try await db.write { db in
            try db.execute(sql: "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete")
            try db.execute(sql: "UPDATE journal SET payload = replace(payload, '10000000', '1') WHERE sequence = 3")
        }
        let edited = try await JournalVerifier.verify(try SQLiteStore(path: path))
        #expect(edited.firstBroken?.sequence == 3)
        #expect(edited.entriesChecked == 2)
        try await db.write { db in
            try db.execute(sql: "UPDATE journal SET payload = replace(payload, '\"amountSoughtFen\":1,', '\"amountSoughtFen\":10000000,') WHERE sequence = 3")
            try db.execute(sql: "DELETE FROM journal WHERE sequence = 2")
        }
        let deleted = try await JournalVerifier.verify(try SQLiteStore(path: path))
        #expect(deleted.firstBroken?.sequence == 2)
    }

    @Test("a failing change rolls back the whole transaction: no case, node, journal or idempotency row")
    func atomic() async throws {
        let h = try await Harness()
        let number = try await h.file().number.description
        let before = try await h.journalCount()
        await #expect(throws: EnforcementError.self) {
            try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: 3, reason: "r"), by: Harness.court0101, requestID: "x")
        }
        #expect(try await h.journalCount() == before)
        // The same id is still free for the right caller and payload.
        _ = try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: 3, reason: "r"), by: Harness.court0105, requestID: "x")
    }

    @Test("cases survive reopening the database file")
    func durable() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID()).sqlite").path
        let number = try await Harness(store: try SQLiteStore(path: path)).file().number.description
        let reopened = try await Harness(store: try SQLiteStore(path: path))
        #expect(try await reopened.workflow.get(number, by: Harness.court0105).number.description == number)
        #expect(try await reopened.file().number.sequence == 2)
    }
}
