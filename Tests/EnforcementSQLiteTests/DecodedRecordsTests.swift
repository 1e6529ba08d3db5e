@testable import EnforcementSQL
import Foundation
import Testing

@Suite("Decoded records: a payload is decoded once per its bytes, within bounds")
struct DecodedRecordsTests {
    final class Calls: @unchecked Sendable { var count = 0 }

    @Test("the same bytes are answered from what was kept; changed bytes, even canonically equal text, are decoded afresh")
    func decodedOncePerBytes() throws {
        let cache = DecodedRecords<String>(limit: 10, byteLimit: 1_000)
        let calls = Calls()
        let decode: (String) throws -> String = { payload in
            calls.count += 1
            return "decoded " + payload
        }
        #expect(try cache.record("a", "{\"v\":1}", decode: decode) == "decoded {\"v\":1}")
        #expect(try cache.record("a", "{\"v\":1}", decode: decode) == "decoded {\"v\":1}")
        #expect(calls.count == 1)
        #expect(try cache.record("a", "{\"v\":2}", decode: decode) == "decoded {\"v\":2}")
        #expect(calls.count == 2)
        // "é" composed and decomposed: equal Swift strings, different bytes.
        let composed = "{\"n\":\"\u{E9}\"}", decomposed = "{\"n\":\"e\u{301}\"}"
        #expect(composed == decomposed)
        _ = try cache.record("b", composed, decode: decode)
        let second = try cache.record("b", decomposed, decode: decode)
        #expect(calls.count == 4 && Array(second.utf8) == Array(("decoded " + decomposed).utf8))
        // Another key with the same bytes is its own entry.
        _ = try cache.record("c", "{\"v\":2}", decode: decode)
        #expect(calls.count == 5 && cache.count.records == 3)
    }

    @Test("a payload that fails to decode is not kept; the bounds on records and bytes drop everything kept when passed")
    func bounded() throws {
        struct Unreadable: Error {}
        let cache = DecodedRecords<Int>(limit: 3, byteLimit: 100)
        #expect(throws: Unreadable.self) { try cache.record("x", "bad", decode: { _ in throw Unreadable() }) }
        #expect(cache.count.records == 0)
        for key in ["a", "b", "c"] { _ = try cache.record(key, String(repeating: "1", count: 10), decode: { $0.count }) }
        #expect(cache.count == (3, 30))
        _ = try cache.record("d", "22", decode: { $0.count })
        #expect(cache.count == (1, 2), "the fourth record passed the limit of 3: only it is kept")
        _ = try cache.record("e", String(repeating: "3", count: 99), decode: { $0.count })
        #expect(cache.count == (1, 99), "2 + 99 bytes passed 100: only the new one is kept")
        _ = try cache.record("e", String(repeating: "4", count: 101), decode: { $0.count })
        #expect(cache.count == (0, 0), "a payload over the byte bound is decoded but never kept, and its key's old entry is gone")
    }
}
