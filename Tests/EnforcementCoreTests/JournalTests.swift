import EnforcementCore
import Foundation
import Testing

@Suite("Journal entry hashing")
struct JournalEntryTests {
    func entry(_ sequence: Int64 = 1, payload: String = "{}", previous: String = JournalEntry.genesisHash) -> JournalEntry {
        JournalEntry(sequence: sequence, at: Date(timeIntervalSince1970: 1_800_000_000.123), principal: "urn:enforcement:court:沪0105",
                     user: "judge", action: "case.file", requestID: "r1", subject: "（2026）沪0105执1号", payload: payload, previousHash: previous)
    }

    @Test("the hash is SHA-256 hex over the fields and the previous hash, and is stable")
    func stable() {
        #expect(entry().hash.count == 64)
        #expect(entry().hash == entry().hash)
        #expect(entry().computedHash == entry().hash)
    }

    @Test("changing any field or the link changes the hash")
    func sensitive() {
        #expect(entry(payload: "{\"a\":1}").hash != entry().hash)
        #expect(entry(previous: String(repeating: "1", count: 64)).hash != entry().hash)
        #expect(entry(2).hash != entry().hash)
    }
}
