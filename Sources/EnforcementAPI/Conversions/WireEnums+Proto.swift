public import EnforcementCore

// The enums of funds, delegation, deterrence and notifications and their wire enums, case by case
// by name: reordering a declaration on either side never changes a wire value, and a case added on
// one side only does not compile. (Written once from the matching case names; kept by hand.)

extension Receipt.Status {
    public func proto() -> Enforcement_V1_ReceiptStatus {
        switch self {
        case .credited: .credited
        case .suspense: .suspense
        case .matched: .matched
        case .reversed: .reversed
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_ReceiptStatus) {
        switch proto {
        case .credited: self = .credited
        case .suspense: self = .suspense
        case .matched: self = .matched
        case .reversed: self = .reversed
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension PayoutPurpose {
    public func proto() -> Enforcement_V1_PayoutPurpose {
        switch self {
        case .payee: .payee
        case .enforcementFee: .enforcementFee
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_PayoutPurpose) {
        switch proto {
        case .payee: self = .payee
        case .enforcementFee: self = .enforcementFee
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension ApprovalStage {
    public func proto() -> Enforcement_V1_ApprovalStage {
        switch self {
        case .judge: .judge
        case .bureauChief: .bureauChief
        case .finance: .finance
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_ApprovalStage) {
        switch proto {
        case .judge: self = .judge
        case .bureauChief: self = .bureauChief
        case .finance: self = .finance
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Payout.Status {
    public func proto() -> Enforcement_V1_PayoutStatus {
        switch self {
        case .awaitingBureauChief: .awaitingBureauChief
        case .awaitingFinance: .awaitingFinance
        case .approved: .approved
        case .paid: .paid
        case .failed: .failed
        case .rejected: .rejected
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_PayoutStatus) {
        switch proto {
        case .awaitingBureauChief: self = .awaitingBureauChief
        case .awaitingFinance: self = .awaitingFinance
        case .approved: self = .approved
        case .paid: self = .paid
        case .failed: self = .failed
        case .rejected: self = .rejected
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension PayoutHoldReason {
    public func proto() -> Enforcement_V1_PayoutHoldReason {
        switch self {
        case .distributionPending: .distributionPending
        case .frozenInAnotherCase: .frozenInAnotherCase
        case .payeeNotCollecting: .payeeNotCollecting
        case .caseSuspended: .caseSuspended
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_PayoutHoldReason) {
        switch proto {
        case .distributionPending: self = .distributionPending
        case .frozenInAnotherCase: self = .frozenInAnotherCase
        case .payeeNotCollecting: self = .payeeNotCollecting
        case .caseSuspended: self = .caseSuspended
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension DelegationKind {
    public func proto() -> Enforcement_V1_DelegationKind {
        switch self {
        case .investigate: .investigate
        case .seal: .seal
        case .serveDocuments: .serveDocuments
        case .deliverDebtor: .deliverDebtor
        case .other: .other
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_DelegationKind) {
        switch proto {
        case .investigate: self = .investigate
        case .seal: self = .seal
        case .serveDocuments: self = .serveDocuments
        case .deliverDebtor: self = .deliverDebtor
        case .other: self = .other
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension DelegationStatus {
    public func proto() -> Enforcement_V1_DelegationStatus {
        switch self {
        case .sent: .sent
        case .accepted: .accepted
        case .rejected: .rejected
        case .completed: .completed
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_DelegationStatus) {
        switch proto {
        case .sent: self = .sent
        case .accepted: self = .accepted
        case .rejected: self = .rejected
        case .completed: self = .completed
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension AnswerDelegation.Step {
    public func proto() -> Enforcement_V1_AnswerStep {
        switch self {
        case .accept: .accept
        case .reject: .reject
        case .progress: .progress
        case .complete: .complete
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_AnswerStep) {
        switch proto {
        case .accept: self = .accept
        case .reject: self = .reject
        case .progress: self = .progress
        case .complete: self = .complete
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension MeasureKind {
    public func proto() -> Enforcement_V1_MeasureKind {
        switch self {
        case .dishonestList: .dishonestList
        case .consumptionRestriction: .consumptionRestriction
        case .publicExposure: .publicExposure
        case .exitBan: .exitBan
        case .onlinePursuit: .onlinePursuit
        case .forcedSummons: .forcedSummons
        case .fine: .fine
        case .detention: .detention
        case .refusalReferral: .refusalReferral
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_MeasureKind) {
        switch proto {
        case .dishonestList: self = .dishonestList
        case .consumptionRestriction: self = .consumptionRestriction
        case .publicExposure: self = .publicExposure
        case .exitBan: self = .exitBan
        case .onlinePursuit: self = .onlinePursuit
        case .forcedSummons: self = .forcedSummons
        case .fine: self = .fine
        case .detention: self = .detention
        case .refusalReferral: self = .refusalReferral
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension MeasureStatus {
    public func proto() -> Enforcement_V1_MeasureStatus {
        switch self {
        case .inForce: .inForce
        case .lifted: .lifted
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_MeasureStatus) {
        switch proto {
        case .inForce: self = .inForce
        case .lifted: self = .lifted
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension RemovalEvent {
    public func proto() -> Enforcement_V1_RemovalEvent {
        switch self {
        case .debtPerformed: .debtPerformed
        case .settlementPerformed: .settlementPerformed
        case .applicantRequest: .applicantRequest
        case .noAssetsAfterTermination: .noAssetsAfterTermination
        case .retrialOrBankruptcySuspension: .retrialOrBankruptcySuspension
        case .enforcementRefusedOrTerminated: .enforcementRefusedOrTerminated
        case .termEnded: .termEnded
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_RemovalEvent) {
        switch proto {
        case .debtPerformed: self = .debtPerformed
        case .settlementPerformed: self = .settlementPerformed
        case .applicantRequest: self = .applicantRequest
        case .noAssetsAfterTermination: self = .noAssetsAfterTermination
        case .retrialOrBankruptcySuspension: self = .retrialOrBankruptcySuspension
        case .enforcementRefusedOrTerminated: self = .enforcementRefusedOrTerminated
        case .termEnded: self = .termEnded
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension BoundPerson.Role {
    public func proto() -> Enforcement_V1_BoundPersonRole {
        switch self {
        case .legalRepresentative: .legalRepresentative
        case .actualController: .actualController
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_BoundPersonRole) {
        switch proto {
        case .legalRepresentative: self = .legalRepresentative
        case .actualController: self = .actualController
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension RecordMeasureStep.Step {
    public func proto() -> Enforcement_V1_MeasureStepKind {
        switch self {
        case .familyNotified: .familyNotified
        case .reviewRequested: .reviewRequested
        case .reviewDecided: .reviewDecided
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_MeasureStepKind) {
        switch proto {
        case .familyNotified: self = .familyNotified
        case .reviewRequested: self = .reviewRequested
        case .reviewDecided: self = .reviewDecided
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension DishonestChange {
    public func proto() -> Enforcement_V1_DishonestChange {
        switch self {
        case .added: .added
        case .changed: .changed
        case .removed: .removed
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_DishonestChange) {
        switch proto {
        case .added: self = .added
        case .changed: self = .changed
        case .removed: self = .removed
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}

extension Delivery.Status {
    public func proto() -> Enforcement_V1_DeliveryStatus {
        switch self {
        case .pending: .pending
        case .delivered: .delivered
        case .deadLetter: .deadLetter
        }
    }

    /// Nil for UNSPECIFIED or an unknown value.
    public init?(proto: Enforcement_V1_DeliveryStatus) {
        switch proto {
        case .pending: self = .pending
        case .delivered: self = .delivered
        case .deadLetter: self = .deadLetter
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
