/// Requests to the case workflow, as the domain sees them (validated types come later, in the workflow).
/// Each is `Codable` so that its canonical JSON can be hashed for exactly-once replays.
public protocol CaseCommand: Codable, Sendable {
    /// The action's name in the journal.
    static var action: String { get }
}

/// A party as given in a request, before validation.
public struct PartyInput: Hashable, Codable, Sendable {
    public var isPerson: Bool?
    public var name: String
    public var idNumber: String
    public var phone: String

    public init(isPerson: Bool?, name: String, idNumber: String, phone: String = "") {
        self.isPerson = isPerson
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
    }
}

public struct FileCase: CaseCommand, Hashable {
    public static let action = "case.file"
    public var caseType: CaseType?
    public var titleKind: TitleKind?
    public var titleDocument: String
    public var applicants: [PartyInput]
    public var debtors: [PartyInput]
    public var amountSoughtFen: Int64
    public var handlingJudge: String?
    public var resumedFrom: String?
    /// Cause tags (案由); nil when none, so the hashed payload of a filing without tags is what it
    /// was before tags existed (a replay across the upgrade still matches).
    public var causeTags: [String]?

    public init(
        caseType: CaseType? = .first, titleKind: TitleKind? = .litigation, titleDocument: String,
        applicants: [PartyInput], debtors: [PartyInput], amountSoughtFen: Int64,
        handlingJudge: String? = nil, resumedFrom: String? = nil, causeTags: [String] = []
    ) {
        self.causeTags = causeTags.isEmpty ? nil : causeTags
        self.caseType = caseType
        self.titleKind = titleKind
        self.titleDocument = titleDocument
        self.applicants = applicants
        self.debtors = debtors
        self.amountSoughtFen = amountSoughtFen
        self.handlingJudge = handlingJudge
        self.resumedFrom = resumedFrom
    }
}

public struct AssignJudge: CaseCommand, Hashable {
    public static let action = "case.assign_judge"
    public var caseNumber: String
    public var handlingJudge: String
    public init(caseNumber: String, handlingJudge: String) {
        self.caseNumber = caseNumber
        self.handlingJudge = handlingJudge
    }
}

public struct RecordNode: CaseCommand, Hashable {
    public static let action = "case.record_node"
    public var caseNumber: String
    public var nodeCode: String
    public var documentNumber: String?
    public var note: String?
    public init(caseNumber: String, nodeCode: String, documentNumber: String? = nil, note: String? = nil) {
        self.caseNumber = caseNumber
        self.nodeCode = nodeCode
        self.documentNumber = documentNumber
        self.note = note
    }
}

public struct SuspendCase: CaseCommand, Hashable {
    public static let action = "case.suspend"
    public var caseNumber: String
    public var reason: String
    public var documentNumber: String
    public init(caseNumber: String, reason: String, documentNumber: String) {
        self.caseNumber = caseNumber
        self.reason = reason
        self.documentNumber = documentNumber
    }
}

public struct ResumeCase: CaseCommand, Hashable {
    public static let action = "case.resume"
    public var caseNumber: String
    public var documentNumber: String
    public init(caseNumber: String, documentNumber: String) {
        self.caseNumber = caseNumber
        self.documentNumber = documentNumber
    }
}

/// Asks for an extension of the limit; the court president approves or refuses it as its own step.
public struct ExtendLimit: CaseCommand, Hashable {
    public static let action = "case.request_extension"
    public var caseNumber: String
    public var months: Int
    public var reason: String
    public init(caseNumber: String, months: Int, reason: String) {
        self.caseNumber = caseNumber
        self.months = months
        self.reason = reason
    }
}

/// The court president's decision on the extension a case awaits: approved with the approval
/// document's number, or refused with a reason.
public struct DecideExtension: CaseCommand, Hashable {
    public static let action = "case.decide_extension"
    public var caseNumber: String
    public var approve: Bool
    /// The approval document (required to approve).
    public var documentNumber: String
    /// Why it is refused (required to refuse).
    public var reason: String
    public init(caseNumber: String, approve: Bool, documentNumber: String = "", reason: String = "") {
        self.caseNumber = caseNumber
        self.approve = approve
        self.documentNumber = documentNumber
        self.reason = reason
    }
}

public struct CloseCase: CaseCommand, Hashable {
    public static let action = "case.close"
    public var caseNumber: String
    public var mode: ClosingMode?
    public var documentNumber: String
    public var debtorMeetsListingConditions: Bool
    public init(caseNumber: String, mode: ClosingMode?, documentNumber: String, debtorMeetsListingConditions: Bool = false) {
        self.caseNumber = caseNumber
        self.mode = mode
        self.documentNumber = documentNumber
        self.debtorMeetsListingConditions = debtorMeetsListingConditions
    }
}
