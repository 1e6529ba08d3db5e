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
    /// The local minimum living standard a month per person (Shanghai 2024: ¥1,510), kept for a
    /// natural person and each dependant the court names (SPC provisions, art. 3).
    public var subsistenceMonthly: Money
    /// Months of living expenses a deduction leaves when the court names none.
    public var subsistenceMonths: Int
    /// Days a deduction the bank answered may take to arrive in escrow before the judge is reminded.
    public var deductionArrivalDays: Int
    /// How long a standing freeze order runs when the court names no end.
    public var standingOrderDays: Int

    public init(
        maximumTermMonths: [AssetKind: Int] = [.deposit: 12, .movable: 24, .realEstate: 36, .otherRight: 36],
        expiryWarningDays: [Int] = [30, 7], requeryIntervalMonths: Int = 6, requeryRounds: Int = 10,
        subsistenceMonthly: Money = Money(fen: 151_000), subsistenceMonths: Int = 1, deductionArrivalDays: Int = 3,
        standingOrderDays: Int = 30
    ) {
        self.maximumTermMonths = maximumTermMonths
        self.expiryWarningDays = expiryWarningDays.sorted(by: >)
        self.requeryIntervalMonths = requeryIntervalMonths
        self.requeryRounds = requeryRounds
        self.subsistenceMonthly = subsistenceMonthly
        self.subsistenceMonths = subsistenceMonths
        self.deductionArrivalDays = deductionArrivalDays
        self.standingOrderDays = standingOrderDays
    }

    /// What a natural person keeps: the monthly standard × (1 + dependants) × months.
    public func subsistenceFloor(dependants: Int, months: Int) -> Money {
        Money(fen: subsistenceMonthly.fen * Int64(1 + dependants) * Int64(months))
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
