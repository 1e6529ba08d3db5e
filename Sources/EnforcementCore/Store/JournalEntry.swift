public import Foundation
import Crypto

/// One entry of the append-only audit journal, chained to the previous one by SHA-256.
public struct JournalEntry: Hashable, Codable, Sendable {
    public var sequence: Int64
    public var at: Date
    public var principal: String
    /// The verified user id inside the principal (the `sub` of its court's token).
    public var user: String?
    /// The user's name as the token gave it; absent in entries written before user tokens.
    public var userName: String?
    public var action: String
    public var requestID: String
    public var subject: String
    public var payload: String
    /// Hex SHA-256 of the previous entry (64 zeros for the first).
    public var previousHash: String
    /// Hex SHA-256 of this entry's fields and `previousHash`.
    public var hash: String

    public static let genesisHash = String(repeating: "0", count: 64)

    public init(
        sequence: Int64, at: Date, principal: String, user: String?, action: String,
        requestID: String, subject: String, payload: String, previousHash: String, userName: String? = nil
    ) {
        self.sequence = sequence
        // Milliseconds, so the time survives a round trip through any store unchanged.
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.principal = principal
        self.user = user
        self.userName = userName
        self.action = action
        self.requestID = requestID
        self.subject = subject
        self.payload = payload
        self.previousHash = previousHash
        hash = ""
        hash = computedHash
    }

    /// The hash the fields call for; differs from `hash` if a stored row was edited.
    public var computedHash: String {
        let millis = at.epochMillis
        var fields = [
            String(sequence), String(millis), principal, user ?? "", action, requestID, subject, payload, previousHash,
        ]
        // The name joined the entry with user tokens: entries written before have nine fields and keep their hashes.
        if let userName { fields.append(userName) }
        // Length-prefixed fields: no two different entries serialise alike.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(canonical.utf8)).hexadecimal
    }
}

/// The result of walking the journal chain.
public struct JournalVerification: Sendable {
    public var entriesChecked: Int
    /// The first entry that breaks the chain, and why.
    public var firstBroken: (sequence: Int64, reason: String)?

    public var isIntact: Bool { firstBroken == nil }
}

/// Walks a journal in pages and checks every link: hashes, order, and no gaps.
public enum JournalVerifier {
    public static func verify(_ store: any EnforcementStore, pageSize: Int = 1000) async throws -> JournalVerification {
        var previousHash = JournalEntry.genesisHash
        var previousSequence: Int64 = 0
        var checked = 0
        while true {
            let page = try await store.journalEntries(after: previousSequence, limit: pageSize)
            for entry in page {
                if entry.sequence != previousSequence + 1 {
                    return JournalVerification(
                        entriesChecked: checked,
                        firstBroken: (previousSequence + 1, "entry \(previousSequence + 1) is missing (next is \(entry.sequence))"))
                }
                if entry.previousHash != previousHash {
                    return JournalVerification(
                        entriesChecked: checked, firstBroken: (entry.sequence, "previous-hash link does not match entry \(previousSequence)"))
                }
                if entry.computedHash != entry.hash {
                    return JournalVerification(
                        entriesChecked: checked, firstBroken: (entry.sequence, "contents do not match the entry's hash (edited)"))
                }
                previousHash = entry.hash
                previousSequence = entry.sequence
                checked += 1
            }
            if page.count < pageSize { break }
        }
        return JournalVerification(entriesChecked: checked, firstBroken: nil)
    }
}
