import Crypto
@testable import EnforcementCore
import Foundation
import Testing

extension Harness {
    /// The field workflow over this harness's store, with evidence files in a fresh directory.
    func field() throws -> FieldWorkflow {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID())")
        return FieldWorkflow(domain: workflow.domain, blobs: try FileEvidenceStore(directory: directory), policy: FieldPolicy(maxEvidenceBytes: 4 << 20))
    }

    func seal(_ number: CaseNumber, files: [EvidenceFile], assets: [FieldAsset] = [FieldAsset(description: "钢材 20 吨")]) -> RecordFieldAction {
        RecordFieldAction(caseNumber: number.description, kind: .onSiteSeal, occurredAt: clock.now().addingTimeInterval(-600),
                          gps: GeoPosition(latitude: 31.22, longitude: 121.44, accuracyMetres: 5), address: "上海市长宁区仙霞路99号",
                          officers: ["李法官", "王书记员"], notes: "张贴封条；仓库钥匙由物业保管", assets: assets, evidence: files)
    }
}

func photoBytes(_ size: Int, _ seed: UInt8) -> Data {
    var data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7) })
    data.replaceSubrange(0..<3, with: [0xFF, 0xD8, 0xFF])
    return data
}

func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

/// Uploads `data` whole through the workflow's upload, in 64 KiB chunks.
func upload(_ field: FieldWorkflow, _ number: CaseNumber, _ data: Data, by caller: Caller = Harness.court0105) async throws -> FieldWorkflow.UploadStatus {
    let upload = try await field.openUpload(number.description, sha256: hex(data), offset: 0, by: caller)
    for start in stride(from: 0, to: data.count, by: 65_536) where !upload.alreadyHeld {
        try await upload.write(offset: Int64(start), data.subdata(in: start..<min(start + 65_536, data.count)))
    }
    return try await upload.finish()
}

@Suite("Mobile enforcement: field records and evidence in the store (both stores)")
struct FieldWorkflowTests {
    @Test("a record is one journal entry holding each file's hash, a field_action node (and assets_sealed for a seal); a replay with another device clock answers the same record")
    func recordAndReplay() async throws {
        let h = try await Harness()
        let field = try h.field()
        let number = try await h.file().number
        let photo = photoBytes(100_000, 1)
        let file = EvidenceFile(sha256: hex(photo), size: Int64(photo.count), mediaType: "image/jpeg", name: "a.jpg")
        let before = try await h.journalCount()
        let record = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "field-1")
        let replay = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now().addingTimeInterval(3_600), by: Harness.court0105, requestID: "field-1")
        #expect(replay == record)
        #expect(try await h.journalCount() == before + 1)
        let entry = try #require(try await h.store.journalEntries(after: 0, limit: 1_000).last)
        #expect(entry.action == "field.record" && entry.payload.contains(hex(photo)) && entry.subject == number.description)
        let timeline = try await h.workflow.timeline(number.description, by: Harness.court0105)
        #expect(timeline.suffix(2).map(\.nodeCode) == ["field_action", "assets_sealed"])
        #expect(timeline.last?.documentNumber == record.id)
        let stored = try #require(try await h.store.read { try $0.fields.fieldRecord(record.id) })
        #expect(stored == record && stored.officers == ["李法官", "王书记员"] && stored.gps?.accuracyMetres == 5 && stored.evidence[0].receivedAt == nil)
    }

    @Test("a party's view shows that a field action happened, not its notes, place or evidence")
    func partyView() async throws {
        let h = try await Harness()
        let field = try h.field()
        let number = try await h.file().number
        let photo = photoBytes(50_000, 2)
        let file = EvidenceFile(sha256: hex(photo), size: Int64(photo.count), mediaType: "image/jpeg", name: "a.jpg")
        _ = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "field-1")
        let code = try await h.issue(number, "applicant:0")
        let view = try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:127.0.0.1:50000")
        #expect(view.nodes.map(\.code).contains("field_action"))
        let encoder = JSONEncoder()
        let text = String(decoding: try encoder.encode(view), as: UTF8.self)
        #expect(!text.contains(hex(photo)) && !text.contains("仙霞路") && !text.contains("钥匙") && !text.contains("a.jpg"))
    }

    @Test("assets link to the case's own control requests only; a field action before filing is refused; nothing is written")
    func links() async throws {
        let h = try await Harness()
        let field = try h.field()
        let number = try await h.file().number
        let other = try await h.file().number
        let own = try #require(try await h.store.read { try $0.controls.requests(ofCase: number) }.first)
        let foreign = try #require(try await h.store.read { try $0.controls.requests(ofCase: other) }.first)
        let linked = try await field.record(h.seal(number, files: [], assets: [FieldAsset(description: "账户", controlRequestID: own.id)]),
                                            deviceNow: h.clock.now(), by: Harness.court0105, requestID: "field-1")
        #expect(linked.assets[0].controlRequestID == own.id)
        let journal = try await h.journalCount()
        let error = await #expect(throws: EnforcementError.self) {
            _ = try await field.record(h.seal(number, files: [], assets: [FieldAsset(description: "账户", controlRequestID: foreign.id)]),
                                       deviceNow: h.clock.now(), by: Harness.court0105, requestID: "field-2")
        }
        #expect(error?.code == .notFound && error?.field == "assets[0].control_request_id" && error?.message.contains(other.description) == false)
        var early = h.seal(number, files: [])
        early.occurredAt = h.clock.now().addingTimeInterval(-2 * 86_400)
        let before = await #expect(throws: EnforcementError.self) {
            _ = try await field.record(early, deviceNow: h.clock.now(), by: Harness.court0105, requestID: "field-3")
        }
        #expect(before?.code == .invalidArgument && before?.field == "occurred_at")
        #expect(try await h.journalCount() == journal)
        #expect(try await field.list(number.description, after: 0, limit: 0, by: Harness.court0105).count == 1)
        // Another court reads nothing of it.
        let hidden = await #expect(throws: EnforcementError.self) { _ = try await field.get(linked.id, by: Harness.court0101) }
        #expect(hidden?.code == .notFound)
        #expect(try await field.get(linked.id, by: Harness.centre) == linked)
    }

    @Test("an uploaded file counts for every record of the case that declared it, is stored once, and is verified; a record declaring a file the case already holds counts it at once")
    func evidenceLifecycle() async throws {
        let h = try await Harness()
        let field = try h.field()
        let number = try await h.file().number
        let photo = photoBytes(300_000, 3)
        let file = EvidenceFile(sha256: hex(photo), size: Int64(photo.count), mediaType: "image/jpeg", name: "a.jpg")
        let first = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "f-1")
        let second = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "f-2")
        let status = try await upload(field, number, photo)
        #expect(status.complete && !status.alreadyHeld)
        for id in [first.id, second.id] {
            #expect(try await field.get(id, by: Harness.court0105).evidence[0].receivedAt != nil)
        }
        let third = try await field.record(h.seal(number, files: [file]), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "f-3")
        #expect(third.evidence[0].receivedAt != nil)
        // A second upload of the same file sends nothing and writes nothing.
        let journal = try await h.journalCount()
        let again = try await upload(field, number, photo)
        #expect(again.complete && again.alreadyHeld)
        #expect(try await h.journalCount() == journal)
        let report = try await field.verify(court: "", by: Harness.centre)
        #expect(report.filesChecked == 1 && report.bytesChecked == Int64(photo.count) && report.problems.isEmpty)
        // Another court can neither upload to nor download from the case.
        let foreign = await #expect(throws: EnforcementError.self) { _ = try await upload(field, number, photo, by: Harness.court0101) }
        #expect(foreign?.code == .notFound)
        #expect(try await field.verify(court: "", by: Harness.court0101).filesChecked == 0)
    }
}

@Suite("Mobile enforcement: abandoned uploads")
struct AbandonedUploadTests {
    @Test("a partial upload untouched for 7 days (by the injected clock) is deleted; a recent one and one being uploaded are kept")
    func prune() async throws {
        let h = try await Harness()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID())")
        let blobs = try FileEvidenceStore(directory: directory)
        let field = FieldWorkflow(domain: h.workflow.domain, blobs: blobs)
        let number = try await h.file().number
        let photos = (1...3).map { photoBytes(200_000, UInt8($0)) }
        let files = photos.enumerated().map { EvidenceFile(sha256: hex($1), size: Int64($1.count), mediaType: "image/jpeg", name: "\($0).jpg") }
        _ = try await field.record(h.seal(number, files: files), deviceNow: h.clock.now(), by: Harness.court0105, requestID: "f-1")
        var open: [EvidenceUpload] = []
        for photo in photos {
            let upload = try await field.openUpload(number.description, sha256: hex(photo), offset: 0, by: Harness.court0105)
            try await upload.write(offset: 0, photo.prefix(65_536))
            open.append(upload)
        }
        _ = try await open[0].finish()
        _ = try await open[1].finish()  // both ended the call with part of the file held
        let partial = directory.appendingPathComponent("partial")
        for (index, age) in [(0, 8.0), (1, 6.0), (2, 8.0)] {
            try FileManager.default.setAttributes([.modificationDate: h.clock.now().addingTimeInterval(-age * 86_400)],
                                                  ofItemAtPath: partial.appendingPathComponent(hex(photos[index])).path)
        }
        #expect(try await field.pruneAbandonedUploads() == 1)  // the third is old but still being uploaded
        #expect(try await blobs.partialSize(of: hex(photos[0])) == 0)
        #expect(try await blobs.partialSize(of: hex(photos[1])) == 65_536)
        #expect(try await blobs.partialSize(of: hex(photos[2])) == 65_536)
        // The device whose partial was deleted starts again from the first byte.
        #expect(try await field.status(number.description, sha256: hex(photos[0]), by: Harness.court0105).held == 0)
        open[2].close()
    }
}
