public import EnforcementCore
public import Foundation
import GRDB

/// The device's outbox of field records (offline first): a record is kept here when it is made,
/// with its request id and a copy of each of its files, and sent when the network returns —
/// records in the order they were made, each record before its files, interrupted uploads resumed
/// where the server's copy ends. Because the request id is made at recording time, a record sent
/// twice (the answer lost on the way back) is written once; a file already on the server is not
/// sent again. One SQLite file, and a directory beside it for the copies (deleted once the server
/// holds their files whole).
public final class FieldOutbox: Sendable {
    /// One record waiting or sent.
    public struct Entry: Sendable, Hashable {
        public var sequence: Int64
        public var requestID: String
        public var command: RecordFieldAction
        /// The server's id once the record was accepted.
        public var recordID: String?
        /// A refusal that will not change by sending again (the record stays here, not sent).
        public var refusal: String?
        public var files: [FileState]
    }

    public struct FileState: Sendable, Hashable {
        public var file: EvidenceFile
        public var copy: URL
        public var uploaded: Bool
    }

    /// What a sync did and what is still waiting.
    public struct SyncReport: Sendable {
        public var recordsSent = 0
        public var filesUploaded = 0
        public var bytesUploaded: Int64 = 0
        /// Records (or their files) still to send: the network went away during the sync.
        public var waiting = 0
        public var refused: [(Entry, String)] = []
        /// Why the sync stopped early, if it did.
        public var stoppedBy: String?
    }

    let queue: DatabaseQueue
    public let filesDirectory: URL

    public init(path: URL) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        filesDirectory = path.deletingPathExtension().appendingPathExtension("files")
        try FileManager.default.createDirectory(at: filesDirectory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        queue = try DatabaseQueue(path: path.path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE entries (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id TEXT NOT NULL UNIQUE,
                    command TEXT NOT NULL,
                    record_id TEXT,
                    refusal TEXT,
                    created_ms INTEGER NOT NULL);
                CREATE TABLE files (
                    entry INTEGER NOT NULL REFERENCES entries (sequence),
                    idx INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    uploaded INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (entry, idx));
                """)
        }
        try migrator.migrate(queue)
    }

    /// Keeps a record made now on the device: copies each file into the outbox (so later changes
    /// to the original do not touch the evidence), describes it (hash, size, type) and gives the
    /// record its request id. Nothing is sent.
    @discardableResult
    public func record(_ command: RecordFieldAction, files: [URL], requestID: String = EnforcementClient.newRequestID()) throws -> Entry {
        var command = command
        var described: [EvidenceFile] = []
        for url in files {
            var file = try EnforcementClient.describeEvidence(url)
            let copy = filesDirectory.appendingPathComponent(file.sha256)
            if !FileManager.default.fileExists(atPath: copy.path) {
                let temporary = filesDirectory.appendingPathComponent(".\(file.sha256).tmp")
                try? FileManager.default.removeItem(at: temporary)
                try FileManager.default.copyItem(at: url, to: temporary)
                guard try EnforcementClient.describeEvidence(temporary).sha256 == file.sha256 else {
                    try? FileManager.default.removeItem(at: temporary)
                    throw EnforcementError.invalid("file", "\(url.lastPathComponent) changed while it was being copied; record again")
                }
                try FileManager.default.moveItem(at: temporary, to: copy)
            }
            file.receivedAt = nil
            described.append(file)
        }
        command.evidence = described
        let json = String(decoding: try JSONEncoder().encode(command), as: UTF8.self)
        let sequence = try queue.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO entries (request_id, command, created_ms) VALUES (?, ?, ?)",
                           arguments: [requestID, json, Date().epochMillis])
            let sequence = db.lastInsertedRowID
            for (index, file) in described.enumerated() {
                try db.execute(sql: "INSERT INTO files (entry, idx, sha256) VALUES (?, ?, ?)", arguments: [sequence, index, file.sha256])
            }
            return sequence
        }
        return try entries().first { $0.sequence == sequence }!  // just written in the same file
    }

    /// Every entry, oldest first.
    public func entries() throws -> [Entry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM entries ORDER BY sequence").map { row in
                let command = try JSONDecoder().decode(RecordFieldAction.self, from: Data((row["command"] as String).utf8))
                let uploaded = try Row.fetchAll(db, sql: "SELECT idx, uploaded FROM files WHERE entry = ?", arguments: [row["sequence"] as Int64])
                    .reduce(into: [Int: Bool]()) { $0[$1["idx"]] = $1["uploaded"] }
                return Entry(
                    sequence: row["sequence"], requestID: row["request_id"], command: command, recordID: row["record_id"], refusal: row["refusal"],
                    files: command.evidence.enumerated().map { index, file in
                        FileState(file: file, copy: filesDirectory.appendingPathComponent(file.sha256), uploaded: uploaded[index] ?? false)
                    })
            }
        }
    }

    /// Entries with something still to send (the record or a file), oldest first; refused ones are not.
    public func waiting() throws -> [Entry] {
        try entries().filter { $0.refusal == nil && ($0.recordID == nil || $0.files.contains { !$0.uploaded }) }
    }

    /// Sends what is waiting, in order. A lost network (UNAVAILABLE, DEADLINE_EXCEEDED) stops the
    /// sync, keeping everything for the next; a refusal of a record is kept on it and the sync goes on.
    public func sync(
        _ client: EnforcementClient,
        progress: @escaping @Sendable (_ entry: Entry, _ file: EvidenceFile, _ sent: Int64, _ size: Int64) -> Void = { _, _, _, _ in }
    ) async throws -> SyncReport {
        var report = SyncReport()
        let pending = try waiting()
        for (position, entry) in pending.enumerated() {
            do {
                if entry.recordID == nil {
                    let record = try await client.recordFieldAction(entry.command, requestID: entry.requestID)
                    try await queue.write { db in
                        try db.execute(sql: "UPDATE entries SET record_id = ? WHERE sequence = ?", arguments: [record.id, entry.sequence])
                    }
                    report.recordsSent += 1
                }
                for (index, state) in entry.files.enumerated() where !state.uploaded {
                    var status = try await client.uploadEvidence(of: entry.command.caseNumber, file: state.copy, sha256: state.file.sha256) { sent, size in
                        progress(entry, state.file, sent, size)
                    }
                    var rounds = 0
                    while !status.complete, rounds < 3 {
                        rounds += 1
                        status = try await client.uploadEvidence(of: entry.command.caseNumber, file: state.copy, sha256: state.file.sha256)
                    }
                    guard status.complete else {
                        throw EnforcementError(.unavailable, "the upload of \(state.file.name) did not complete")
                    }
                    try await queue.write { db in
                        try db.execute(sql: "UPDATE files SET uploaded = 1 WHERE entry = ? AND idx = ?", arguments: [entry.sequence, index])
                    }
                    report.filesUploaded += 1
                    if !status.alreadyHeld { report.bytesUploaded += state.file.size }
                }
            } catch let error as EnforcementError where Self.transient(error) {
                report.waiting = pending.count - position
                report.stoppedBy = error.message
                return report
            } catch let error as EnforcementError {
                try await queue.write { db in
                    try db.execute(sql: "UPDATE entries SET refusal = ? WHERE sequence = ?", arguments: ["\(error.code): \(error.message)", entry.sequence])
                }
                report.refused.append((entry, error.message))
            }
        }
        try removeSentCopies()
        return report
    }

    /// Deletes the copies of files the server has whole (hash checked there) and no waiting or
    /// refused entry still needs: the device does not keep evidence it has handed over.
    func removeSentCopies() throws {
        let needed = Set(try entries().filter { $0.refusal != nil || $0.recordID == nil || $0.files.contains { !$0.uploaded } }
            .flatMap { $0.files.map(\.file.sha256) })
        for url in try FileManager.default.contentsOfDirectory(at: filesDirectory, includingPropertiesForKeys: nil)
        where url.lastPathComponent.count == 64 && !needed.contains(url.lastPathComponent) {
            try FileManager.default.removeItem(at: url)
        }
    }

    /// A failure that sending later can cure: the network, the server busy with the same file or
    /// with this court's other transfers, or a call cut off (which the client sees as INTERNAL).
    static func transient(_ error: EnforcementError) -> Bool {
        switch error.code {
        case .unavailable, .resourceExhausted: true
        case .failedPrecondition: error.rule == "UPLOAD_IN_PROGRESS"
        case .internalError: error.rule == nil
        default: false
        }
    }
}
