public import EnforcementCore
public import Foundation
public import SwiftProtobuf

// Mobile enforcement: field records, their evidence files and uploads, both directions.

extension FieldActionKind {
    public func proto() -> Enforcement_V1_FieldActionKind {
        switch self {
        case .siteInspection: .siteInspection
        case .onSiteSeal: .onSiteSeal
        case .documentService: .documentService
        case .interview: .interview
        case .forcedSummons: .forcedSummons
        case .search: .search
        case .other: .other
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_FieldActionKind) {
        switch proto {
        case .siteInspection: self = .siteInspection
        case .onSiteSeal: self = .onSiteSeal
        case .documentService: self = .documentService
        case .interview: self = .interview
        case .forcedSummons: self = .forcedSummons
        case .search: self = .search
        case .other: self = .other
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_EvidenceFile {
    public init(_ file: EvidenceFile) {
        self.init()
        sha256 = file.sha256
        size = file.size
        mediaType = file.mediaType
        name = file.name
        if let at = file.receivedAt { receivedAt = Google_Protobuf_Timestamp(date: at) }
    }
}

extension EvidenceFile {
    /// A file as the device declares it (the arrival instant is the server's to say).
    public init(declared proto: Enforcement_V1_EvidenceFile) {
        self.init(sha256: proto.sha256, size: proto.size, mediaType: proto.mediaType, name: proto.name)
    }

    public init(_ proto: Enforcement_V1_EvidenceFile) {
        self.init(sha256: proto.sha256, size: proto.size, mediaType: proto.mediaType, name: proto.name,
                  receivedAt: proto.hasReceivedAt ? proto.receivedAt.date : nil)
    }
}

extension Enforcement_V1_GeoPosition {
    public init(_ position: GeoPosition) {
        self.init()
        latitude = position.latitude
        longitude = position.longitude
        accuracyM = position.accuracyMetres
    }
}

extension Enforcement_V1_FieldAsset {
    public init(_ asset: FieldAsset) {
        self.init()
        description_p = asset.description
        controlRequestID = asset.controlRequestID ?? ""
    }
}

extension GeoPosition {
    public init(_ proto: Enforcement_V1_GeoPosition) {
        self.init(latitude: proto.latitude, longitude: proto.longitude, accuracyMetres: proto.accuracyM)
    }
}

extension RecordFieldAction {
    /// The request as a command; timestamps bounded as every wire instant is.
    public init(_ request: Enforcement_V1_RecordFieldActionRequest) throws(EnforcementError) {
        self.init(
            caseNumber: request.caseNumber, kind: FieldActionKind(proto: request.kind),
            occurredAt: request.hasOccurredAt ? try WireBounds.instant(request.occurredAt, field: "occurred_at") : nil,
            gps: request.hasPosition ? GeoPosition(request.position) : nil,
            address: request.address, officers: request.officers, witnesses: request.witnesses, notes: request.notes,
            assets: request.assets.map { FieldAsset(description: $0.description_p, controlRequestID: $0.controlRequestID) },
            evidence: request.evidence.map(EvidenceFile.init(declared:)))
    }

    /// The device's clock at sending, from the request.
    public static func deviceNow(_ request: Enforcement_V1_RecordFieldActionRequest) throws(EnforcementError) -> Date? {
        request.hasDeviceNow ? try WireBounds.instant(request.deviceNow, field: "device_now") : nil
    }
}

extension Enforcement_V1_RecordFieldActionRequest {
    public init(_ command: RecordFieldAction, deviceNow: Date, requestID: String) {
        self.init()
        self.requestID = requestID
        caseNumber = command.caseNumber
        kind = command.kind?.proto() ?? .unspecified
        if let at = command.occurredAt { occurredAt = Google_Protobuf_Timestamp(date: at) }
        self.deviceNow = Google_Protobuf_Timestamp(date: deviceNow)
        if let gps = command.gps { position = Enforcement_V1_GeoPosition(gps) }
        address = command.address
        officers = command.officers
        witnesses = command.witnesses
        notes = command.notes
        assets = command.assets.map(Enforcement_V1_FieldAsset.init)
        evidence = command.evidence.map(Enforcement_V1_EvidenceFile.init)
    }
}

extension Enforcement_V1_FieldRecord {
    public init(_ record: FieldRecord) {
        self.init()
        id = record.id
        caseNumber = record.caseNumber.description
        kind = record.kind.proto()
        occurredAt = Google_Protobuf_Timestamp(date: record.occurredAt)
        receivedAt = Google_Protobuf_Timestamp(date: record.receivedAt)
        if let gps = record.gps { position = Enforcement_V1_GeoPosition(gps) }
        address = record.address ?? ""
        officers = record.officers
        witnesses = record.witnesses
        notes = record.notes ?? ""
        assets = record.assets.map(Enforcement_V1_FieldAsset.init)
        evidence = record.evidence.map(Enforcement_V1_EvidenceFile.init)
        recordedBy = record.recordedBy
        deviceClockOffsetS = record.deviceClockOffset
    }
}

extension FieldRecord {
    public init(_ proto: Enforcement_V1_FieldRecord) throws {
        self.init(
            id: proto.id, caseNumber: try CaseNumber(parsing: proto.caseNumber), kind: FieldActionKind(proto: proto.kind) ?? .other,
            occurredAt: proto.occurredAt.date, receivedAt: proto.receivedAt.date, deviceClockOffset: proto.deviceClockOffsetS,
            gps: proto.hasPosition ? GeoPosition(proto.position) : nil,
            address: proto.address.isEmpty ? nil : proto.address, officers: proto.officers, witnesses: proto.witnesses,
            notes: proto.notes.isEmpty ? nil : proto.notes,
            assets: proto.assets.map { FieldAsset(description: $0.description_p, controlRequestID: $0.controlRequestID.isEmpty ? nil : $0.controlRequestID) },
            evidence: proto.evidence.map { EvidenceFile($0) }, recordedBy: proto.recordedBy)
    }
}

extension Enforcement_V1_UploadEvidenceResponse {
    public init(_ status: FieldWorkflow.UploadStatus) {
        self.init()
        sha256 = status.sha256
        size = status.size
        bytesHeld = status.held
        complete = status.complete
        alreadyHeld = status.alreadyHeld
    }
}

extension Enforcement_V1_VerifyEvidenceResponse {
    public init(_ report: FieldWorkflow.VerifyReport) {
        self.init()
        filesChecked = Int64(report.filesChecked)
        bytesChecked = report.bytesChecked
        problems = report.problems.map { problem in
            var proto = Enforcement_V1_EvidenceCheck()
            proto.caseNumber = problem.caseNumber.description
            proto.sha256 = problem.sha256
            proto.status = problem.status
            return proto
        }
    }
}
