public import Foundation

/// What a delegated task (委托执行事项) asks the receiving court to do.
public enum DelegationKind: String, Codable, Sendable, CaseIterable {
    /// 调查财产
    case investigate
    /// 查封、扣押财产
    case seal
    /// 送达文书
    case serveDocuments = "serve_documents"
    /// 协助拘传、送交被执行人
    case deliverDebtor = "deliver_debtor"
    /// 其他事项
    case other
}

public enum DelegationStatus: String, Codable, Sendable, CaseIterable {
    /// Sent (and, into the city, routed): waiting for the receiving court to accept.
    case sent
    case accepted
    case rejected
    case completed
}

/// A document travelling with a task: its name and the SHA-256 of its content (64 hex digits).
public struct DocumentRef: Hashable, Codable, Sendable {
    public var name: String
    public var sha256: String

    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// One step in a task's history, as both courts and the command centre see it.
public struct DelegationStep: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case sent, routed, accepted, rejected, progress, completed, overdue
    }

    public var kind: Kind
    public var at: Date
    /// The principal (and user) that took the step.
    public var by: String
    public var note: String?

    public init(kind: Kind, at: Date, by: String, note: String? = nil) {
        self.kind = kind
        self.at = at
        self.by = by
        self.note = note
    }
}

/// How the command centre chose the receiving court of a task into the city.
public struct Routing: Hashable, Codable, Sendable {
    /// True when chosen by the asset's location; false for a manual decision.
    public var automatic: Bool
    /// The district matched in the location, for an automatic decision.
    public var district: String?
    public var court: CourtCode
    public var by: String
    public var at: Date
    public var reason: String?

    public init(automatic: Bool, district: String?, court: CourtCode, by: String, at: Date, reason: String?) {
        self.automatic = automatic
        self.district = district
        self.court = court
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// What the receiving court did.
public struct DelegationResult: Hashable, Codable, Sendable {
    public var summary: String
    /// Assets found or controlled, as the receiving court describes them.
    public var assets: [String]
    public var attachments: [DocumentRef]

    public init(summary: String, assets: [String], attachments: [DocumentRef]) {
        self.summary = summary
        self.assets = assets
        self.attachments = attachments
    }
}

/// A task one court delegates to another (委托执行).
public struct DelegationTask: Hashable, Codable, Sendable {
    public var position: Int64 = 0
    public var id: String = ""
    /// Moves forward whenever the task is (re)addressed, so the receiver's stream delivers it.
    public var feedPosition: Int64 = 0
    /// The sending court's case, as that court numbers it.
    public var caseNumber: String
    public var sender: CourtCode
    public var receiver: CourtCode
    public var kind: DelegationKind
    public var debtorName: String
    public var debtorID: String?
    public var asset: String?
    public var location: String
    public var documents: [DocumentRef]
    /// The document that orders the delegation (委托执行函).
    public var legalBasis: String
    public var status: DelegationStatus
    public var routing: Routing?
    public var sentAt: Date
    /// The receiving court completes by this day, or reports progress every 15 days after it.
    public var dueOn: CalendarDate
    /// The last day progress was reported (or the task accepted).
    public var lastProgressOn: CalendarDate?
    public var result: DelegationResult?
    public var rejectionReason: String?
    /// For a city court's case: true when the papers were sent more than 1 month after filing.
    public var papersLate: Bool
    public var steps: [DelegationStep]

    public static func id(position: Int64) -> String { String(format: "DT%08lld", position) }

    public init(caseNumber: String, sender: CourtCode, receiver: CourtCode, kind: DelegationKind, debtorName: String, debtorID: String?,
                asset: String?, location: String, documents: [DocumentRef], legalBasis: String, status: DelegationStatus,
                routing: Routing?, sentAt: Date, dueOn: CalendarDate, papersLate: Bool, steps: [DelegationStep]) {
        self.caseNumber = caseNumber
        self.sender = sender
        self.receiver = receiver
        self.kind = kind
        self.debtorName = debtorName
        self.debtorID = debtorID
        self.asset = asset
        self.location = location
        self.documents = documents
        self.legalBasis = legalBasis
        self.status = status
        self.routing = routing
        self.sentAt = sentAt
        self.dueOn = dueOn
        self.papersLate = papersLate
        self.steps = steps
    }

    /// True while the receiving court still owes work.
    public var isOpen: Bool { status == .sent || status == .accepted }
}

/// Counts for the command centre: tasks sent and received per court in a period.
public struct DelegationCount: Hashable, Codable, Sendable {
    public var court: CourtCode
    public var sent: Int
    public var received: Int

    public init(court: CourtCode, sent: Int, received: Int) {
        self.court = court
        self.sent = sent
        self.received = received
    }
}

public struct DelegationReport: Hashable, Codable, Sendable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var counts: [DelegationCount]
    /// Tasks into the city (from another province) and out of it, in the period.
    public var inbound: Int
    public var outbound: Int
    public var overdue: [DelegationTask]
    /// The routing decisions of the period: tasks with their routing.
    public var routed: [DelegationTask]

    public init(from: CalendarDate, to: CalendarDate, counts: [DelegationCount], inbound: Int, outbound: Int,
                overdue: [DelegationTask], routed: [DelegationTask]) {
        self.from = from
        self.to = to
        self.counts = counts
        self.inbound = inbound
        self.outbound = outbound
        self.overdue = overdue
        self.routed = routed
    }
}
