public import Foundation

/// A field record as the device sends it (validated in the workflow). The device's clock at
/// sending is not part of it: a retry sends another clock reading with the same request.
public struct RecordFieldAction: CaseCommand, Hashable {
    public static let action = "field.record"
    public var caseNumber: String
    public var kind: FieldActionKind?
    public var occurredAt: Date?
    public var gps: GeoPosition?
    public var address: String
    public var officers: [String]
    public var witnesses: [String]
    public var notes: String
    public var assets: [FieldAsset]
    public var evidence: [EvidenceFile]

    public init(caseNumber: String, kind: FieldActionKind?, occurredAt: Date?, gps: GeoPosition? = nil, address: String = "",
                officers: [String], witnesses: [String] = [], notes: String = "", assets: [FieldAsset] = [], evidence: [EvidenceFile] = []) {
        self.caseNumber = caseNumber
        self.kind = kind
        self.occurredAt = occurredAt
        self.gps = gps
        self.address = address
        self.officers = officers
        self.witnesses = witnesses
        self.notes = notes
        self.assets = assets
        self.evidence = evidence
    }
}

/// The server received a declared file whole and its bytes matched the hash: written by the
/// upload itself (its request id is derived from the case and the hash, so it is written once).
public struct ReceiveEvidence: CaseCommand, Hashable {
    public static let action = "evidence.receive"
    public var caseNumber: String
    public var sha256: String
    public var size: Int64

    public init(caseNumber: String, sha256: String, size: Int64) {
        self.caseNumber = caseNumber
        self.sha256 = sha256
        self.size = size
    }
}
