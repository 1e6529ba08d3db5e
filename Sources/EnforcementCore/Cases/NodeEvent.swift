public import Foundation

/// A process node that happened in a case.
public struct NodeEvent: Hashable, Codable, Sendable {
    /// Assigned by the store; increasing across all cases.
    public var sequence: Int64
    /// Its place in the order readers follow (`nodeEvents(after:)`): assigned as its write commits,
    /// so positions become visible in order; nil until then.
    public var feedPosition: Int64?
    public var caseNumber: CaseNumber
    public var nodeCode: String
    public var occurredAt: Date
    public var occurredOn: CalendarDate
    public var recordedBy: String
    public var documentNumber: String?
    public var note: String?
    /// Deadline of the node under its rule, if it has one.
    public var dueOn: CalendarDate?

    public var late: Bool {
        guard let dueOn else { return false }
        return occurredOn > dueOn
    }

    public init(
        sequence: Int64, caseNumber: CaseNumber, nodeCode: String, occurredAt: Date, occurredOn: CalendarDate,
        recordedBy: String, documentNumber: String?, note: String?, dueOn: CalendarDate?
    ) {
        self.sequence = sequence
        self.caseNumber = caseNumber
        self.nodeCode = nodeCode
        self.occurredAt = occurredAt
        self.occurredOn = occurredOn
        self.recordedBy = recordedBy
        self.documentNumber = documentNumber
        self.note = note
        self.dueOn = dueOn
    }

    public init(
        caseNumber: CaseNumber, node: ProcessNode, occurredAt: Date, recordedBy: String,
        documentNumber: String? = nil, note: String? = nil, filedOn: CalendarDate
    ) {
        sequence = 0
        self.caseNumber = caseNumber
        nodeCode = node.code
        self.occurredAt = occurredAt
        occurredOn = CalendarDate(occurredAt)
        self.recordedBy = recordedBy
        self.documentNumber = documentNumber
        self.note = note
        dueOn = node.deadline?.due(filedOn: filedOn)
    }
}
