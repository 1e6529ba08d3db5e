import EnforcementCore
import Foundation
import Testing

@Suite("Case funds rules")
struct FundsRuleTests {
    @Test("escrow numbers: 31, a 13-digit sequence and a Damm check digit")
    func numberFormat() throws {
        #expect(EscrowAccountNumber(sequence: 1).digits == "3100000000000018")
        #expect(EscrowAccountNumber(sequence: 9_999_999_999_999).digits.count == 16)
        #expect(EscrowAccountNumber(written: "3100 0000 0000 0018") == EscrowAccountNumber(sequence: 1))
        #expect(EscrowAccountNumber(written: "3100-0000-0000-0018") == EscrowAccountNumber(sequence: 1))
        #expect(EscrowAccountNumber(written: "4100000000000018") == nil, "another region prefix")
        #expect(EscrowAccountNumber(written: "310000000000001") == nil, "15 digits")
        #expect(throws: EnforcementError.self) { try EscrowAccountNumber(parsing: "31000000000000１8", field: "escrow_account") }
    }

    @Test("every single wrong digit and every swap of two different neighbours is caught",
          arguments: [Int64(1), 2, 17, 4_711, 123_456_789, 9_999_999_999_999])
    func typosCaught(_ sequence: Int64) {
        let digits = Array(EscrowAccountNumber(sequence: sequence).digits)
        for position in digits.indices {
            for replacement in "0123456789" where replacement != digits[position] {
                var typo = digits
                typo[position] = replacement
                #expect(EscrowAccountNumber(written: String(typo)) == nil, "\(String(typo))")
            }
            if position + 1 < digits.count, digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                #expect(EscrowAccountNumber(written: String(swapped)) == nil, "\(String(swapped))")
            }
        }
    }

    @Test("the invariants: debits = credits, no escrow below zero, bank = escrow + suspense, payable and fee drained")
    func invariants() {
        func sums(_ dp: Int64, _ cp: Int64, _ dq: Int64 = 0, _ cq: Int64 = 0) -> LedgerTotals.Sums {
            var sums = LedgerTotals.Sums()
            (sums.debitsPosted, sums.creditsPosted, sums.debitsPending, sums.creditsPending) = (dp, cp, dq, cq)
            return sums
        }
        // 100 received into escrow, 30 into suspense; 40 paid out through a payable account; 10 reserved.
        let sound = LedgerTotals(byKind: [.bank: sums(130, 40), .escrow: sums(40, 100, 10, 0), .suspense: sums(0, 30),
                                          .payable: sums(40, 40, 0, 10)], negativeEscrowAccounts: [])
        #expect(LedgerInvariants.violations(in: sound).isEmpty)
        let unbalanced = LedgerTotals(byKind: [.bank: sums(131, 40), .escrow: sums(40, 100), .suspense: sums(0, 30), .payable: sums(40, 40)],
                                      negativeEscrowAccounts: [])
        #expect(LedgerInvariants.violations(in: unbalanced).contains { $0.hasPrefix("posted debits 211 ≠ posted credits 210") })
        let mirrorOff = LedgerTotals(byKind: [.bank: sums(130, 40), .escrow: sums(40, 100), .suspense: sums(0, 30), .feeIncome: sums(0, 10),
                                              .payable: sums(50, 40)], negativeEscrowAccounts: [])
        let problems = LedgerInvariants.violations(in: mirrorOff)
        #expect(problems == ["payable accounts hold -0.10 between writes", "fee_income accounts hold 0.10 between writes"])
        let negative = LedgerTotals(byKind: [:], negativeEscrowAccounts: ["escrow:3100000000000018"])
        #expect(LedgerInvariants.violations(in: negative) == ["escrow account escrow:3100000000000018 is below zero"])
        // Money left the bank mirror without leaving escrow: balanced, but the mirror is short.
        let short = LedgerTotals(byKind: [.bank: sums(100, 10), .escrow: sums(0, 90), .suspense: sums(0, 10), .payable: sums(10, 0)],
                                 negativeEscrowAccounts: [])
        #expect(LedgerInvariants.violations(in: short).contains("bank mirror 0.90 ≠ escrow + suspense 1.00"))
    }

    @Test("amounts in yuan read exactly into fen", arguments: [
        ("80000", Int64(8_000_000)), ("12.3", 1_230), ("12.34", 1_234), ("0.05", 5), ("-1.50", -150), ("-0.5", -50),
    ])
    func yuan(_ text: String, _ fen: Int64) {
        #expect(Money(yuan: text) == Money(fen: fen))
    }

    @Test("malformed yuan amounts are refused", arguments: ["", "1.234", "1,000", "ten", "1.", ".5", "99999999999999999999", "１"])
    func badYuan(_ text: String) {
        #expect(Money(yuan: text) == nil)
    }
}
