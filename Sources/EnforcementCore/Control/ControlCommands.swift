/// Requests to network asset control, as the domain receives them (validated in the workflow).
/// Each is `Codable` so that its canonical JSON can be hashed for exactly-once replays.

public struct LaunchQuery: CaseCommand, Hashable {
    public static let action = "control.query"
    public var caseNumber: String
    /// One institution, or nil for every connected one.
    public var institutionID: String?
    public var documentNumber: String

    public init(caseNumber: String, institutionID: String? = nil, documentNumber: String) {
        self.caseNumber = caseNumber
        self.institutionID = institutionID
        self.documentNumber = documentNumber
    }
}

public struct FreezeAsset: CaseCommand, Hashable {
    public static let action = "control.freeze"
    public var caseNumber: String
    public var institutionID: String
    public var assetKind: AssetKind?
    public var assetIdentifier: String
    public var amountFen: Int64
    public var endOn: String
    public var documentNumber: String
    /// Real estate and movables: the value the court states, counted against the case's room (0: unknown).
    public var statedValueFen: Int64

    public init(caseNumber: String, institutionID: String, assetKind: AssetKind?, assetIdentifier: String,
                amountFen: Int64, endOn: String, documentNumber: String, statedValueFen: Int64 = 0) {
        self.caseNumber = caseNumber
        self.institutionID = institutionID
        self.assetKind = assetKind
        self.assetIdentifier = assetIdentifier
        self.amountFen = amountFen
        self.endOn = endOn
        self.documentNumber = documentNumber
        self.statedValueFen = statedValueFen
    }
}

public struct RenewFreeze: CaseCommand, Hashable {
    public static let action = "control.renew"
    public var freezeRequestID: String
    public var endOn: String
    public var documentNumber: String

    public init(freezeRequestID: String, endOn: String, documentNumber: String) {
        self.freezeRequestID = freezeRequestID
        self.endOn = endOn
        self.documentNumber = documentNumber
    }
}

public struct ReleaseFreeze: CaseCommand, Hashable {
    public static let action = "control.release"
    public var freezeRequestID: String
    public var documentNumber: String
    /// A partial release: the amount to release (0: the whole control).
    public var amountFen: Int64

    public init(freezeRequestID: String, documentNumber: String, amountFen: Int64 = 0) {
        self.freezeRequestID = freezeRequestID
        self.documentNumber = documentNumber
        self.amountFen = amountFen
    }
}

public struct DeductFrozen: CaseCommand, Hashable {
    public static let action = "control.deduct"
    public var freezeRequestID: String
    public var amountFen: Int64
    public var documentNumber: String
    /// The case's escrow account to pay into; empty: the account opened for the first debtor.
    public var escrowAccount: String
    /// A natural person's deposits: dependants whose living expenses the deduction leaves (0–20).
    public var dependants: Int
    /// Months of living expenses left (0: the policy's default, 1).
    public var months: Int

    public init(freezeRequestID: String, amountFen: Int64, documentNumber: String, escrowAccount: String = "",
                dependants: Int = 0, months: Int = 0) {
        self.freezeRequestID = freezeRequestID
        self.amountFen = amountFen
        self.documentNumber = documentNumber
        self.escrowAccount = escrowAccount
        self.dependants = dependants
        self.months = months
    }
}

/// A holding as an institution reports it, before validation.
public struct HoldingInput: Hashable, Codable, Sendable {
    public struct FreezeInput: Hashable, Codable, Sendable {
        public var authority: String
        public var documentNumber: String
        public var amountFen: Int64
        public var endOn: String

        public init(authority: String, documentNumber: String, amountFen: Int64, endOn: String) {
            self.authority = authority
            self.documentNumber = documentNumber
            self.amountFen = amountFen
            self.endOn = endOn
        }
    }

    public var assetKind: AssetKind?
    public var identifier: String
    public var type: String
    public var status: String
    public var branch: String
    public var balanceFen: Int64
    public var availableFen: Int64
    public var existingFreezes: [FreezeInput]
    /// The ID number of the debtor who holds it (empty: not said).
    public var ownerIDNumber: String

    public init(assetKind: AssetKind?, identifier: String, type: String, status: String, branch: String,
                balanceFen: Int64, availableFen: Int64, existingFreezes: [FreezeInput] = [], ownerIDNumber: String = "") {
        self.ownerIDNumber = ownerIDNumber
        self.assetKind = assetKind
        self.identifier = identifier
        self.type = type
        self.status = status
        self.branch = branch
        self.balanceFen = balanceFen
        self.availableFen = availableFen
        self.existingFreezes = existingFreezes
    }
}

public struct AnswerQuery: CaseCommand, Hashable {
    public static let action = "control.answer_query"
    public var controlRequestID: String
    public var holdings: [HoldingInput]

    public init(controlRequestID: String, holdings: [HoldingInput]) {
        self.controlRequestID = controlRequestID
        self.holdings = holdings
    }
}

public struct AnswerControl: CaseCommand, Hashable {
    public static let action = "control.answer_control"
    public var controlRequestID: String
    public var controlledFen: Int64
    public var reason: String
    public var startOn: String
    public var endOn: String

    public init(controlRequestID: String, controlledFen: Int64, reason: String = "", startOn: String = "", endOn: String = "") {
        self.controlRequestID = controlRequestID
        self.controlledFen = controlledFen
        self.reason = reason
        self.startOn = startOn
        self.endOn = endOn
    }
}

public struct AnswerDeduction: CaseCommand, Hashable {
    public static let action = "control.answer_deduction"
    public var controlRequestID: String
    public var movedFen: Int64
    public var reason: String
    public var wholeAssetDisposed: Bool
    /// The bank's reference of the transfer into escrow; the custodian's receipt that carries it is linked.
    public var transferReference: String

    public init(controlRequestID: String, movedFen: Int64, reason: String = "", wholeAssetDisposed: Bool = false,
                transferReference: String = "") {
        self.controlRequestID = controlRequestID
        self.movedFen = movedFen
        self.reason = reason
        self.wholeAssetDisposed = wholeAssetDisposed
        self.transferReference = transferReference
    }
}

/// The monitor's own writes; their request ids are derived from what they act on, so a sweep
/// repeated after a crash changes nothing twice.
struct MonitorAction: CaseCommand, Hashable {
    static let action = "control.monitor"
    var kind: String
    var subject: String
    var detail: String
}
