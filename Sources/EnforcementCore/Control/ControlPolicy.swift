/// The numbers of network asset control, kept as data with the defaults of the national rules.
public struct ControlPolicy: Hashable, Sendable {
    /// Longest single term of a freeze or seal, in months, by asset kind:
    /// deposits 12, movables 24, real estate and other property rights 36.
    public var maximumTermMonths: [AssetKind: Int]
    /// Days before a freeze's end date on which the judge and the institution are warned.
    public var expiryWarningDays: [Int]
    /// After a 终本 closing: re-query every `requeryIntervalMonths`, `requeryRounds` times (6 × 10 = 5 years).
    public var requeryIntervalMonths: Int
    public var requeryRounds: Int

    public init(
        maximumTermMonths: [AssetKind: Int] = [.deposit: 12, .movable: 24, .realEstate: 36, .otherRight: 36],
        expiryWarningDays: [Int] = [30, 7], requeryIntervalMonths: Int = 6, requeryRounds: Int = 10
    ) {
        self.maximumTermMonths = maximumTermMonths
        self.expiryWarningDays = expiryWarningDays.sorted(by: >)
        self.requeryIntervalMonths = requeryIntervalMonths
        self.requeryRounds = requeryRounds
    }

    /// The last day a freeze of `kind` made or renewed on `day` may run to.
    public func latestEnd(of kind: AssetKind, from day: CalendarDate) -> CalendarDate {
        day.adding(months: maximumTermMonths[kind] ?? 12)
    }

    /// The day of re-query round `round` (1-based) after a 终本 closing on `closedOn`.
    public func requeryDay(round: Int, closedOn: CalendarDate) -> CalendarDate {
        closedOn.adding(months: requeryIntervalMonths * round)
    }
}
