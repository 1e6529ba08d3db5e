import Crypto
public import Foundation

/// The default evidence store: files under the data directory, content-addressed: `evidence/blobs/ab/<sha256>` for a
/// whole file (read-only once written), `evidence/partial/<sha256>` for an upload in progress.
/// A whole file is made by hashing its partial and renaming it after an fsync, so a crash leaves
/// either the partial or the whole file, never a whole file that does not match its name.
///
/// File work is synchronous (Foundation's `FileHandle`) and runs on the caller's task: a 200 MiB
/// file's hash takes about a second of one core.
public struct FileEvidenceStore: EvidenceBlobStore {
    public let root: URL

    public init(directory: URL) throws {
        root = directory
        for sub in ["blobs", "partial"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
    }

    /// Where the whole file of `sha256` lives (names are checked hex before they get here).
    public func blobURL(_ sha256: String) -> URL {
        root.appendingPathComponent("blobs").appendingPathComponent(String(sha256.prefix(2))).appendingPathComponent(sha256)
    }

    func partialURL(_ sha256: String) -> URL { root.appendingPathComponent("partial").appendingPathComponent(sha256) }

    public func size(of sha256: String) async throws -> Int64? { Self.fileSize(blobURL(sha256)) }

    public func partialSize(of sha256: String) async throws -> Int64 { Self.fileSize(partialURL(sha256)) ?? 0 }

    public func truncatePartial(_ sha256: String, to length: Int64) async throws {
        let handle = try FileHandle(forWritingTo: partialURL(sha256))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(length))
    }

    public func appendPartial(_ sha256: String, _ data: Data) async throws {
        let url = partialURL(sha256)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw EnforcementError(.unavailable, "cannot create an evidence file under \(root.path)")
            }
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    public func partialHead(_ sha256: String, count: Int) async throws -> Data {
        let handle = try FileHandle(forReadingFrom: partialURL(sha256))
        defer { try? handle.close() }
        return try handle.read(upToCount: count) ?? Data()
    }

    public func commitPartial(_ sha256: String) async throws -> Bool {
        let partial = partialURL(sha256)
        guard try Self.hash(partial) == sha256 else { return false }
        let handle = try FileHandle(forWritingTo: partial)
        try handle.synchronize()
        try handle.close()
        let target = blobURL(sha256)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(partial.path, target.path) == 0 else {
            throw EnforcementError(.unavailable, "cannot move an evidence file into place under \(root.path) (errno \(errno))")
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target.path)
        Self.syncDirectory(target.deletingLastPathComponent())
        return true
    }

    public func discardPartial(_ sha256: String) async throws {
        try? FileManager.default.removeItem(at: partialURL(sha256))
    }

    public func read(_ sha256: String, offset: Int64, count: Int) async throws -> Data {
        let handle = try FileHandle(forReadingFrom: blobURL(sha256))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        return try handle.read(upToCount: count) ?? Data()
    }

    public func verify(_ sha256: String) async throws -> Bool? {
        let url = blobURL(sha256)
        guard Self.fileSize(url) != nil else { return nil }
        return try Self.hash(url) == sha256
    }

    public func prunePartials(untouchedSince: Date, except active: Set<String>) async throws -> Int {
        let directory = root.appendingPathComponent("partial")
        var pruned = 0
        for url in try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])
        where !active.contains(url.lastPathComponent) {
            guard let modified = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                  modified < untouchedSince else { continue }
            try FileManager.default.removeItem(at: url)
            pruned += 1
        }
        return pruned
    }

    /// The size of a regular file, or nil.
    public static func fileSize(_ url: URL) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    /// SHA-256 of a file as 64 lowercase hex digits, read in 1 MiB pieces.
    public static func hash(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hasher.update(data: data) }
        return hasher.finalize().hexadecimal
    }

    static func syncDirectory(_ url: URL) {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
