import EnforcementCore
import Foundation
import Testing

/// The custodian bank's statement (对账单), as the funds officer uploads it for reconciliation.
@Suite struct StatementParsingTests {
    let unix = "date,transaction_id,direction,amount,counterparty,reference\n2026-12-01,T1,in,6000.00,张三,（2026）沪0105执1号案款\n2026-12-02,T2,out,5000,上海某某贸易有限公司,付款\n"

    /// A statement saved on Windows ends its lines with CR LF. Swift reads "\r\n" as one character,
    /// so splitting on "\n" left the whole file one line and the upload was refused (found by the
    /// FuzzStatement target).
    @Test func windowsLineEndsReadAsUnixOnes() throws {
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try StatementLine.parse(csv: unix)
        #expect(expected.count == 2)
        #expect(try StatementLine.parse(csv: windows) == expected)
        #expect(try StatementLine.parse(csv: unix.replacingOccurrences(of: "\n", with: "\r")) == expected)
    }

    /// A bad line is named by its number whatever the line ends.
    @Test func aBadLineIsNamedByItsNumberWithEitherLineEnd() {
        for end in ["\n", "\r\n"] {
            let text = ["date,transaction_id,direction,amount,counterparty,reference", "2026-12-01,T1,in,1.00,a,b", "2026-12-02,T2,sideways,1.00,a,b"]
                .joined(separator: end)
            #expect(throws: EnforcementError.invalid("statement", "line 3: direction 'sideways' is not in or out")) {
                try StatementLine.parse(csv: text)
            }
        }
    }
}
