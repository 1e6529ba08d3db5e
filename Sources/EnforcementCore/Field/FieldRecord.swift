public import Foundation

/// The kind of a field action (移动执行): what the officers did on site.
public enum FieldActionKind: String, Codable, Sendable, CaseIterable {
    /// 现场调查
    case siteInspection = "site_inspection"
    /// 现场查封、扣押（张贴封条、公告）
    case onSiteSeal = "on_site_seal"
    /// 送达文书
    case documentService = "document_service"
    /// 约谈、询问被执行人
    case interview
    /// 拘传到案
    case forcedSummons = "forced_summons"
    /// 搜查
    case search
    /// 其他
    case other

    public var nameZh: String {
        switch self {
        case .siteInspection: "现场调查"
        case .onSiteSeal: "现场查封"
        case .documentService: "送达文书"
        case .interview: "约谈被执行人"
        case .forcedSummons: "拘传到案"
        case .search: "搜查"
        case .other: "其他现场执行"
        }
    }

    /// Practice requires two officers present for a seal and for a search.
    public var minimumOfficers: Int { self == .onSiteSeal || self == .search ? 2 : 1 }
}

/// A position from the device's GPS.
public struct GeoPosition: Hashable, Codable, Sendable {
    public var latitude: Double
    public var longitude: Double
    public var accuracyMetres: Double

    public init(latitude: Double, longitude: Double, accuracyMetres: Double) {
        self.latitude = latitude
        self.longitude = longitude
        self.accuracyMetres = accuracyMetres
    }
}

/// An asset a field action concerned; for a seal, what was sealed.
public struct FieldAsset: Hashable, Codable, Sendable {
    public var description: String
    /// The case's control request about this asset, where one exists.
    public var controlRequestID: String?

    public init(description: String, controlRequestID: String? = nil) {
        self.description = description
        self.controlRequestID = controlRequestID
    }
}

/// A file a field record carries, described on the device when the record was made: its hash is
/// in the record's journal entry, so the chain of custody starts on site.
public struct EvidenceFile: Hashable, Codable, Sendable {
    public var sha256: String
    public var size: Int64
    public var mediaType: String
    public var name: String
    /// When the server had the whole file, matching its hash; nil while it is still to come.
    public var receivedAt: Date?

    public init(sha256: String, size: Int64, mediaType: String, name: String, receivedAt: Date? = nil) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.name = name
        self.receivedAt = receivedAt
    }
}

/// One field action on a case, as recorded on the officers' device.
public struct FieldRecord: Hashable, Codable, Sendable {
    /// Assigned by the store.
    public var position: Int64
    public var id: String
    public var caseNumber: CaseNumber
    public var kind: FieldActionKind
    /// When the action happened, by the device's clock.
    public var occurredAt: Date
    /// When the server received the record.
    public var receivedAt: Date
    /// Device clock minus server clock when the record arrived, in seconds.
    public var deviceClockOffset: Int64
    public var gps: GeoPosition?
    public var address: String?
    public var officers: [String]
    public var witnesses: [String]
    public var notes: String?
    public var assets: [FieldAsset]
    public var evidence: [EvidenceFile]
    public var recordedBy: String

    public init(position: Int64 = 0, id: String = "", caseNumber: CaseNumber, kind: FieldActionKind, occurredAt: Date, receivedAt: Date,
                deviceClockOffset: Int64, gps: GeoPosition?, address: String?, officers: [String], witnesses: [String], notes: String?,
                assets: [FieldAsset], evidence: [EvidenceFile], recordedBy: String) {
        self.position = position
        self.id = id
        self.caseNumber = caseNumber
        self.kind = kind
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.deviceClockOffset = deviceClockOffset
        self.gps = gps
        self.address = address
        self.officers = officers
        self.witnesses = witnesses
        self.notes = notes
        self.assets = assets
        self.evidence = evidence
        self.recordedBy = recordedBy
    }

    /// The id shown to people, from the store's position.
    public static func id(position: Int64) -> String { "F-" + String(format: "%06lld", position) }
}

/// The rules for evidence files, from the server's configuration.
public struct FieldPolicy: Sendable {
    /// The largest file accepted (200 MiB by default).
    public var maxEvidenceBytes: Int64
    /// How far a device's clock may be from the server's when it sends a record.
    public var maxClockOffset: TimeInterval
    /// How long before its sending a record may say its action happened (an offline device).
    public var maxRecordAge: TimeInterval

    /// A partial upload untouched this long is deleted (its device starts again from the first byte).
    public var abandonedUploadAge: TimeInterval

    public init(maxEvidenceBytes: Int64 = 200 << 20, maxClockOffset: TimeInterval = 86_400, maxRecordAge: TimeInterval = 30 * 86_400,
                abandonedUploadAge: TimeInterval = 7 * 86_400) {
        self.maxEvidenceBytes = maxEvidenceBytes
        self.maxClockOffset = maxClockOffset
        self.maxRecordAge = maxRecordAge
        self.abandonedUploadAge = abandonedUploadAge
    }

    /// The media types accepted, each with the bytes its file starts with (checked on upload).
    public static let mediaTypes: [String: EvidenceSignature] = [
        "image/jpeg": .prefix([0xFF, 0xD8, 0xFF]),
        "image/png": .prefix([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/heic": .isoMedia,
        "video/mp4": .isoMedia,
        "video/quicktime": .isoMedia,
        "audio/mp4": .isoMedia,
        "audio/mpeg": .mpegAudio,
        "application/pdf": .prefix(Array("%PDF-".utf8)),
    ]
}

/// How a file of a media type starts.
public enum EvidenceSignature: Sendable {
    case prefix([UInt8])
    /// ISO base media (MP4, QuickTime, HEIC): a box of type `ftyp` first.
    case isoMedia
    /// An ID3 tag or an MPEG audio frame sync.
    case mpegAudio

    /// Bytes needed to decide.
    public var needed: Int {
        switch self {
        case .prefix(let bytes): bytes.count
        case .isoMedia: 8
        case .mpegAudio: 3
        }
    }

    public func matches(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(needed))
        guard bytes.count == needed else { return false }
        switch self {
        case .prefix(let expected): return bytes == expected
        case .isoMedia: return Array(bytes[4..<8]) == Array("ftyp".utf8)
        case .mpegAudio: return Array(bytes) == Array("ID3".utf8) || (bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0)
        }
    }
}
