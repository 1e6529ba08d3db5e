import EnforcementCore
import Foundation
import FuzzSupport

// The custodian bank's statement (CSV, uploaded by the funds officer). Any bytes: UTF-8 decoded as
// the server decodes the upload, then parsed. Properties: every line read has a legal date, an
// amount within bounds and a transaction id, and no more lines than the text has; the lines written
// back as CSV, with Unix or with Windows line ends, parse to the same lines.

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    guard let lines = try? StatementLine.parse(csv: text) else { return 0 }
    require(!lines.isEmpty, "an empty statement was accepted")
    require(lines.count <= text.unicodeScalars.filter({ $0 == "\n" || $0 == "\r" }).count + 1, "more lines than the text has")
    for line in lines {
        require(CalendarDate.legalYears.contains(line.date.year) && line.date.isValid, "an illegal date was read: \(line)")
        require(line.amount.fen > 0 && line.amount <= Money.maximum, "an amount out of bounds was read: \(line)")
        require((1...64).contains(line.transactionID.count), "a transaction id out of bounds was read: \(line)")
    }
    for end in ["\n", "\r\n"] {
        let written = lines.map { "\($0.date),\($0.transactionID),\($0.direction.rawValue),\($0.amount),\($0.counterparty),\($0.reference)" }
            .joined(separator: end)
        let again = try? StatementLine.parse(csv: written)
        require(again?.map(\.transactionID) == lines.map(\.transactionID) && again?.map(\.amount) == lines.map(\.amount)
                && again?.map(\.date) == lines.map(\.date) && again?.map(\.direction) == lines.map(\.direction),
                "the statement written back with \(end == "\n" ? "LF" : "CRLF") line ends reads differently: \(written.debugDescription)")
    }
    return 0
}

@_cdecl("FuzzStatement_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
