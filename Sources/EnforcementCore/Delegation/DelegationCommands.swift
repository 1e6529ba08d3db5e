/// Requests to delegated enforcement, as the domain receives them (validated in the workflow).
/// Each is `Codable` so that its canonical JSON can be hashed for exactly-once replays.

public struct SendDelegation: CaseCommand, Hashable {
    public static let action = "delegation.send"
    public var caseNumber: String
    /// Empty for a task into the city (routed by location); a court code otherwise.
    public var receiver: String
    public var kind: DelegationKind?
    public var debtorName: String
    public var debtorID: String
    public var asset: String
    public var location: String
    public var documents: [DocumentRef]
    public var legalBasis: String

    public init(caseNumber: String, receiver: String = "", kind: DelegationKind?, debtorName: String, debtorID: String = "",
                asset: String = "", location: String, documents: [DocumentRef] = [], legalBasis: String) {
        self.caseNumber = caseNumber
        self.receiver = receiver
        self.kind = kind
        self.debtorName = debtorName
        self.debtorID = debtorID
        self.asset = asset
        self.location = location
        self.documents = documents
        self.legalBasis = legalBasis
    }
}

/// The command centre sends a task (not yet accepted) to another city court.
public struct RouteDelegation: CaseCommand, Hashable {
    public static let action = "delegation.route"
    public var taskID: String
    public var court: String
    public var reason: String

    public init(taskID: String, court: String, reason: String) {
        self.taskID = taskID
        self.court = court
        self.reason = reason
    }
}

/// The receiving court's answer or report on a task: accept, reject (with reason), progress, complete.
public struct AnswerDelegation: CaseCommand, Hashable {
    public enum Step: String, Codable, Sendable, CaseIterable {
        case accept, reject, progress, complete
    }

    public static let action = "delegation.answer"
    public var taskID: String
    public var step: Step
    public var note: String
    /// For `complete`: what was done, assets found or controlled, attachments.
    public var assets: [String]
    public var attachments: [DocumentRef]

    public init(taskID: String, step: Step, note: String, assets: [String] = [], attachments: [DocumentRef] = []) {
        self.taskID = taskID
        self.step = step
        self.note = note
        self.assets = assets
        self.attachments = attachments
    }
}
