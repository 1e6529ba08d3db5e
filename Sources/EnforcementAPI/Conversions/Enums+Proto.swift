public import EnforcementCore

extension Enforcement_V1_CaseType {
    public init(_ type: CaseType) {
        self =
            switch type {
            case .first: .first
            case .resumed: .resumed
            case .preservation: .preservation
            case .objection: .objection
            case .review: .review
            case .supervision: .supervision
            case .assistance: .assistance
            }
    }
}

extension CaseType {
    /// Nil for an unspecified or unknown value.
    public init?(_ proto: Enforcement_V1_CaseType) {
        switch proto {
        case .first: self = .first
        case .resumed: self = .resumed
        case .preservation: self = .preservation
        case .objection: self = .objection
        case .review: self = .review
        case .supervision: self = .supervision
        case .assistance: self = .assistance
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_TitleKind {
    public init(_ kind: TitleKind) {
        self = kind == .litigation ? .litigation : .nonLitigation
    }
}

extension TitleKind {
    public init?(_ proto: Enforcement_V1_TitleKind) {
        switch proto {
        case .litigation: self = .litigation
        case .nonLitigation: self = .nonLitigation
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_CaseStatus {
    public init(_ status: CaseStatus) {
        self =
            switch status {
            case .pending: .pending
            case .suspended: .suspended
            case .closed: .closed
            }
    }
}

extension CaseStatus {
    public init?(_ proto: Enforcement_V1_CaseStatus) {
        switch proto {
        case .pending: self = .pending
        case .suspended: self = .suspended
        case .closed: self = .closed
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Enforcement_V1_ClosingMode {
    public init(_ mode: ClosingMode) {
        self =
            switch mode {
            case .fullyEnforced: .fullyEnforced
            case .terminationOfRound: .terminationOfRound
            case .enforcementTerminated: .enforcementTerminated
            case .withdrawn: .withdrawn
            case .enforcementRefused: .enforcementRefused
            case .applicationRejected: .applicationRejected
            }
    }
}

extension ClosingMode {
    public init?(_ proto: Enforcement_V1_ClosingMode) {
        switch proto {
        case .fullyEnforced: self = .fullyEnforced
        case .terminationOfRound: self = .terminationOfRound
        case .enforcementTerminated: self = .enforcementTerminated
        case .withdrawn: self = .withdrawn
        case .enforcementRefused: self = .enforcementRefused
        case .applicationRejected: self = .applicationRejected
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
