import EnforcementCore
import Foundation
import Testing

/// A pending case filed on `filed`, for the pure rules.
func sampleCase(filed: CalendarDate, titleKind: TitleKind = .litigation, nodes: Set<String> = ["case_filed"]) throws -> EnforcementCase {
    let limits = TimeLimitPolicy()
    return EnforcementCase(
        number: CaseNumber(year: filed.year, court: try CourtCode("沪0105"), type: .first, sequence: 1),
        titleKind: titleKind, titleDocument: "（2025）沪0105民初1号",
        applicants: [Party(name: "张三", identity: .person(try PersonID("11010519491231002X")))],
        debtors: [Party(name: "某公司", identity: .organisation(try CreditCode("91310000MA1FL8XQ37")))],
        amountSought: Money(fen: 10_000_000), handlingJudge: nil, status: .pending, filedOn: filed, filedAt: filed.startInstant,
        limitMonths: limits.limitMonths(for: titleKind), extensionMonths: 0, suspensions: [], closing: nil, resumedFrom: nil,
        nodesReached: nodes)
}

@Suite("Case rules: time limits, suspension, extension, 终本 preconditions")
struct CaseRuleTests {
    let filed = CalendarDate(year: 2026, month: 3, day: 10)

    @Test("a litigation title's case is due 6 months after filing")
    func sixMonths() throws {
        let record = try sampleCase(filed: filed)
        #expect(record.dueOn(asOf: filed) == CalendarDate(year: 2026, month: 9, day: 10))
        #expect(!record.isOverdue(asOf: CalendarDate(year: 2026, month: 9, day: 10)))
        #expect(record.isOverdue(asOf: CalendarDate(year: 2026, month: 9, day: 11)))
    }

    @Test("a non-litigation title's case is due 3 months after filing")
    func threeMonths() throws {
        let record = try sampleCase(filed: filed, titleKind: .nonLitigation)
        #expect(record.dueOn(asOf: filed) == CalendarDate(year: 2026, month: 6, day: 10))
    }

    @Test("suspended days do not count toward the limit")
    func suspension() throws {
        var record = try sampleCase(filed: filed)
        record.suspensions = [Suspension(start: CalendarDate(year: 2026, month: 4, day: 1), end: CalendarDate(year: 2026, month: 4, day: 21), reason: "r")]
        #expect(record.suspendedDays(asOf: filed) == 20)
        #expect(record.dueOn(asOf: filed) == CalendarDate(year: 2026, month: 9, day: 30))
    }

    @Test("while suspended a case has no due date and is never overdue; the open period counts to today")
    func openSuspension() throws {
        var record = try sampleCase(filed: filed)
        record.status = .suspended
        record.suspensions = [Suspension(start: CalendarDate(year: 2026, month: 4, day: 1), end: nil, reason: "r")]
        let late = CalendarDate(year: 2027, month: 1, day: 1)
        #expect(record.dueOn(asOf: late) == nil)
        #expect(!record.isOverdue(asOf: late))
        #expect(record.suspendedDays(asOf: CalendarDate(year: 2026, month: 4, day: 11)) == 10)
    }

    @Test("an extension of up to 3 months moves the due date")
    func extensionMovesDue() throws {
        var record = try sampleCase(filed: filed)
        record.extensionMonths = 3
        #expect(record.dueOn(asOf: filed) == CalendarDate(year: 2026, month: 12, day: 10))
    }

    @Test("month arithmetic clamps to the month's end: Aug 31 + 6 months = Feb 28")
    func monthClamp() {
        #expect(CalendarDate(year: 2026, month: 8, day: 31).adding(months: 6) == CalendarDate(year: 2027, month: 2, day: 28))
        #expect(CalendarDate(year: 2027, month: 8, day: 31).adding(months: 6) == CalendarDate(year: 2028, month: 2, day: 29))
    }

    @Test("dates are Shanghai dates: 16:30 UTC is already the next day in Asia/Shanghai")
    func shanghaiDates() {
        let instant = Date(timeIntervalSince1970: 1_795_890_600)  // 2026-11-28T16:30:00Z
        #expect(CalendarDate(instant) == CalendarDate(year: 2026, month: 11, day: 29))
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2028-02-29") != nil)
    }

    @Test("终本 needs at least 3 months since filing, the report order, network queries and a consumption restriction")
    func terminationPreconditions() throws {
        let policy = ClosingPolicy()
        let bare = try sampleCase(filed: filed)
        let early = policy.unmetTerminationConditions(bare, on: CalendarDate(year: 2026, month: 6, day: 9), debtorMeetsListingConditions: false)
        #expect(early.count == 4)
        #expect(early[0].contains("3 months"))

        let ready = try sampleCase(filed: filed, nodes: ["case_filed", "property_report_order", "network_query_launched", "consumption_restricted"])
        #expect(policy.unmetTerminationConditions(ready, on: CalendarDate(year: 2026, month: 6, day: 10), debtorMeetsListingConditions: false).isEmpty)
        #expect(policy.unmetTerminationConditions(ready, on: CalendarDate(year: 2026, month: 6, day: 9), debtorMeetsListingConditions: false).count == 1)
    }

    @Test("终本 for a debtor who meets the listing conditions needs the debtor on the dishonest list")
    func terminationNeedsListing() throws {
        let policy = ClosingPolicy()
        var ready = try sampleCase(filed: filed, nodes: ["case_filed", "property_report_order", "network_query_launched", "consumption_restricted"])
        let day = CalendarDate(year: 2026, month: 7, day: 1)
        #expect(policy.unmetTerminationConditions(ready, on: day, debtorMeetsListingConditions: true) == [
            "终本 needs a debtor who meets the listing conditions on the dishonest-debtor list (node dishonest_listed)"
        ])
        ready.nodesReached.insert("dishonest_listed")
        #expect(policy.unmetTerminationConditions(ready, on: day, debtorMeetsListingConditions: true).isEmpty)
    }

    @Test("the limits are data with the national defaults: 6, 3, one extension of 3, 终本 after 3")
    func limitDefaults() {
        let limits = TimeLimitPolicy()
        #expect(limits.litigationMonths == 6)
        #expect(limits.nonLitigationMonths == 3)
        #expect(limits.maximumExtensionMonths == 3)
        #expect(limits.terminationMinimumMonths == 3)
    }
}

@Suite("The process-node catalogue")
struct ProcessNodeCatalogueTests {
    let catalogue = ProcessNodeCatalogue.standard

    @Test("at least 31 nodes, of which 32 are pushed to the parties")
    func counts() {
        #expect(catalogue.nodes.count >= 31)
        #expect(catalogue.nodes.filter(\.pushedToParties).count == 32)
        #expect(Set(catalogue.nodes.map(\.code)).count == catalogue.nodes.count)
    }

    @Test(
        "deadline rules: handler within 7 days, notice and report order within 3, investigation within 1 month",
        arguments: [
            ("handler_assigned", "2026-03-17"), ("execution_notice_sent", "2026-03-13"), ("property_report_order", "2026-03-13"),
            ("asset_leads_requested", "2026-03-13"), ("network_query_launched", "2026-03-10"), ("investigation_completed", "2026-04-10"),
            ("delegation_sent", "2026-04-10"),
        ])
    func deadlines(_ code: String, _ due: String) throws {
        let node = try #require(catalogue.node(code))
        #expect(node.deadline?.due(filedOn: CalendarDate(year: 2026, month: 3, day: 10)).description == due)
    }

    @Test("the nodes the workflow records itself exist and cannot be recorded by hand",
          arguments: ["case_filed", "handler_assigned", "case_suspended", "case_resumed", "limit_extended", "case_closed",
                      "freeze_lapsed", "control_reminder", "funds_received", "funds_paid_out"])
    func systemNodes(_ code: String) {
        #expect(catalogue.node(code)?.viaOwnCall == true)
        #expect(throws: EnforcementError.self) { try catalogue.recordable(code) }
    }

    @Test("the control nodes the network records exist (they may also be recorded by hand for offline controls)",
          arguments: ["network_query_launched", "network_query_answered", "assets_frozen", "assets_sealed", "freeze_renewed",
                      "assets_released", "funds_deducted"])
    func controlNodes(_ code: String) throws {
        #expect(try catalogue.recordable(code).code == code)
    }

    @Test("an unknown node code is refused naming node_code")
    func unknownNode() {
        let error = #expect(throws: EnforcementError.self) { try catalogue.recordable("nonsense") }
        #expect(error?.field == "node_code")
    }
}

@Suite("Principals from certificate URIs")
struct PrincipalTests {
    @Test(
        "each principal kind round-trips through its URI, percent-encoded or not",
        arguments: [
            "urn:enforcement:court:沪0105", "urn:enforcement:court:%E6%B2%AA0105", "urn:enforcement:command-centre:沪",
            "urn:enforcement:institution:ICBC-SH", "urn:enforcement:custodian-bank:BOC-SH", "urn:enforcement:credit-platform:SH",
        ])
    func roundTrip(_ uri: String) throws {
        let principal = try Principal(uri: uri)
        #expect(try Principal(uri: principal.encodedURI) == principal)
        #expect(uri.removingPercentEncoding == principal.uri)
    }

    @Test("a URI that names no principal is UNAUTHENTICATED", arguments: ["https://example", "urn:enforcement:court:", "urn:enforcement:judge:x", "urn:enforcement:court:XX01"])
    func bad(_ uri: String) {
        let error = #expect(throws: EnforcementError.self) { try Principal(uri: uri) }
        #expect(error?.code == .unauthenticated)
    }

    @Test("roles: a city court, a court of another province, the command centre")
    func roles() throws {
        #expect(try Principal(uri: "urn:enforcement:court:沪0105").role(in: .development) == .cityCourt)
        #expect(try Principal(uri: "urn:enforcement:court:苏0102").role(in: .development) == .externalCourt)
        #expect(try Principal(uri: "urn:enforcement:command-centre:沪").role(in: .development) == .commandCentre)
    }

    // Issue 12, finding 4: a certificate of our CA naming a principal the deployment does not know
    // (another province's command centre, an unknown court, institution, custodian or platform) gets no role.
    @Test("a principal the deployment does not know has no role", arguments: [
        "urn:enforcement:command-centre:苏", "urn:enforcement:command-centre:沪0105", "urn:enforcement:court:沪0999",
        "urn:enforcement:court:川0101", "urn:enforcement:institution:EVIL-BANK", "urn:enforcement:custodian-bank:ICBC-SH",
        "urn:enforcement:credit-platform:JS", "urn:enforcement:system:monitor",
    ])
    func unknownPrincipal(_ uri: String) throws {
        #expect(try Principal(uri: uri).role(in: .development) == nil)
    }

    @Test("every kind the deployment knows has its role")
    func knownPrincipals() throws {
        #expect(try Principal(uri: "urn:enforcement:institution:ICBC-SH").role(in: .development) == .institution)
        #expect(try Principal(uri: "urn:enforcement:custodian-bank:BOC-SH").role(in: .development) == .custodianBank)
        #expect(try Principal(uri: "urn:enforcement:credit-platform:SH").role(in: .development) == .creditPlatform)
    }

    @Test("a court reads and changes only its own cases; the command centre reads all and changes none")
    func scope() throws {
        let number = try CaseNumber(parsing: "（2026）沪0105执1号")
        let own = Caller(principal: .court(try CourtCode("沪0105")))
        let other = Caller(principal: .court(try CourtCode("沪0101")))
        let centre = Caller(principal: .commandCentre(try CourtCode("沪")))
        #expect(own.mayRead(number) && own.mayChange(number))
        #expect(!other.mayRead(number) && !other.mayChange(number))
        #expect(centre.mayRead(number) && !centre.mayChange(number))
    }
}
