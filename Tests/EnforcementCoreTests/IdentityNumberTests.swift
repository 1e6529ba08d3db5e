import EnforcementCore
import Testing

@Suite("Identity numbers (GB 11643, GB 32100) and masking")
struct IdentityNumberTests {
    @Test("a valid resident ID passes the GB 11643 check digit", arguments: ["11010519491231002X", "342301196405133224", "310105201006151231"])
    func validPersonID(_ id: String) throws {
        #expect(try PersonID(id).value == id)
    }

    @Test("a lower-case x check digit is accepted and upper-cased")
    func lowerCaseX() throws {
        #expect(try PersonID("11010519491231002x").value == "11010519491231002X")
    }

    @Test(
        "a bad resident ID is refused naming the field and the rule",
        arguments: [
            ("110105194912310021", "check digit"),  // check digit must be X (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
            ("11010519491231002", "18 characters"),
            ("1101051949123100X2", "digits"),
            ("110105194913310024", "birth date"),  // month 13
        ])
    func invalidPersonID(_ id: String, _ rule: String) {
        let error = #expect(throws: EnforcementError.self) { try PersonID(id, field: "debtors[0].id_number") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "debtors[0].id_number")
        #expect(error?.message.contains(rule) == true)
    }

    @Test("birth date and age come from characters 7-14")
    func birthDate() throws {
        let id = try PersonID("310105201006151231")
        #expect(id.birthDate == CalendarDate(year: 2010, month: 6, day: 15))
        #expect(id.age(on: CalendarDate(year: 2028, month: 6, day: 14)) == 17)
        #expect(id.age(on: CalendarDate(year: 2028, month: 6, day: 15)) == 18)
    }

    @Test("a person's ID is masked to characters 1-10 and 15-18: 3423011964****3224")
    func masking() throws {
        #expect(try PersonID("342301196405133224").masked == "3423011964****3224")
        let party = Party(name: "某", identity: .person(try PersonID("342301196405133224")))
        #expect(party.publicIDNumber == "3423011964****3224")
    }

    @Test("an organisation's credit code is shown in full")
    func organisationNotMasked() throws {
        let party = Party(name: "某公司", identity: .organisation(try CreditCode("91310000MA1FL8XQ37")))
        #expect(party.publicIDNumber == "91310000MA1FL8XQ37")
    }

    @Test("a phone shows the first 3 and last 4 digits")
    func phoneMasking() {
        #expect(Party.maskPhone("13812345678") == "138****5678")
    }

    @Test("a valid unified social credit code passes the GB 32100 check (mod 31)", arguments: ["91310000MA1FL8XQ37", "91310105132200821Y"])
    func validCreditCode(_ code: String) throws {
        #expect(try CreditCode(code).value == code)
    }

    @Test(
        "a bad credit code is refused",
        arguments: [
            ("91310000MA1FL8XQ38", "check character"),
            ("91310000MA1FL8XQ3", "18 characters"),
            ("91310000MA1FL8XQ3I", "not allowed"),  // I is not in the GB 32100 alphabet
        ])
    func invalidCreditCode(_ code: String, _ rule: String) {
        let error = #expect(throws: EnforcementError.self) { try CreditCode(code) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(rule) == true)
    }

    @Test("a party needs a kind, a name, a valid ID and an 11-digit mobile")
    func partyValidation() throws {
        #expect(throws: EnforcementError.self) { try Party.validated(isPerson: nil, name: "张三", idNumber: "11010519491231002X", phone: "", field: "p") }
        #expect(throws: EnforcementError.self) { try Party.validated(isPerson: true, name: "  ", idNumber: "11010519491231002X", phone: "", field: "p") }
        #expect(throws: EnforcementError.self) { try Party.validated(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "12345", field: "p") }
        let party = try Party.validated(isPerson: true, name: " 张三 ", idNumber: "11010519491231002X", phone: "13812345678", field: "p")
        #expect(party.name == "张三")
        #expect(party.phone == "13812345678")
    }
}
