import Crypto
import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import Testing

/// Bytes that start as a JPEG does, `size` long, different for each `seed`.
func jpegBytes(_ size: Int, seed: UInt8) -> Data {
    var block = Data(count: min(size, 1 << 20))
    var generator = SeededGenerator(seed: UInt64(seed) + 1)
    block.withUnsafeMutableBytes { raw in
        let words = raw.bindMemory(to: UInt64.self)
        for index in words.indices { words[index] = generator.next() }
    }
    var data = Data(capacity: size)
    var index: UInt8 = 0
    while data.count < size {
        block[0] = index
        index &+= 1
        data.append(block.prefix(size - data.count))
    }
    data.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
    return data
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func sha256Hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

extension TestServer {
    /// Writes `data` to a file in the test's directory.
    func file(_ name: String, _ data: Data) throws -> URL {
        let url = directory.appendingPathComponent("device").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    var evidenceBlobs: URL { directory.appendingPathComponent("evidence/blobs") }

    /// The evidence files held whole on disk.
    func blobCount() -> Int {
        (FileManager.default.enumerator(at: evidenceBlobs, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.lastPathComponent.count == 64 }.count
    }

    /// The generated FieldService client as court 0105's judge, for uploads the library would not make.
    func rawField<R: Sendable>(_ body: (Enforcement_V1_FieldService.Client<HTTP2ClientTransport.Posix>, Metadata) async throws -> R) async throws -> R {
        let metadata = try await fullyEntitled("court-0105")
        return try await rawGRPC(certificate: pki.clientCertificate("court-0105").path) { try await body(.init(wrapping: $0), metadata) }
    }

    /// Sends `chunks` (offset, bytes) as one upload of `sha` to `number`; with `cutAfter`, the call
    /// is abandoned (cancelled) after that many chunks.
    func rawUpload(_ number: String, sha: String, _ chunks: [(Int64, Data)], cutAfter: Int? = nil) async throws -> Enforcement_V1_UploadEvidenceResponse {
        try await rawField { field, metadata in
            try await field.uploadEvidence(metadata: metadata) { writer in
                for (index, (offset, data)) in chunks.enumerated() {
                    if let cutAfter, index == cutAfter { throw CancellationError() }
                    var message = Enforcement_V1_UploadEvidenceRequest()
                    if index == 0 {
                        message.caseNumber = number
                        message.sha256 = sha
                    }
                    message.offset = offset
                    message.data = data
                    try await writer.write(message)
                }
            }
        }
    }
}

/// `data` in 256 KiB chunks from `offset`.
func chunks(_ data: Data, from offset: Int64 = 0, size: Int = 256 << 10) -> [(Int64, Data)] {
    stride(from: Int(offset), to: data.count, by: size).map { (Int64($0), data.subdata(in: $0..<min($0 + size, data.count))) }
}

func seal(_ number: String, files: [EvidenceFile], officers: [String] = ["李法官", "王书记员"], at: Date) -> RecordFieldAction {
    RecordFieldAction(caseNumber: number, kind: .onSiteSeal, occurredAt: at, gps: GeoPosition(latitude: 31.22, longitude: 121.44, accuracyMetres: 8),
                      address: "上海市长宁区仙霞路99号", officers: officers, witnesses: ["物业经理赵某"], notes: "张贴封条",
                      assets: [FieldAsset(description: "钢材 20 吨")], evidence: files)
}

func declared(_ data: Data, name: String, type: String = "image/jpeg") -> EvidenceFile {
    EvidenceFile(sha256: sha256Hex(data), size: Int64(data.count), mediaType: type, name: name)
}

@Suite("Mobile enforcement: field records and evidence, end to end over mTLS", .serialized)
struct FieldEndToEndTests {
    @Test("FieldService: every RPC × every role over the wire, as the table says")
    func authorisation() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_FieldService.Method.descriptors)
        }
    }

    @Test("an on-site seal with two officers and a photo: a field_action and an assets_sealed node, the hash in the journal; the upload makes the photo count")
    func recordSealAndUpload() async throws {
        try await TestServer.with { server in
            let now = server.clock.now()
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let photo = jpegBytes(700_000, seed: 1)
            let url = try server.file("a.jpg", photo)
            let record = try await server.client { try await $0.recordFieldAction(seal(number, files: [declared(photo, name: "a.jpg")], at: now)) }
            #expect(record.id == "F-000001")
            #expect(record.evidence.count == 1 && record.evidence[0].receivedAt == nil)
            let codes = try await server.client { try await $0.timeline(number) }.map(\.nodeCode)
            #expect(codes.contains("field_action") && codes.contains("assets_sealed"))
            // Chain of custody: the record's journal entry holds the file's hash.
            let journal = try await server.application.store.journalEntries(after: 0, limit: 100)
            #expect(journal.contains { $0.action == "field.record" && $0.payload.contains(sha256Hex(photo)) })

            let status = try await server.client { try await $0.uploadEvidence(of: number, file: url, sha256: sha256Hex(photo)) }
            #expect(status.complete && status.held == Int64(photo.count) && !status.alreadyHeld)
            let stored = try await server.client { try await $0.fieldRecord(record.id) }
            #expect(stored.evidence[0].receivedAt != nil)
            #expect(server.blobCount() == 1)
            // The command centre reads it and downloads the photo, hash checked by the library.
            let target = server.directory.appendingPathComponent("download.jpg")
            let file = try await server.client("command-centre") { try await $0.downloadEvidence(of: number, sha256: sha256Hex(photo), to: target) }
            #expect(file.sha256 == sha256Hex(photo))
            #expect(try Data(contentsOf: target) == photo)
            let listed = try await server.client("command-centre") { try await $0.fieldRecords(of: number) }
            #expect(listed.map(\.id) == [record.id])
        }
    }

    @Test("bad records: one officer for a seal or a search, another court's case, GPS out of range, a device clock off by more than a day, an unknown type, a file over the limit — each refused, nothing written")
    func badRecords() async throws {
        try await TestServer.with(configure: { $0.maxEvidenceBytes = 1 << 20 }) { server in
            let now = server.clock.now()
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let foreign = try await server.client("court-0101") { try await $0.fileCase(goodFiling()).number.description }
            let photo = declared(jpegBytes(1_000, seed: 2), name: "p.jpg")
            func refused(_ command: RecordFieldAction, deviceNow: Date? = nil, identity: String = "court-0105") async throws -> EnforcementError {
                try await #require(throws: EnforcementError.self) {
                    _ = try await server.client(identity) { try await $0.recordFieldAction(command, deviceNow: deviceNow) }
                }
            }
            var error = try await refused(seal(number, files: [photo], officers: ["李法官"], at: now))
            #expect(error.code == .invalidArgument && error.field == "officers" && error.rule == "TOO_FEW_OFFICERS")
            var search = seal(number, files: [], officers: ["李法官"], at: now)
            search.kind = .search
            error = try await refused(search)
            #expect(error.code == .invalidArgument && error.rule == "TOO_FEW_OFFICERS")
            error = try await refused(seal(foreign, files: [photo], at: now))
            #expect(error.code == .notFound && error.field == "case_number")
            var farAway = seal(number, files: [photo], at: now)
            farAway.gps = GeoPosition(latitude: 91, longitude: 121.44, accuracyMetres: 5)
            error = try await refused(farAway)
            #expect(error.code == .invalidArgument && error.field == "position.latitude")
            farAway.gps = GeoPosition(latitude: 31, longitude: -181, accuracyMetres: 5)
            error = try await refused(farAway)
            #expect(error.code == .invalidArgument && error.field == "position.longitude")
            farAway.gps = GeoPosition(latitude: 31, longitude: 121, accuracyMetres: .nan)
            error = try await refused(farAway)
            #expect(error.code == .invalidArgument && error.field == "position.accuracy_m")
            error = try await refused(seal(number, files: [photo], at: now), deviceNow: now.addingTimeInterval(86_400 + 60))
            #expect(error.code == .invalidArgument && error.field == "device_now" && error.rule == "DEVICE_CLOCK_OFF")
            error = try await refused(seal(number, files: [photo], at: now), deviceNow: now.addingTimeInterval(-86_400 - 60))
            #expect(error.rule == "DEVICE_CLOCK_OFF")
            var unknown = photo
            unknown.mediaType = "application/x-msdownload"
            error = try await refused(seal(number, files: [unknown], at: now))
            #expect(error.code == .invalidArgument && error.field == "evidence[0].media_type" && error.rule == "EVIDENCE_TYPE_UNKNOWN")
            var huge = photo
            huge.size = (1 << 20) + 1
            error = try await refused(seal(number, files: [huge], at: now))
            #expect(error.code == .invalidArgument && error.field == "evidence[0].size" && error.rule == "EVIDENCE_TOO_LARGE")
            // Nothing of it was written.
            #expect(try await server.client { try await $0.fieldRecords(of: number) }.isEmpty)
            #expect(try await server.client { try await $0.timeline(number) }.allSatisfy { $0.nodeCode != "field_action" })
            #expect(try await server.application.store.journalEntries(after: 0, limit: 100).allSatisfy { $0.action != "field.record" })
        }
    }

    @Test("bad uploads: bytes not matching the hash, more bytes than declared, bytes not of the declared type (each discarded); a chunk out of order, a resume offset beyond what is held (each kept for resume); an undeclared file")
    func badUploads() async throws {
        try await TestServer.with { server in
            let now = server.clock.now()
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let good = jpegBytes(600_000, seed: 3)
            let png = jpegBytes(300_000, seed: 4)
            _ = try await server.client {
                try await $0.recordFieldAction(seal(number, files: [declared(good, name: "g.jpg"), declared(png, name: "p.png", type: "image/png")], at: now))
            }
            let sha = sha256Hex(good)
            func status() async throws -> FieldWorkflow.UploadStatus { try await server.client { try await $0.uploadStatus(of: number, sha256: sha) } }
            func failing(_ body: () async throws -> Enforcement_V1_UploadEvidenceResponse) async throws -> RPCError {
                try await #require(throws: RPCError.self) { _ = try await body() }
            }
            // Other bytes of the same size: refused when the hash is checked, and discarded.
            let forged = jpegBytes(600_000, seed: 9)
            var error = try await failing { try await server.rawUpload(number, sha: sha, chunks(forged)) }
            #expect(error.code == .invalidArgument && error.message.contains("do not match"))
            #expect(try await status().held == 0)
            // More than declared: discarded.
            error = try await failing { try await server.rawUpload(number, sha: sha, chunks(good + Data([1, 2, 3]))) }
            #expect(error.code == .invalidArgument && error.message.contains("more bytes than"))
            #expect(try await status().held == 0)
            // JPEG bytes declared as PNG: discarded as soon as the first bytes show it.
            error = try await failing { try await server.rawUpload(number, sha: sha256Hex(png), chunks(png)) }
            #expect(error.code == .invalidArgument && error.message.contains("not image/png"))
            #expect(try await server.client { try await $0.uploadStatus(of: number, sha256: sha256Hex(png)) }.held == 0)
            // A chunk out of order: refused, the bytes before it kept.
            let parts = chunks(good)
            error = try await failing { try await server.rawUpload(number, sha: sha, [parts[0], parts[2]]) }
            #expect(error.code == .invalidArgument && error.message.contains("out of order"))
            #expect(try await status().held == Int64(parts[0].1.count))
            // A resume beyond what the server holds: refused, nothing changed.
            error = try await failing { try await server.rawUpload(number, sha: sha, [parts[2]]) }
            #expect(error.code == .invalidArgument && error.message.contains("resume from \(parts[0].1.count)"))
            #expect(try await status().held == Int64(parts[0].1.count))
            // A file no record of the case declared.
            error = try await failing { try await server.rawUpload(number, sha: sha256Hex(forged), chunks(forged)) }
            #expect(error.code == .notFound)
            // Nothing counted: the file is not received and nothing is held whole.
            #expect(try await status().complete == false)
            #expect(server.blobCount() == 0)
            // The resume from what is held completes it.
            let url = try server.file("g.jpg", good)
            let done = try await server.client { try await $0.uploadEvidence(of: number, file: url, sha256: sha) }
            #expect(done.complete && server.blobCount() == 1)
        }
    }

    @Test("a 50 MiB file: interrupted twice, resumed from what the server holds, complete and whole; the same file in a second record is stored once and not sent again")
    func resumeAndDeduplicate() async throws {
        try await TestServer.with { server in
            let now = server.clock.now()
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let video = jpegBytes(50 << 20, seed: 5)
            let sha = sha256Hex(video)
            var file = declared(video, name: "v.mp4")
            file.mediaType = "image/jpeg"
            _ = try await server.client { try await $0.recordFieldAction(seal(number, files: [file], at: now)) }
            let all = chunks(video)
            func held() async throws -> Int64 { try await server.client { try await $0.uploadStatus(of: number, sha256: sha) }.held }
            func cut(from offset: Int64, after count: Int) async throws {
                let start = Int(offset) / (256 << 10)
                for attempt in 0..<100 {
                    do {
                        _ = try await server.rawUpload(number, sha: sha, Array(all[start...]), cutAfter: count)
                        Issue.record("the upload should have been cut")
                        return
                    } catch let error as RPCError where error.code == .failedPrecondition && attempt < 99 {
                        try await Task.sleep(for: .milliseconds(50))  // the previous call has not ended on the server yet
                    } catch {
                        return
                    }
                }
            }
            /// What the server holds once it has stored what the cut call brought: under a loaded
            /// machine the cut call may not have ended on the server 300 ms later, so it is asked
            /// again, up to 10 s, while it holds no more than `floor`.
            func held(above floor: Int64) async throws -> Int64 {
                try await Task.sleep(for: .milliseconds(300))
                var value = try await held()
                for _ in 0..<100 where value <= floor {
                    try await Task.sleep(for: .milliseconds(100))
                    value = try await held()
                }
                return value
            }
            try await cut(from: 0, after: 40)
            let first = try await held(above: 0)
            #expect(first > 0 && first <= 40 * (256 << 10) && first % (256 << 10) == 0)
            try await cut(from: first, after: 60)
            let second = try await held(above: first)
            #expect(second > first && second <= first + 60 * (256 << 10))
            let url = try server.file("v.jpg", video)
            var status: FieldWorkflow.UploadStatus?
            for _ in 0..<100 {
                do {
                    status = try await server.client { try await $0.uploadEvidence(of: number, file: url, sha256: sha) }
                    break
                } catch let error as EnforcementError where error.rule == "UPLOAD_IN_PROGRESS" {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(status?.complete == true && status?.alreadyHeld == false)
            let blob = server.evidenceBlobs.appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(sha)
            #expect(try FileEvidenceStore.hash(blob) == sha)

            // The same bytes in a record of another case: held already, not sent, stored once.
            let other = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let second2 = try await server.client { try await $0.recordFieldAction(seal(other, files: [file], at: now)) }
            let again = try await server.client { try await $0.uploadStatus(of: other, sha256: sha) }
            #expect(again.alreadyHeld && !again.complete && again.held == Int64(video.count))
            let dedup = try await server.client { try await $0.uploadEvidence(of: other, file: url, sha256: sha) }
            #expect(dedup.complete && dedup.alreadyHeld)
            #expect(server.blobCount() == 1)
            #expect(try await server.client { try await $0.fieldRecord(second2.id) }.evidence[0].receivedAt != nil)
        }
    }

    @Test("evidence verify reports a file changed on disk, and the client library refuses to save a download whose bytes do not match")
    func verifyFindsChangedFile() async throws {
        try await TestServer.with { server in
            let now = server.clock.now()
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let photo = jpegBytes(400_000, seed: 6)
            let sha = sha256Hex(photo)
            _ = try await server.client { try await $0.recordFieldAction(seal(number, files: [declared(photo, name: "a.jpg")], at: now)) }
            _ = try await server.client { try await $0.uploadEvidence(of: number, file: try server.file("a.jpg", photo), sha256: sha) }
            var report = try await server.client("command-centre") { try await $0.verifyEvidence() }
            #expect(report.filesChecked == 1 && report.problems.isEmpty)

            let blob = server.evidenceBlobs.appendingPathComponent(String(sha.prefix(2))).appendingPathComponent(sha)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: blob.path)
            var changed = photo
            changed[1_000] ^= 0xFF
            try changed.write(to: blob)
            report = try await server.client("command-centre") { try await $0.verifyEvidence() }
            #expect(report.problems.map(\.status) == ["changed"] && report.problems.first?.sha256 == sha)
            // The court checks its own cases' files too.
            #expect(try await server.client { try await $0.verifyEvidence() }.problems.count == 1)
            let target = server.directory.appendingPathComponent("bad.jpg")
            let error = try await #require(throws: EnforcementError.self) {
                _ = try await server.client("command-centre") { try await $0.downloadEvidence(of: number, sha256: sha, to: target) }
            }
            #expect(error.rule == "EVIDENCE_HASH_MISMATCH")
            #expect(!FileManager.default.fileExists(atPath: target.path))

            try FileManager.default.removeItem(at: blob)
            report = try await server.client("command-centre") { try await $0.verifyEvidence() }
            #expect(report.problems.map(\.status) == ["missing"])
        }
    }

    @Test("the device's outbox: a record made offline, a sync cut mid-upload by the server stopping, and after the restart every record and file on the server exactly once")
    func outboxAcrossRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("enforcement-field-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try freeTCPPort()
        let outbox = try FieldOutbox(path: directory.appendingPathComponent("device/outbox.sqlite"))
        let big = jpegBytes(24 << 20, seed: 7), small = jpegBytes(90_000, seed: 8)
        let bigURL = directory.appendingPathComponent("device-files/big.jpg"), smallURL = directory.appendingPathComponent("device-files/small.jpg")
        try FileManager.default.createDirectory(at: bigURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try big.write(to: bigURL)
        try small.write(to: smallURL)
        var number = ""

        // First run: file the case; the sync is cut off when the server stops in the middle of the big upload.
        struct Cut: Error {}
        let progressed = ManualFlag()
        var syncing: Task<FieldOutbox.SyncReport, any Error>?
        try? await TestServer.with(keeping: directory, configure: { $0.port = port }) { server in
            number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let now = server.clock.now()
            try outbox.record(seal(number, files: [], at: now), files: [bigURL, smallURL])
            try outbox.record(RecordFieldAction(caseNumber: number, kind: .documentService, occurredAt: now, officers: ["李法官"]), files: [smallURL])
            #expect(try outbox.waiting().count == 2)
            let configuration = server.clientConfiguration("court-0105")
            syncing = Task {
                try await EnforcementClient.with(configuration) { client in
                    try await outbox.sync(client) { _, _, sent, _ in if sent > 4 << 20 { progressed.set() } }
                }
            }
            let giveUp = ContinuousClock.now + .seconds(60)
            while !progressed.isSet {
                guard ContinuousClock.now < giveUp else {
                    Issue.record("the sync never got 4 MiB into its upload")
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            throw Cut()  // the test server stops under the upload
        }
        let cutReport = try #require(await syncing?.value)
        #expect(cutReport.stoppedBy != nil && cutReport.recordsSent >= 1)
        let waiting = try outbox.waiting()
        #expect(waiting.count == 2 && waiting[0].recordID != nil && waiting[0].files.contains { !$0.uploaded })
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.filesDirectory.path).filter { $0.count == 64 }.count == 2,
                "the copies still to send are kept")

        // Second run, same data directory and port: the sync resumes and finishes.
        try await TestServer.with(keeping: directory, configure: { $0.port = port }) { server in
            let report = try await server.client { client in try await outbox.sync(client) }
            #expect(report.stoppedBy == nil && report.refused.isEmpty && report.recordsSent == 1)
            #expect(try outbox.waiting().isEmpty)
            // The device keeps no copy of evidence the server holds whole.
            #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.filesDirectory.path).filter { $0.count == 64 }.isEmpty)
            let records = try await server.client { try await $0.fieldRecords(of: number) }
            #expect(records.map(\.kind) == [.onSiteSeal, .documentService])
            #expect(records.flatMap(\.evidence).allSatisfy { $0.receivedAt != nil })
            #expect(server.blobCount() == 2)
            let journal = try await server.application.store.journalEntries(after: 0, limit: 1_000)
            #expect(journal.filter { $0.action == "field.record" }.count == 2)
            // Big and small arrived for the seal; the service's small file was the case's already, so it counted at once.
            #expect(journal.filter { $0.action == "evidence.receive" }.count == 2)
            let target = directory.appendingPathComponent("check.jpg")
            _ = try await server.client { try await $0.downloadEvidence(of: number, sha256: sha256Hex(big), to: target) }
            #expect(try Data(contentsOf: target) == big)
        }
    }
}

final class ManualFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

func freeTCPPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
