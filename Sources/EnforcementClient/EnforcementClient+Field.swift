import Crypto
public import EnforcementCore
import EnforcementAPI
public import Foundation
import GRPCCore

/// Mobile enforcement: field records, and their evidence files up and down with resume and hash checks.
extension EnforcementClient {
    /// Sends a field record; `deviceNow` is this device's clock (the configuration's unless given;
    /// the server refuses a clock more than a day off its own).
    public func recordFieldAction(_ command: RecordFieldAction, deviceNow: Date? = nil, requestID: String = newRequestID()) async throws -> FieldRecord {
        let request = Enforcement_V1_RecordFieldActionRequest(command, deviceNow: deviceNow ?? configuration.clock(), requestID: requestID)
        return try FieldRecord(try await call(requestID) { try await fields.recordFieldAction(request, metadata: $0, options: $1) })
    }

    public func fieldRecord(_ id: String) async throws -> FieldRecord {
        var request = Enforcement_V1_GetFieldRecordRequest()
        request.id = id
        return try FieldRecord(try await call(nil) { try await fields.getFieldRecord(request, metadata: $0, options: $1) })
    }

    public func fieldRecords(of caseNumber: String, after: Int64 = 0, limit: Int = 100) async throws -> [FieldRecord] {
        var request = Enforcement_V1_ListFieldRecordsRequest()
        request.caseNumber = caseNumber
        request.pageToken = after == 0 ? "" : String(after)
        request.pageSize = Int32(clamping: limit)
        return try await call(nil) { try await fields.listFieldRecords(request, metadata: $0, options: $1) }.records.map { try FieldRecord($0) }
    }

    public func uploadStatus(of caseNumber: String, sha256: String) async throws -> FieldWorkflow.UploadStatus {
        var request = Enforcement_V1_GetUploadStatusRequest()
        request.caseNumber = caseNumber
        request.sha256 = sha256
        return Self.status(try await call(nil) { try await fields.getUploadStatus(request, metadata: $0, options: $1) })
    }

    /// Uploads a declared file from where the server's copy ends (asking it first), in chunks of
    /// 256 KiB, calling `progress` with the bytes the server holds after each. One call; an
    /// interruption throws, and the next call resumes. A file the server already holds is not sent.
    public func uploadEvidence(
        of caseNumber: String, file url: URL, sha256: String,
        progress: @escaping @Sendable (_ sent: Int64, _ size: Int64) -> Void = { _, _ in }
    ) async throws -> FieldWorkflow.UploadStatus {
        let status = try await uploadStatus(of: caseNumber, sha256: sha256)
        if status.complete { return status }
        let start = status.held
        let size = status.size
        let metadata = try await Self.metadata(configuration, requestID: nil)
        do {
            let response = try await fields.uploadEvidence(metadata: metadata, options: Self.transferOptions) { writer in
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(start))
                var offset = start
                var first = true
                repeat {
                    var message = Enforcement_V1_UploadEvidenceRequest()
                    if first {
                        message.caseNumber = caseNumber
                        message.sha256 = sha256
                        first = false
                    }
                    message.offset = offset
                    message.data = try handle.read(upToCount: FieldWorkflow.chunkBytes) ?? Data()
                    try await writer.write(message)
                    offset += Int64(message.data.count)
                    progress(offset, size)
                    if message.data.isEmpty { break }
                } while offset < size
            }
            return Self.status(response)
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }

    /// Downloads a received file to `destination`, checking its bytes against its SHA-256 before
    /// the file appears there (a mismatch throws and leaves nothing).
    public func downloadEvidence(
        of caseNumber: String, sha256: String, to destination: URL,
        progress: @escaping @Sendable (_ received: Int64, _ size: Int64) -> Void = { _, _ in }
    ) async throws -> EvidenceFile {
        var request = Enforcement_V1_DownloadEvidenceRequest()
        request.caseNumber = caseNumber
        request.sha256 = sha256
        let metadata = try await Self.metadata(configuration, requestID: nil)
        let partial = destination.deletingLastPathComponent().appendingPathComponent("." + destination.lastPathComponent + ".part")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: partial) }
        let file: EvidenceFile
        do {
            file = try await fields.downloadEvidence(request, metadata: metadata, options: Self.transferOptions) { response in
                let handle = try FileHandle(forWritingTo: partial)
                defer { try? handle.close() }
                var hasher = SHA256()
                var described: EvidenceFile?
                var received: Int64 = 0
                for try await message in response.messages {
                    if message.hasFile { described = EvidenceFile(message.file) }
                    guard let file = described, message.offset == received else {
                        throw EnforcementError(.internalError, "the server sent evidence out of order")
                    }
                    hasher.update(data: message.data)
                    try handle.write(contentsOf: message.data)
                    received += Int64(message.data.count)
                    progress(received, file.size)
                }
                guard let file = described, received == file.size else {
                    throw EnforcementError(.unavailable, "the download ended early; download again")
                }
                let digest = hasher.finalize().hexadecimal
                guard digest == file.sha256 else {
                    throw EnforcementError(.internalError, "the file received hashes to \(digest), not its recorded \(file.sha256): not saved",
                                           reason: "EVIDENCE_HASH_MISMATCH")
                }
                try handle.synchronize()
                return file
            }
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
        _ = try? FileManager.default.removeItem(at: destination)
        try FileManager.default.moveItem(at: partial, to: destination)
        return file
    }

    public func verifyEvidence(court: String = "") async throws -> FieldWorkflow.VerifyReport {
        var request = Enforcement_V1_VerifyEvidenceRequest()
        request.court = court
        let response = try await call(nil) { metadata, _ in try await fields.verifyEvidence(request, metadata: metadata, options: Self.transferOptions) }
        return FieldWorkflow.VerifyReport(
            filesChecked: Int(response.filesChecked), bytesChecked: response.bytesChecked,
            problems: try response.problems.map { FieldWorkflow.EvidenceProblem(caseNumber: try CaseNumber(parsing: $0.caseNumber), sha256: $0.sha256, status: $0.status) })
    }

    /// Uploads and downloads run long and resume themselves: an hour's deadline, no automatic retry.
    static var transferOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .seconds(3600)
        return options
    }

    static func status(_ response: Enforcement_V1_UploadEvidenceResponse) -> FieldWorkflow.UploadStatus {
        .init(sha256: response.sha256, size: response.size, held: response.bytesHeld, complete: response.complete, alreadyHeld: response.alreadyHeld)
    }

    /// Describes a file on this device as evidence: its SHA-256 and size, and its media type from
    /// its name's extension unless given.
    public static func describeEvidence(_ url: URL, mediaType: String? = nil) throws -> EvidenceFile {
        let sha256 = try FileEvidenceStore.hash(url)
        guard let size = FileEvidenceStore.fileSize(url) else {
            throw EnforcementError.invalid("file", "\(url.lastPathComponent) is not a regular file")
        }
        let types = ["jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic", "mp4": "video/mp4",
                     "mov": "video/quicktime", "m4a": "audio/mp4", "mp3": "audio/mpeg", "pdf": "application/pdf"]
        return EvidenceFile(sha256: sha256, size: size,
                            mediaType: mediaType ?? types[url.pathExtension.lowercased()] ?? "application/octet-stream", name: url.lastPathComponent)
    }
}
