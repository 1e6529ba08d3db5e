public import Foundation
import Crypto
import Synchronization

/// Mobile enforcement (移动执行): field records from the officers' device and their evidence files.
///
/// A record is written once by its request id, reaches the case as a `field_action` node (a seal
/// with its assets also as `assets_sealed`) and a journal entry holding every file's hash. Files
/// are declared by the record and uploaded after it; only a declared file of a case the caller's
/// court may change can be uploaded, so nobody can park bytes the platform did not ask for.
public struct FieldWorkflow: Sendable {
    public let domain: Domain
    public let policy: FieldPolicy
    public let blobs: any EvidenceBlobStore
    /// Files being uploaded now, by hash: one upload of a file at a time.
    let uploading = UploadRegistry()

    public init(domain: Domain, blobs: any EvidenceBlobStore, policy: FieldPolicy = FieldPolicy()) {
        self.domain = domain
        self.blobs = blobs
        self.policy = policy
    }

    /// A chunk of an upload: at most this many bytes (the wire's message bound is 1 MiB).
    public static let chunkBytes = 256 << 10

    // MARK: Records

    /// Records a field action. `deviceNow` is the device's clock when it sent the record: more than
    /// a day from the server's is refused (the device's time would make the record's time unreliable).
    public func record(_ command: RecordFieldAction, deviceNow: Date?, by caller: Caller, requestID: String) async throws -> FieldRecord {
        let draft = try Self.validate(command, policy: policy)
        let number = draft.caseNumber
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        guard let deviceNow else { throw EnforcementError.invalid("device_now", "the device's clock at sending is required") }
        let offset = deviceNow.timeIntervalSince(context.at)
        guard abs(offset) <= policy.maxClockOffset else {
            throw EnforcementError.invalid(
                "device_now", "the device's clock is \(Int(abs(offset) / 3600)) hours \(offset > 0 ? "ahead of" : "behind") the server's; set the device's time and send again",
                reason: "DEVICE_CLOCK_OFF")
        }
        guard draft.occurredAt <= deviceNow.addingTimeInterval(300) else {
            throw EnforcementError.invalid("occurred_at", "the action cannot happen after the device's own clock")
        }
        guard deviceNow.timeIntervalSince(draft.occurredAt) <= policy.maxRecordAge else {
            throw EnforcementError.invalid("occurred_at", "a field record is sent within \(Int(policy.maxRecordAge / 86_400)) days of the action")
        }
        let nodes = domain.nodes
        let record: FieldRecord = try await domain.store.write(context) { tx in
            var stored = try CaseWorkflow.load(number, tx.cases)
            try stored.requireOpen()
            guard CalendarDate(draft.occurredAt) >= stored.filedOn else {
                throw EnforcementError.invalid("occurred_at", "the action happened before case \(number) was filed on \(stored.filedOn)")
            }
            for (index, asset) in draft.assets.enumerated() {
                guard let id = asset.controlRequestID else { continue }
                guard let request = try tx.controls.request(id), request.caseNumber == number else {
                    throw EnforcementError(.notFound, field: "assets[\(index)].control_request_id", "no control request \(id.prefix(40)) of case \(number)")
                }
            }
            var record = draft
            record.receivedAt = context.at
            record.deviceClockOffset = Int64(offset.rounded())
            record.recordedBy = caller.description
            record = try tx.fields.insert(record)
            let node = nodes.system("field_action")
            stored.nodesReached.insert(node.code)
            _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                              documentNumber: record.id, note: draft.kind.nameZh, filedOn: stored.filedOn))
            if draft.kind == .onSiteSeal {
                let sealed = nodes.system("assets_sealed")
                stored.nodesReached.insert(sealed.code)
                _ = try tx.cases.append(NodeEvent(
                    caseNumber: number, node: sealed, occurredAt: context.at, recordedBy: caller.description, documentNumber: record.id,
                    note: "现场查封: " + draft.assets.map(\.description).joined(separator: "; ").prefix(1_000), filedOn: stored.filedOn))
            }
            try tx.cases.update(stored)
            return (record, number.description)
        }
        return record
    }

    public func get(_ id: String, by caller: Caller) async throws -> FieldRecord {
        let id = id.trimmingWhitespace
        guard (1...40).contains(id.count) else { throw EnforcementError.invalid("id", "a field record id such as F-000001") }
        let record = try await domain.store.read { try $0.fields.fieldRecord(id) }
        guard let record, caller.mayRead(record.caseNumber) else { throw Domain.outOfScope("field record \(id)", field: "id") }
        return record
    }

    public func list(_ caseNumber: String, after: Int64, limit: Int, by caller: Caller) async throws -> [FieldRecord] {
        let page = try PageSize.resolve(limit)
        return try await domain.readCase(caseNumber, by: caller) { reader, record in
            try reader.fields.fieldRecords(ofCase: record.number, after: after, limit: page)
        }
    }

    /// The record's own bounds, before any store is read.
    static func validate(_ command: RecordFieldAction, policy: FieldPolicy) throws(EnforcementError) -> FieldRecord {
        let number = try CaseNumber(parsing: command.caseNumber)
        guard let kind = command.kind else {
            throw .invalid("kind", "the kind of action is required: \(FieldActionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let occurredAt = command.occurredAt else { throw .invalid("occurred_at", "when the action happened is required") }
        if let gps = command.gps {
            guard gps.latitude.isFinite, (-90...90).contains(gps.latitude) else { throw .invalid("position.latitude", "a latitude is between -90 and 90") }
            guard gps.longitude.isFinite, (-180...180).contains(gps.longitude) else { throw .invalid("position.longitude", "a longitude is between -180 and 180") }
            guard gps.accuracyMetres.isFinite, (0...10_000).contains(gps.accuracyMetres) else {
                throw .invalid("position.accuracy_m", "the accuracy is 0 to 10000 metres")
            }
        }
        let address = try CaseWorkflow.optionalText(command.address, field: "address")
        let officers = try names(command.officers, field: "officers", limit: 20)
        guard officers.count >= kind.minimumOfficers else {
            throw officers.isEmpty
                ? .invalid("officers", "name the officers present")
                : .invalid("officers", "a \(kind.rawValue) (\(kind.nameZh)) needs at least \(kind.minimumOfficers) officers present; \(officers.count) named",
                           reason: "TOO_FEW_OFFICERS")
        }
        let witnesses = try names(command.witnesses, field: "witnesses", limit: 20)
        let notes = try CaseWorkflow.optionalText(command.notes, field: "notes", limit: 2_000)
        guard command.assets.count <= 50 else { throw .invalid("assets", "at most 50 assets a record") }
        var assets: [FieldAsset] = []
        for (index, asset) in command.assets.enumerated() {
            let description = try CaseWorkflow.requiredText(asset.description, field: "assets[\(index)].description", rule: "describe the asset")
            let control = try CaseWorkflow.optionalText(asset.controlRequestID, field: "assets[\(index)].control_request_id", limit: 40)
            assets.append(FieldAsset(description: description, controlRequestID: control))
        }
        if kind == .onSiteSeal, assets.isEmpty {
            throw .invalid("assets", "a seal names what was sealed")
        }
        guard command.evidence.count <= 50 else { throw .invalid("evidence", "at most 50 files a record") }
        var evidence: [EvidenceFile] = []
        for (index, file) in command.evidence.enumerated() {
            let field = "evidence[\(index)]"
            let hash = try sha256(file.sha256, field: field + ".sha256")
            guard !evidence.contains(where: { $0.sha256 == hash }) else { throw .invalid(field + ".sha256", "the same file is listed twice") }
            guard (1...policy.maxEvidenceBytes).contains(file.size) else {
                throw .invalid(field + ".size", "a file is 1 to \(policy.maxEvidenceBytes) bytes; this one says \(file.size)", reason: "EVIDENCE_TOO_LARGE")
            }
            guard FieldPolicy.mediaTypes[file.mediaType] != nil else {
                throw .invalid(field + ".media_type", "'\(file.mediaType.prefix(60))' is not accepted; one of \(FieldPolicy.mediaTypes.keys.sorted().joined(separator: ", "))",
                               reason: "EVIDENCE_TYPE_UNKNOWN")
            }
            let name = try CaseWorkflow.requiredText(file.name, field: field + ".name", rule: "the file's name is required")
            evidence.append(EvidenceFile(sha256: hash, size: file.size, mediaType: file.mediaType, name: name))
        }
        return FieldRecord(caseNumber: number, kind: kind, occurredAt: occurredAt, receivedAt: occurredAt, deviceClockOffset: 0,
                           gps: command.gps, address: address, officers: officers, witnesses: witnesses, notes: notes,
                           assets: assets, evidence: evidence, recordedBy: "")
    }

    static func names(_ raw: [String], field: String, limit: Int) throws(EnforcementError) -> [String] {
        guard raw.count <= limit else { throw .invalid(field, "at most \(limit) names") }
        var names: [String] = []
        for (index, name) in raw.enumerated() {
            let name = try CaseWorkflow.requiredText(name, field: "\(field)[\(index)]", rule: "a name is required", limit: 40)
            guard !names.contains(name) else { throw .invalid("\(field)[\(index)]", "\(name) is named twice") }
            names.append(name)
        }
        return names
    }

    /// A SHA-256 as 64 lowercase hex digits.
    public static func sha256(_ raw: String, field: String) throws(EnforcementError) -> String {
        let hash = raw.lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw .invalid(field, "a SHA-256 is 64 hex digits")
        }
        return hash
    }

    // MARK: Evidence

    /// What the server holds of a declared file.
    public struct UploadStatus: Hashable, Sendable {
        public var sha256: String
        public var size: Int64
        public var held: Int64
        /// The case's evidence counts: its bytes are whole and matched the hash.
        public var complete: Bool
        /// The bytes were held before this call (the same file from another record).
        public var alreadyHeld: Bool

        public init(sha256: String, size: Int64, held: Int64, complete: Bool, alreadyHeld: Bool) {
            self.sha256 = sha256
            self.size = size
            self.held = held
            self.complete = complete
            self.alreadyHeld = alreadyHeld
        }
    }

    public func status(_ caseNumber: String, sha256 raw: String, by caller: Caller) async throws -> UploadStatus {
        let (_, file) = try await declared(caseNumber, raw, by: caller, change: true)
        let whole = try await blobs.size(of: file.sha256)
        if file.receivedAt != nil || whole != nil {
            return UploadStatus(sha256: file.sha256, size: file.size, held: file.size, complete: file.receivedAt != nil, alreadyHeld: true)
        }
        return UploadStatus(sha256: file.sha256, size: file.size, held: try await blobs.partialSize(of: file.sha256), complete: false, alreadyHeld: false)
    }

    /// Opens an upload of a declared file from `offset` (at most the bytes held; an earlier offset
    /// drops what follows it). A file already held completes at once, without its bytes.
    public func openUpload(_ caseNumber: String, sha256 raw: String, offset: Int64, by caller: Caller) async throws -> EvidenceUpload {
        let (number, file) = try await declared(caseNumber, raw, by: caller, change: true)
        guard uploading.take(file.sha256) else {
            throw EnforcementError.precondition("this file is being uploaded by another call; wait for it and ask GetUploadStatus",
                                                field: "sha256", reason: "UPLOAD_IN_PROGRESS")
        }
        let upload = EvidenceUpload(workflow: self, caller: caller, number: number, file: file)
        do {
            try await upload.open(at: offset)
        } catch {
            upload.close()
            throw error
        }
        return upload
    }

    /// A received file of a case the caller may read: its description, then its bytes in chunks.
    public func download(_ caseNumber: String, sha256 raw: String, by caller: Caller,
                         _ send: (EvidenceFile, Int64, Data) async throws -> Void) async throws {
        let (_, file) = try await declared(caseNumber, raw, by: caller, change: false)
        guard file.receivedAt != nil else {
            throw EnforcementError.precondition("file \(file.sha256.prefix(12))… has not been received whole yet", field: "sha256", reason: "EVIDENCE_NOT_RECEIVED")
        }
        var offset: Int64 = 0
        repeat {
            let count = Int(min(Int64(Self.chunkBytes), file.size - offset))
            let data = try await blobs.read(file.sha256, offset: offset, count: count)
            guard data.count == count else {
                throw EnforcementError(.internalError, "evidence \(file.sha256) is shorter on disk than recorded; run evidence verify")
            }
            try await send(file, offset, data)
            offset += Int64(count)
        } while offset < file.size
    }

    /// One file found not to match its record.
    public struct EvidenceProblem: Hashable, Sendable {
        public var caseNumber: CaseNumber
        public var sha256: String
        /// `changed` or `missing`.
        public var status: String

        public init(caseNumber: CaseNumber, sha256: String, status: String) {
            self.caseNumber = caseNumber
            self.sha256 = sha256
            self.status = status
        }
    }

    public struct VerifyReport: Hashable, Sendable {
        public var filesChecked: Int
        public var bytesChecked: Int64
        public var problems: [EvidenceProblem]

        public init(filesChecked: Int, bytesChecked: Int64, problems: [EvidenceProblem]) {
            self.filesChecked = filesChecked
            self.bytesChecked = bytesChecked
            self.problems = problems
        }
    }

    /// Re-reads every received file (of one court's cases, or of all for the command centre).
    public func verify(court raw: String, by caller: Caller) async throws -> VerifyReport {
        let court: CourtCode?
        if let own = caller.court {
            court = own
        } else if caller.isCityWide {
            court = raw.trimmingWhitespace.isEmpty ? nil : try CourtCode(raw, field: "court")
        } else {
            throw EnforcementError(.permissionDenied, "only a court or the command centre verifies evidence")
        }
        var report = VerifyReport(filesChecked: 0, bytesChecked: 0, problems: [])
        var verdicts: [String: Bool?] = [:]
        var after: Int64 = 0
        while true {
            let start = after
            let page = try await domain.store.read { try $0.fields.receivedEvidence(court: court, after: start, limit: 500) }
            for (position, number, file) in page {
                after = position
                let verdict: Bool?
                if let known = verdicts[file.sha256] {
                    verdict = known
                } else {
                    verdict = try await blobs.verify(file.sha256)
                    verdicts[file.sha256] = verdict
                    report.filesChecked += 1
                    report.bytesChecked += file.size
                }
                switch verdict {
                case true?: continue
                case false?: report.problems.append(EvidenceProblem(caseNumber: number, sha256: file.sha256, status: "changed"))
                case nil: report.problems.append(EvidenceProblem(caseNumber: number, sha256: file.sha256, status: "missing"))
                }
            }
            if page.count < 500 { break }
        }
        return report
    }

    /// Deletes partial uploads untouched for the policy's `abandonedUploadAge` (by the injected
    /// clock), except those being uploaded now: what a device abandoned does not hold the disk.
    public func pruneAbandonedUploads() async throws -> Int {
        try await blobs.prunePartials(untouchedSince: domain.clock.now().addingTimeInterval(-policy.abandonedUploadAge),
                                      except: uploading.active)
    }

    /// The file declared with this hash by a record of the case, after the caller's scope.
    func declared(_ caseNumber: String, _ raw: String, by caller: Caller, change: Bool) async throws -> (CaseNumber, EvidenceFile) {
        let number = try CaseNumber(parsing: caseNumber)
        let hash = try Self.sha256(raw, field: "sha256")
        if change { try domain.requireChangeRight(caller, number) } else { try domain.requireReadRight(caller, number) }
        let files = try await domain.store.read { try $0.fields.evidence(ofCase: number, sha256: hash) }
        guard var file = files.first else {
            throw EnforcementError(.notFound, field: "sha256", "no file \(hash.prefix(12))… is declared by a field record of case \(number)")
        }
        file.receivedAt = files.compactMap(\.receivedAt).min()
        return (number, file)
    }

    /// The upload completed: the case's declarations of the file count from now (written once).
    func received(_ number: CaseNumber, _ file: EvidenceFile, by caller: Caller) async throws {
        let command = ReceiveEvidence(caseNumber: number.description, sha256: file.sha256, size: file.size)
        let key = SHA256.hash(data: Data((number.description + "\n" + file.sha256).utf8)).hexadecimal
        let context = try domain.writeContext(command, caller: caller, requestID: "evidence:" + key)
        let _: Bool = try await domain.store.write(context) { tx in
            try tx.fields.markReceived(ofCase: number, sha256: file.sha256, at: context.at)
            return (true, number.description)
        }
    }
}

/// One upload of a declared file: chunks in order, then `finish`. Not shared between tasks.
public final class EvidenceUpload {
    let workflow: FieldWorkflow
    let caller: Caller
    let number: CaseNumber
    public let file: EvidenceFile
    /// Bytes of the file the server holds.
    public private(set) var held: Int64 = 0
    public private(set) var alreadyHeld = false
    private var typeChecked = false
    private var closed = false

    init(workflow: FieldWorkflow, caller: Caller, number: CaseNumber, file: EvidenceFile) {
        self.workflow = workflow
        self.caller = caller
        self.number = number
        self.file = file
    }

    var blobs: any EvidenceBlobStore { workflow.blobs }
    var signature: EvidenceSignature? { FieldPolicy.mediaTypes[file.mediaType] }

    func open(at offset: Int64) async throws {
        if try await blobs.size(of: file.sha256) != nil {
            alreadyHeld = true
            held = file.size
            if file.receivedAt == nil { try await workflow.received(number, file, by: caller) }
            return
        }
        let partial = try await blobs.partialSize(of: file.sha256)
        guard offset >= 0, offset <= partial else {
            throw EnforcementError.invalid("offset", "the server holds \(partial) bytes of this file; resume from \(partial)", reason: "OFFSET_BEYOND_HELD")
        }
        if offset < partial { try await blobs.truncatePartial(file.sha256, to: offset) }
        held = offset
        typeChecked = offset >= Int64(signature?.needed ?? 0)
    }

    /// Appends a chunk that starts at `offset`.
    public func write(offset: Int64, _ data: Data) async throws {
        guard !alreadyHeld, !data.isEmpty else { return }
        guard offset == held else {
            throw EnforcementError.invalid(
                "offset", "chunk out of order: expected offset \(held), got \(offset); the \(held) bytes held are kept, resume from there",
                reason: "CHUNK_OUT_OF_ORDER")
        }
        guard data.count <= 1 << 20 else { throw EnforcementError.invalid("data", "a chunk is at most 1 MiB") }
        guard held + Int64(data.count) <= file.size else {
            try await blobs.discardPartial(file.sha256)
            held = 0
            throw EnforcementError.invalid("data", "more bytes than the declared \(file.size); the upload is discarded, send the file again",
                                           reason: "EVIDENCE_LONGER_THAN_DECLARED")
        }
        try await blobs.appendPartial(file.sha256, data)
        held += Int64(data.count)
        try await checkType(final: false)
    }

    private func checkType(final: Bool) async throws {
        guard !typeChecked, let signature else { return }
        guard held >= Int64(signature.needed) || final else { return }
        typeChecked = true
        let head = try await blobs.partialHead(file.sha256, count: signature.needed)
        guard signature.matches(head) else {
            try await blobs.discardPartial(file.sha256)
            held = 0
            throw EnforcementError.invalid("media_type", "the file's bytes are not \(file.mediaType); the upload is discarded",
                                           reason: "EVIDENCE_TYPE_MISMATCH")
        }
    }

    /// Ends the call: a whole file is hashed and, matching, counts; a part is kept for a resume.
    public func finish() async throws -> FieldWorkflow.UploadStatus {
        defer { close() }
        if !alreadyHeld, held == file.size {
            try await checkType(final: true)
            guard try await blobs.commitPartial(file.sha256) else {
                try await blobs.discardPartial(file.sha256)
                throw EnforcementError.invalid("sha256", "the bytes received do not match the declared SHA-256; the upload is discarded, send the file again",
                                               reason: "EVIDENCE_HASH_MISMATCH")
            }
            try await workflow.received(number, file, by: caller)
            return .init(sha256: file.sha256, size: file.size, held: held, complete: true, alreadyHeld: false)
        }
        return .init(sha256: file.sha256, size: file.size, held: held, complete: alreadyHeld, alreadyHeld: alreadyHeld)
    }

    /// Releases the file for other uploads (at the end of the call, whatever happened).
    public func close() {
        guard !closed else { return }
        closed = true
        workflow.uploading.give(file.sha256)
    }

    deinit { close() }
}

/// The hashes being uploaded now.
final class UploadRegistry: Sendable {
    private let hashes = Mutex(Set<String>())

    func take(_ sha256: String) -> Bool { hashes.withLock { $0.insert(sha256).inserted } }
    func give(_ sha256: String) { _ = hashes.withLock { $0.remove(sha256) } }
    var active: Set<String> { hashes.withLock { $0 } }
}
