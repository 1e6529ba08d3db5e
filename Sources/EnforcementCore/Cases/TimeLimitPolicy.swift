/// The time limits of a case (configurable; defaults from the national rules).
public struct TimeLimitPolicy: Hashable, Codable, Sendable {
    /// A case with a litigation title must be closed within this many months of filing.
    public var litigationMonths = 6
    /// A case with a non-litigation title must be closed within this many months of filing.
    public var nonLitigationMonths = 3
    /// One extension of at most this many months, with the court president's approval.
    public var maximumExtensionMonths = 3
    /// Termination of the current round (终本) needs at least this many months since filing.
    public var terminationMinimumMonths = 3

    public init() {}

    public func limitMonths(for kind: TitleKind) -> Int {
        switch kind {
        case .litigation: litigationMonths
        case .nonLitigation: nonLitigationMonths
        }
    }
}
