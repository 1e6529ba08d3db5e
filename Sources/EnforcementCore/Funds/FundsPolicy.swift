/// The numbers of case funds, kept as data with the defaults of DOMAIN.md (Time limits).
public struct FundsPolicy: Hashable, Sendable {
    /// Money is paid out within this many days of its arrival unless a listed reason holds.
    public var payoutDays: Int
    /// A receipt in suspense is matched to a case within this many days.
    public var matchDays: Int

    public init(payoutDays: Int = 30, matchDays: Int = 3) {
        self.payoutDays = payoutDays
        self.matchDays = matchDays
    }
}
