public import Foundation

/// Field records and the state of their evidence files.
public protocol FieldReader {
    func fieldRecord(_ id: String) throws -> FieldRecord?
    /// A case's records with a position after `after`, oldest first.
    func fieldRecords(ofCase number: CaseNumber, after: Int64, limit: Int) throws -> [FieldRecord]
    /// The files with this hash declared by the case's records (one per record that declared it).
    func evidence(ofCase number: CaseNumber, sha256: String) throws -> [EvidenceFile]
    /// Every received file (case and file), of one court's cases or of all, after a position, in order.
    func receivedEvidence(court: CourtCode?, after: Int64, limit: Int) throws -> [(position: Int64, caseNumber: CaseNumber, file: EvidenceFile)]
}

public protocol FieldWriter: FieldReader {
    /// Inserts a record and returns it with its position and id.
    func insert(_ record: FieldRecord) throws -> FieldRecord
    /// Marks every file with this hash declared by the case's records as received.
    func markReceived(ofCase number: CaseNumber, sha256: String, at: Date) throws
}

/// Where evidence bytes live: content-addressed by SHA-256, written once, never deleted through the
/// API. A file being uploaded is a partial until its bytes are all there and match the hash.
/// A deployment can put an object store here; the server's default keeps files under its data directory.
public protocol EvidenceBlobStore: Sendable {
    /// The size of the whole file held under `sha256`, or nil.
    func size(of sha256: String) async throws -> Int64?
    /// The bytes of the partial upload held for `sha256` (0 when none).
    func partialSize(of sha256: String) async throws -> Int64
    /// Cuts the partial to `length` bytes (a client resuming from an earlier offset).
    func truncatePartial(_ sha256: String, to length: Int64) async throws
    /// Appends `data` at the partial's end.
    func appendPartial(_ sha256: String, _ data: Data) async throws
    /// The first `count` bytes of the partial.
    func partialHead(_ sha256: String, count: Int) async throws -> Data
    /// Hashes the partial; when it matches, makes it the whole file (atomically, durably) and
    /// returns true; otherwise leaves it.
    func commitPartial(_ sha256: String) async throws -> Bool
    func discardPartial(_ sha256: String) async throws
    /// `count` bytes of the whole file from `offset`.
    func read(_ sha256: String, offset: Int64, count: Int) async throws -> Data
    /// Re-hashes the whole file: nil when it is missing, else whether it still matches.
    func verify(_ sha256: String) async throws -> Bool?
    /// Deletes the partial uploads last written before `untouchedSince`, except those of `active`
    /// uploads; answers how many it deleted.
    func prunePartials(untouchedSince: Date, except active: Set<String>) async throws -> Int
}
