import EnforcementCore
import Testing

@Suite("Money: fen, the enforcement fee and late interest")
struct MoneyTests {
    @Test(
        "enforcement fee follows the five bands (RMB → RMB)",
        arguments: [
            (Int64(5_000), Int64(50)), (10_000, 50),  // X ≤ 10,000: 50
            (100_000, 1_400),  // 1.5% X − 100
            (500_000, 7_400),
            (1_000_000, 12_400),  // 1% X + 2,400
            (5_000_000, 52_400),
            (10_000_000, 77_400),  // 0.5% X + 27,400
            (20_000_000, 87_400),  // 0.1% X + 67,400
        ])
    func fee(_ amountYuan: Int64, _ feeYuan: Int64) throws {
        #expect(try EnforcementFee.fee(on: Money(fen: amountYuan * 100)) == Money(fen: feeYuan * 100))
    }

    @Test("the fee is exact to the fen: 1.5% of 12,345.67 − 100 = 85.19 (rounded half up)")
    func feeRounding() throws {
        #expect(try EnforcementFee.fee(on: Money(fen: 1_234_567)) == Money(fen: 8_519))
    }

    @Test("late interest: 100,000 unpaid for 30 days at 0.000175 a day is 525.00")
    func lateInterest() throws {
        #expect(try LateInterest.interest(on: Money(fen: 10_000_000), daysLate: 30) == Money(fen: 52_500))
        #expect(try LateInterest.interest(on: Money(fen: 10_000_000), daysLate: 0) == Money(fen: 0))
    }

    @Test("interest refuses negative days and overflow")
    func interestBounds() {
        #expect(throws: EnforcementError.self) { try LateInterest.interest(on: Money(fen: 100), daysLate: -1) }
        #expect(throws: EnforcementError.self) { try LateInterest.interest(on: Money.maximum, daysLate: Int.max / 2) }
    }

    @Test("an amount must be positive and at most the maximum", arguments: [Int64(0), -1, Int64.min, Money.maximum.fen + 1, Int64.max])
    func invalidAmounts(_ fen: Int64) {
        let error = #expect(throws: EnforcementError.self) { try Money.positive(fen: fen, field: "amount_sought_fen") }
        #expect(error?.field == "amount_sought_fen")
    }

    @Test("money prints as yuan with two decimals")
    func description() {
        #expect(Money(fen: 123_456).description == "1234.56")
        #expect(Money(fen: -5).description == "-0.05")
    }
}
