/// The enforcement fee (申请执行费) on an amount, paid by the debtor.
///
/// On X RMB: X ≤ 10,000: 50; up to 500,000: 1.5% X − 100; up to 5,000,000: 1% X + 2,400;
/// up to 10,000,000: 0.5% X + 27,400; above: 0.1% X + 67,400. Computed in fen, rounded half up.
public enum EnforcementFee {
    /// Each band: upper bound in fen (inclusive), rate in thousandths, constant in fen.
    static let bands: [(upTo: Int64, perMille: Int64, constant: Int64)] = [
        (50_000_000, 15, -10_000),
        (500_000_000, 10, 240_000),
        (1_000_000_000, 5, 2_740_000),
        (.max, 1, 6_740_000),
    ]

    public static func fee(on amount: Money) throws(EnforcementError) -> Money {
        guard amount.fen >= 0, amount <= Money.maximum else {
            throw .invalid("amount_fen", "the fee is computed on an amount from 0 to \(Money.maximum.fen) fen")
        }
        if amount.fen <= 1_000_000 { return Money(fen: 5_000) }
        // bands is non-empty and its last band has no upper bound.
        let band = bands.first { amount.fen <= $0.upTo }!
        // amount ≤ Money.maximum (10^15), so amount × 15 ≤ 1.5 × 10^16, far below Int64.max.
        return Money(fen: (amount.fen * band.perMille + 500) / 1000 + band.constant)
    }
}

/// Interest for late performance (迟延履行期间的债务利息): unpaid principal × 0.000175 per day × days late.
public enum LateInterest {
    /// The daily rate 0.000175, as parts per million.
    public static let dailyRatePerMillion: Int64 = 175

    public static func interest(on principal: Money, daysLate: Int) throws(EnforcementError) -> Money {
        guard principal.fen >= 0, principal <= Money.maximum else {
            throw .invalid("principal_fen", "interest is computed on a principal from 0 to \(Money.maximum.fen) fen")
        }
        guard daysLate >= 0 else { throw .invalid("days_late", "days late cannot be negative") }
        let (perDay, overflow1) = principal.fen.multipliedReportingOverflow(by: dailyRatePerMillion)
        let (total, overflow2) = perDay.multipliedReportingOverflow(by: Int64(daysLate))
        guard !overflow1, !overflow2 else {
            throw .invalid("days_late", "interest on \(principal) for \(daysLate) days overflows")
        }
        return Money(fen: (total + 500_000) / 1_000_000)
    }
}
