import Foundation
import Synchronization

/// Records decoded from their stored payloads, each kept with the exact bytes it was decoded from:
/// a record read again whose payload has the same bytes is answered without decoding it again.
/// Decoding a case's JSON took about 50 µs, on every `GetCase`, every write to a case (on SQLite's
/// one writer thread) and 50 times for a page of `ListCases`.
///
/// Correct whatever the store or the database: the answer for a payload is a function of its bytes
/// alone (the payload version is in them), and a changed payload is decoded afresh. Bounded: at most
/// `limit` records and `byteLimit` bytes of payload; when either would be passed, everything kept is
/// dropped and filling starts again.
final class DecodedRecords<Record: Sendable>: Sendable {
    private struct Entry {
        let bytes: [UInt8]
        let record: Record
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    let limit: Int
    let byteLimit: Int

    init(limit: Int, byteLimit: Int) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// The record `key` whose payload is `payload`: the kept one when its bytes are the same, else
    /// `decode(payload)`, then kept.
    func record(_ key: String, _ payload: String, decode: (String) throws -> Record) throws -> Record {
        let bytes = Array(payload.utf8)
        if let kept = state.withLock({ $0.entries[key] }), kept.bytes == bytes { return kept.record }
        let record = try decode(payload)
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.bytes.count }
            guard bytes.count <= byteLimit else { return }
            if state.entries.count >= limit || state.bytes + bytes.count > byteLimit { state = State() }
            state.entries[key] = Entry(bytes: bytes, record: record)
            state.bytes += bytes.count
        }
        return record
    }

    /// What is kept now (for tests).
    var count: (records: Int, bytes: Int) { state.withLock { ($0.entries.count, $0.bytes) } }
}
