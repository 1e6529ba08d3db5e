import EnforcementCore
import Foundation
import Testing

@Suite("Network asset control: the numbers and the registry")
struct ControlRuleTests {
    let policy = ControlPolicy()
    let today = CalendarDate(year: 2026, month: 3, day: 10)

    @Test("longest single term: deposits 1 year, movables 2 years, real estate and other rights 3 years",
          arguments: [(AssetKind.deposit, "2027-03-10"), (.movable, "2028-03-10"), (.realEstate, "2029-03-10"), (.otherRight, "2029-03-10")])
    func terms(_ kind: AssetKind, _ latest: String) {
        #expect(policy.latestEnd(of: kind, from: today).description == latest)
    }

    @Test("warnings 30 and 7 days before the end; re-queries every 6 months, 10 times (5 years)")
    func warningsAndRequeries() {
        #expect(policy.expiryWarningDays == [30, 7])
        #expect(policy.requeryRounds == 10)
        #expect(policy.requeryDay(round: 1, closedOn: today).description == "2026-09-10")
        #expect(policy.requeryDay(round: 10, closedOn: today).description == "2031-03-10")
    }

    @Test("answer deadlines default to 24 hours for queries, freezes and deductions")
    func defaultHours() throws {
        let json = #"{"institutions":[{"id":"X-BANK","name":"x","kind":"bank","assetKinds":["deposit"],"actions":["query","freeze"]}]}"#
        let registry = try InstitutionRegistry(json: Data(json.utf8))
        let bank = try #require(registry.institution("X-BANK"))
        #expect(bank.answerHours == Institution.AnswerHours(query: 24, control: 24, deduction: 24))
        #expect(bank.connected)
        #expect(bank.principal == .institution("X-BANK"))
    }

    @Test("the registry refuses duplicate ids, ids with ':', institutions that answer no queries, and answer hours outside 1-720",
          arguments: [
            #"[{"id":"A","name":"a","kind":"bank","assetKinds":["deposit"],"actions":["query"]},{"id":"A","name":"b","kind":"bank","assetKinds":["deposit"],"actions":["query"]}]"#,
            #"[{"id":"A:B","name":"a","kind":"bank","assetKinds":["deposit"],"actions":["query"]}]"#,
            #"[{"id":"A","name":"a","kind":"bank","assetKinds":["deposit"],"actions":["freeze"]}]"#,
            #"[{"id":"A","name":"a","kind":"bank","assetKinds":["deposit"],"actions":["query"],"answerHours":{"query":0,"control":24,"deduction":24}}]"#,
          ])
    func registryRefusals(_ list: String) {
        #expect(throws: EnforcementError.self) { try InstitutionRegistry(json: Data(#"{"institutions":"#.utf8) + Data(list.utf8) + Data("}".utf8)) }
    }

    @Test("the development registry: three banks and the real-estate registry connected, each with a development certificate")
    func developmentRegistry() {
        let connected = InstitutionRegistry.development.connected.map(\.id)
        #expect(connected == ["ABC-SH", "CCB-SH", "ICBC-SH", "SH-REALESTATE"])
    }

    @Test("request ids are CR and eight digits of the position")
    func requestIDs() {
        #expect(ControlRequest.id(position: 42) == "CR00000042")
        #expect(ControlRequest.id(position: 123_456_789) == "CR123456789")
    }

    @Test("the system principal parses but names no outside role")
    func systemPrincipal() throws {
        let principal = try Principal(uri: "urn:enforcement:system:control-monitor")
        #expect(principal == .system("control-monitor"))
        #expect(principal.role(in: .development) == nil)
    }
}
