/// Requests to the deterrence subsystem, as the domain receives them (validated in the workflow).

/// A person bound by an organisation's measure, as given in a request.
public struct BoundPersonInput: Hashable, Codable, Sendable {
    public var role: BoundPerson.Role
    public var name: String
    public var idNumber: String

    public init(role: BoundPerson.Role, name: String, idNumber: String) {
        self.role = role
        self.name = name
        self.idNumber = idNumber
    }
}

/// A court imposes one of the nine measures on a debtor of its case.
public struct ImposeMeasure: CaseCommand, Hashable {
    public static let action = "measure.impose"
    public var caseNumber: String
    public var kind: MeasureKind?
    public var debtorIndex: Int
    /// The decision's number (决定书 / 限制消费令 / 罚款决定书 …).
    public var document: String
    /// Listing only: the ground 1–6, the term in years (grounds 2–6), and the refusals' facts.
    public var ground: Int?
    public var termYears: Int?
    /// Value of the debtor's assets already seized or frozen for this case, in fen.
    public var seizedAssetsValueFen: Int64
    public var securityGiven: Bool
    /// Fine only.
    public var fineFen: Int64?
    /// Detention only.
    public var detentionDays: Int?
    /// An organisation debtor's legal representative and actual controller.
    public var boundPersons: [BoundPersonInput]
    /// `YYYY-MM-DD`; today when empty.
    public var startOn: String
    /// `YYYY-MM-DD`; for measures with an end the court sets (exit ban, exposure); optional.
    public var endOn: String
    public var note: String

    public init(caseNumber: String, kind: MeasureKind?, debtorIndex: Int = 0, document: String, ground: Int? = nil, termYears: Int? = nil,
                seizedAssetsValueFen: Int64 = 0, securityGiven: Bool = false, fineFen: Int64? = nil, detentionDays: Int? = nil,
                boundPersons: [BoundPersonInput] = [], startOn: String = "", endOn: String = "", note: String = "") {
        self.caseNumber = caseNumber
        self.kind = kind
        self.debtorIndex = debtorIndex
        self.document = document
        self.ground = ground
        self.termYears = termYears
        self.seizedAssetsValueFen = seizedAssetsValueFen
        self.securityGiven = securityGiven
        self.fineFen = fineFen
        self.detentionDays = detentionDays
        self.boundPersons = boundPersons
        self.startOn = startOn
        self.endOn = endOn
        self.note = note
    }
}

/// A court lifts a measure in force (a listing: removes the debtor from the list).
public struct LiftMeasure: CaseCommand, Hashable {
    public static let action = "measure.lift"
    public var measureID: String
    public var document: String
    public var reason: String

    public init(measureID: String, document: String, reason: String) {
        self.measureID = measureID
        self.document = document
        self.reason = reason
    }
}

/// A court extends a listing on grounds 2–6 within its 1–3 years.
public struct ExtendListing: CaseCommand, Hashable {
    public static let action = "measure.extend"
    public var measureID: String
    public var document: String
    public var termYears: Int

    public init(measureID: String, document: String, termYears: Int) {
        self.measureID = measureID
        self.document = document
        self.termYears = termYears
    }
}

/// A court records a removal event of a case: every listing in force of the case (or of one
/// debtor) becomes due for removal within 3 working days.
public struct ReportRemovalEvent: CaseCommand, Hashable {
    public static let action = "measure.removal_event"
    public var caseNumber: String
    public var event: RemovalEvent?
    /// Nil for every debtor of the case.
    public var debtorIndex: Int?
    public var document: String

    public init(caseNumber: String, event: RemovalEvent?, debtorIndex: Int? = nil, document: String = "") {
        self.caseNumber = caseNumber
        self.event = event
        self.debtorIndex = debtorIndex
        self.document = document
    }
}

/// A later fact about a detention or fine: the family told, a review asked for, its decision.
public struct RecordMeasureStep: CaseCommand, Hashable {
    public static let action = "measure.step"
    public enum Step: String, Codable, Sendable, CaseIterable {
        case familyNotified = "family_notified"
        case reviewRequested = "review_requested"
        case reviewDecided = "review_decided"
    }

    public var measureID: String
    public var step: Step?
    public var document: String
    public var note: String

    public init(measureID: String, step: Step?, document: String = "", note: String = "") {
        self.measureID = measureID
        self.step = step
        self.document = document
        self.note = note
    }
}
