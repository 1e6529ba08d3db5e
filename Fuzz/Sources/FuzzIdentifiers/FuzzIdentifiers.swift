import EnforcementCore
import Foundation
import FuzzSupport

// The parsers of identifiers and values that arrive as text: person ID numbers, unified social
// credit codes, parties, case numbers (also inside a payment reference), court codes, escrow account
// numbers, dates and amounts in yuan. The first byte picks the parser; the rest, as UTF-8, is the
// text. Property for each: what parses writes back (its description) to text that parses to the
// same value, so a value the platform accepted and stored always reads again.

private let parsers: [@Sendable (String) -> Void] = [
    { text in
        guard let id = try? PersonID(text) else { return }
        require((try? PersonID(id.description))?.description == id.description, "person ID \(id) does not read back")
        _ = id.age(on: CalendarDate(year: 2026, month: 12, day: 3))
    },
    { text in
        guard let code = try? CreditCode(text) else { return }
        require((try? CreditCode(code.description))?.description == code.description, "credit code \(code) does not read back")
    },
    { text in
        let fields = text.split(separator: "\u{1F}", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        for isPerson in [true, false, nil] as [Bool?] {
            guard let party = try? Party.validated(isPerson: isPerson, name: fields[0], idNumber: fields.count > 1 ? fields[1] : "",
                                                   phone: fields.count > 2 ? fields[2] : "", field: "debtors[0]")
            else { continue }
            let again = try? Party.validated(isPerson: party.isPerson, name: party.name, idNumber: party.idNumber, phone: party.phone ?? "",
                                             field: "debtors[0]")
            require(again == party, "party \(party) does not validate again")
            _ = Party.maskPhone(party.phone ?? "")
        }
    },
    { text in
        guard let number = try? CaseNumber(parsing: text) else { return }
        require((try? CaseNumber(parsing: number.description)) == number, "case number \(number) does not read back")
    },
    { text in
        guard let number = CaseNumber.first(in: text) else { return }
        require((try? CaseNumber(parsing: number.description)) == number, "case number \(number) found in a reference does not read back")
    },
    { text in
        guard let court = try? CourtCode(text) else { return }
        require((try? CourtCode(court.description)) == court, "court code \(court) does not read back")
    },
    { text in
        if let account = EscrowAccountNumber(written: text) {
            require(EscrowAccountNumber(written: account.description) == account, "escrow account \(account) does not read back")
        }
        if let account = try? EscrowAccountNumber(parsing: text, field: "account") {
            require((try? EscrowAccountNumber(parsing: account.description, field: "account")) == account, "escrow account \(account) does not read back")
        }
    },
    { text in
        guard let date = CalendarDate(iso: text) else { return }
        require(CalendarDate(iso: date.description) == date, "date \(date) does not read back")
        // Terms and due days are computed from legal dates; what they give must read as stored.
        for later in [date.adding(days: 365 * 30), date.adding(months: 600), date.adding(days: -1)] {
            require(CalendarDate(stored: later.description) == later, "date \(later) computed from \(date) does not read back")
        }
    },
    { text in
        guard let amount = Money(yuan: text) else { return }
        require(Money(yuan: amount.description) == amount, "amount \(amount) does not read back")
    },
]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let choice = Choice(bytes(data, size))
    parsers[Int(choice.selector) % parsers.count](String(decoding: choice.rest, as: UTF8.self))
    return 0
}

@_cdecl("FuzzIdentifiers_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
