import EnforcementCore
import Crypto
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

    @Test("an entry without a user name hashes exactly as entries written before user tokens; the name, when present, is covered")
    func userNameCompatible() {
        // The nine length-prefixed fields of the entries written before the user's name joined the journal.
        let old = entry()
        let fields = [String(old.sequence), String(old.at.epochMillis), old.principal, old.user ?? "", old.action, old.requestID,
                      old.subject, old.payload, old.previousHash]
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        let expected = SHA256.hash(data: Data(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(old.hash == expected)
        let named = JournalEntry(sequence: 1, at: old.at, principal: old.principal, user: old.user, action: old.action, requestID: old.requestID,
                                 subject: old.subject, payload: old.payload, previousHash: old.previousHash, userName: "李芳")
        #expect(named.hash != old.hash)
        var renamed = named
        renamed.userName = "王芳"
        #expect(renamed.computedHash != renamed.hash, "an edited name breaks the entry's hash")
    }

    @Test("changing any field or the link changes the hash")
    func sensitive() {
        #expect(entry(payload: "{\"a\":1}").hash != entry().hash)
        #expect(entry(previous: String(repeating: "1", count: 64)).hash != entry().hash)
        #expect(entry(2).hash != entry().hash)
    }
}

@Suite("Hexadecimal digests")
struct HexadecimalTests {
    @Test("two lowercase digits a byte, as String(format: \"%02x\") wrote them: stored hashes and request hashes keep their text")
    func sameAsFormat() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(bytes.hexadecimal == bytes.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().hexadecimal == "")
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        #expect(SHA256.hash(data: Data("abc".utf8)).hexadecimal == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
