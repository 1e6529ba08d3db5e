import EnforcementCore
import EnforcementSQLite
import Foundation
import Synchronization
import Testing

extension Harness {
    var deterrence: DeterrenceWorkflow { DeterrenceWorkflow(domain: workflow.domain) }
    var deterrenceMonitor: DeterrenceMonitor { DeterrenceMonitor(deterrence: deterrence) }

    static let legalRep = BoundPersonInput(role: .legalRepresentative, name: "王五", idNumber: "11010519491231002X")

    /// A resident ID with a valid check digit for a birth date (GB 11643).
    static func personID(born: String, area: String = "310105", sequence: String = "123") -> String {
        let body = area + born.replacingOccurrences(of: "-", with: "") + sequence
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A case whose one debtor is a person born on `born`.
    func personCase(born: String = "1980-05-17", phone: String = "13900001111") async throws -> CaseNumber {
        var filing = Harness.filing()
        filing.debtors = [PartyInput(isPerson: true, name: "李四", idNumber: Harness.personID(born: born), phone: phone)]
        return try await file(filing).number
    }

    func impose(_ number: CaseNumber, _ kind: MeasureKind, ground: Int? = nil, term: Int? = nil, fine: Int64? = nil, days: Int? = nil,
                bound: [BoundPersonInput] = [], seized: Int64 = 0, security: Bool = false, document: String = "（2026）沪0105执1号决定书",
                requestID: String = UUID().uuidString) async throws -> [Measure] {
        try await deterrence.impose(
            ImposeMeasure(caseNumber: number.description, kind: kind, document: document, ground: ground, termYears: term, seizedAssetsValueFen: seized,
                          securityGiven: security, fineFen: fine, detentionDays: days, boundPersons: bound),
            by: Harness.court0105, requestID: requestID)
    }

    func lift(_ id: String, reason: String = "已履行完毕") async throws -> Measure {
        try await deterrence.lift(LiftMeasure(measureID: id, document: "（2026）沪0105执1号之一", reason: reason), by: Harness.court0105, requestID: UUID().uuidString)
    }

    func measureCount() async throws -> Int { try await store.read { try $0.measures.list(MeasureFilter(limit: 100_000)).count } }
    func feedCount() async throws -> Int64 { try await store.read { try $0.measures.lastDishonestFeedPosition() } }

    /// A refusal with its code and field, and nothing written: journal, measures and feed unchanged.
    func expectNothingWritten(_ code: EnforcementError.Code, field: String? = nil, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (journal, measures, feed) = (try await journalCount(), try await measureCount(), try await feedCount())
        let error = await #expect(throws: EnforcementError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let field { #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation) }
        #expect(try await journalCount() == journal, "nothing journaled", sourceLocation: sourceLocation)
        #expect(try await measureCount() == measures, "no measure written", sourceLocation: sourceLocation)
        #expect(try await feedCount() == feed, "nothing in the feed", sourceLocation: sourceLocation)
    }
}

// Issue 12, finding 2: a measure starting in 9999 (ending 10001-05-31) was accepted and every later read of it failed.
@Suite("Deterrence: dates within legal bounds, every accepted measure reads back")
struct MeasureDateBoundTests {
    func impose(_ h: Harness, _ number: CaseNumber, _ kind: MeasureKind, start: String, end: String = "", ground: Int? = nil) async throws {
        _ = try await h.deterrence.impose(
            ImposeMeasure(caseNumber: number.description, kind: kind, document: "（2026）沪0105执1号决定书", ground: ground, startOn: start, endOn: end),
            by: Harness.court0105, requestID: UUID().uuidString)
    }

    @Test("a start in year 9999, before the filing or over a year ahead, or an end past 5 years, is INVALID_ARGUMENT, nothing written",
          arguments: [("9999-06-01", "", "start_on"), ("10001-05-31", "", "start_on"), ("0001-01-01", "", "start_on"), ("2026-03-09", "", "start_on"),
                      ("2027-03-12", "", "start_on"), ("2026-03-10", "9999-12-31", "end_on"), ("2026-03-10", "2031-03-11", "end_on"),
                      ("-100-01-01", "", "start_on"), ("+2026-03-10", "", "start_on")])
    func bounds(_ start: String, _ end: String, _ field: String) async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.expectNothingWritten(.invalidArgument, field: field) {
            try await impose(h, number, end.isEmpty ? .dishonestList : .exitBan, start: start, end: end, ground: end.isEmpty ? 2 : nil)
        }
        // The case's measures, the feed and the monitor still read.
        #expect(try await h.deterrence.list(caseNumber: number.description, court: nil, kind: nil, status: nil, removalDueOnly: false, after: 0, limit: 0, by: Harness.court0105).isEmpty)
        _ = try await h.deterrenceMonitor.sweep()
    }

    @Test("the latest accepted listing (a year ahead, 5-year term) reads back everywhere")
    func latestReadsBack() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        _ = try await h.deterrence.impose(
            ImposeMeasure(caseNumber: number.description, kind: .dishonestList, document: "（2026）沪0105执1号决定书", ground: 2, termYears: 5, startOn: "2027-03-11"),
            by: Harness.court0105, requestID: "late")
        let measures = try await h.deterrence.list(caseNumber: number.description, court: nil, kind: nil, status: nil, removalDueOnly: false, after: 0, limit: 0, by: Harness.court0105)
        #expect(measures.contains { $0.kind == .dishonestList && $0.endOn == CalendarDate(year: 2032, month: 3, day: 10) })
        _ = try await h.deterrenceMonitor.sweep()
        #expect(CalendarDate(stored: "10001-05-31") != nil && CalendarDate(iso: "10001-05-31") == nil && CalendarDate(iso: "2201-01-01") == nil)
    }
}

@Suite("Deterrence: listing grounds, terms and refusals")
struct ListingRuleTests {
    @Test("ground 1 has no fixed term; grounds 2–6 last 2 years by default, extendable by 1–3 (so 2 to 5)")
    func terms() async throws {
        let h = try await Harness()
        let first = try await h.personCase()
        let listed = try await h.impose(first, .dishonestList, ground: 1)
        #expect(listed[0].endOn == nil && listed[0].termYears == nil)
        for ground in 2...6 {
            let number = try await h.personCase()
            let measure = try await h.impose(number, .dishonestList, ground: ground)[0]
            #expect(measure.termYears == 2)
            #expect(measure.endOn == CalendarDate(year: 2028, month: 3, day: 9), "2 years from 2026-03-10, last day included")
        }
        let five = try await h.impose(try await h.personCase(), .dishonestList, ground: 2, term: 5)[0]
        #expect(five.endOn == CalendarDate(year: 2031, month: 3, day: 9))
        let policy = DeterrencePolicy()
        #expect(policy.maxListingYears == 5 && policy.defaultListingYears == 2 && policy.maxListingExtensionYears == 3)
    }

    @Test("bad listings: no ground, ground 7, a term beyond 5 years, a term on ground 1, a term under 2 — INVALID_ARGUMENT, nothing written")
    func badListings() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.expectNothingWritten(.invalidArgument, field: "ground") { _ = try await h.impose(number, .dishonestList) }
        try await h.expectNothingWritten(.invalidArgument, field: "ground") { _ = try await h.impose(number, .dishonestList, ground: 7) }
        try await h.expectNothingWritten(.invalidArgument, field: "term_years") { _ = try await h.impose(number, .dishonestList, ground: 3, term: 6) }
        try await h.expectNothingWritten(.invalidArgument, field: "term_years") { _ = try await h.impose(number, .dishonestList, ground: 1, term: 2) }
        try await h.expectNothingWritten(.invalidArgument, field: "term_years") { _ = try await h.impose(number, .dishonestList, ground: 2, term: 1) }
        try await h.expectNothingWritten(.invalidArgument, field: "kind") {
            _ = try await h.deterrence.impose(ImposeMeasure(caseNumber: number.description, kind: nil, document: "x"), by: Harness.court0105, requestID: "k")
        }
    }

    @Test("refusals: a minor (under 18), seized assets covering the debt, adequate security — FAILED_PRECONDITION, nothing written")
    func refusals() async throws {
        let h = try await Harness()
        let minor = try await h.personCase(born: "2010-06-01")  // 15 on 2026-03-10
        try await h.expectNothingWritten(.failedPrecondition, field: "debtor_index") { _ = try await h.impose(minor, .dishonestList, ground: 2) }
        let adult = try await h.personCase(born: "2008-03-10")  // 18 today: listed
        #expect(try await h.impose(adult, .dishonestList, ground: 2).count == 2)
        let number = try await h.personCase()
        // Outstanding on the day of filing: 100,000.00 sought + 1,400.00 fee; seized 101,400.00 covers it; 101,399.99 does not.
        try await h.expectNothingWritten(.failedPrecondition, field: "seized_assets_value") {
            _ = try await h.impose(number, .dishonestList, ground: 2, seized: 10_140_000)
        }
        try await h.expectNothingWritten(.failedPrecondition, field: "security_given") { _ = try await h.impose(number, .dishonestList, ground: 2, security: true) }
        #expect(try await h.impose(number, .dishonestList, ground: 2, seized: 10_139_999).count == 2)
        try await h.expectNothingWritten(.alreadyExists, field: "debtor_index") { _ = try await h.impose(number, .dishonestList, ground: 3) }
    }

    @Test("every listed debtor is under a consumption restriction; for an organisation it binds the legal representative")
    func consumptionRestrictionWithListing() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()  // the debtor is an organisation
        try await h.expectNothingWritten(.invalidArgument, field: "bound_persons") { _ = try await h.impose(number, .dishonestList, ground: 1) }
        let written = try await h.impose(number, .dishonestList, ground: 1, bound: [Harness.legalRep])
        #expect(written.map(\.kind) == [.dishonestList, .consumptionRestriction])
        #expect(written[1].boundPersons.map(\.name) == ["王五"] && written[1].linkedMeasureID == written[0].id && written[0].linkedMeasureID == written[1].id)
        let nodes = try await h.workflow.timeline(number.description, by: Harness.court0105).map(\.nodeCode)
        #expect(nodes.contains("dishonest_listed") && nodes.contains("consumption_restricted"))
        // The restriction cannot be lifted while the debtor is listed.
        try await h.expectNothingWritten(.failedPrecondition, field: "measure_id") { _ = try await h.lift(written[1].id) }
        // A restriction already in force is linked, not doubled.
        let other = try await h.personCase()
        let restriction = try await h.impose(other, .consumptionRestriction)
        let listing = try await h.impose(other, .dishonestList, ground: 4)
        #expect(listing.count == 1 && listing[0].linkedMeasureID == restriction[0].id)
    }

    @Test("the closing check of 终本 reads the consumption restriction from the measure (node reached only through it)")
    func nodesOnlyThroughMeasures() async throws {
        let catalogue = ProcessNodeCatalogue.standard
        for kind in MeasureKind.allCases {
            #expect(catalogue.node(kind.nodeCode)?.viaOwnCall == true, "\(kind) is recorded by imposing the measure")
        }
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.expectRefusal(.invalidArgument) { try await h.node(number, "consumption_restricted") }
    }
}

@Suite("Deterrence: fines, detention, lifting")
struct FineDetentionTests {
    @Test("fine bounds: a person up to 100,000 RMB; an organisation 50,000 to 1,000,000 RMB")
    func fines() async throws {
        let h = try await Harness()
        let person = try await h.personCase()
        #expect(try await h.impose(person, .fine, fine: 10_000_000)[0].fine == Money(fen: 10_000_000))
        try await h.expectNothingWritten(.invalidArgument, field: "fine") { _ = try await h.impose(person, .fine, fine: 10_000_001) }
        let company = try await h.fileCase()
        try await h.expectNothingWritten(.invalidArgument, field: "fine") { _ = try await h.impose(company, .fine, fine: 4_999_999) }
        try await h.expectNothingWritten(.invalidArgument, field: "fine") { _ = try await h.impose(company, .fine, fine: 100_000_001) }
        #expect(try await h.impose(company, .fine, fine: 5_000_000).count == 1)
        #expect(try await h.impose(company, .fine, fine: 100_000_000).count == 1)
        try await h.expectNothingWritten(.invalidArgument, field: "fine_fen") { _ = try await h.impose(company, .fine) }
    }

    @Test("detention: 1–15 days; the family told within 24 hours; review asked within 3 days, decided within 5")
    func detention() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.expectNothingWritten(.invalidArgument, field: "detention_days") { _ = try await h.impose(number, .detention, days: 0) }
        try await h.expectNothingWritten(.invalidArgument, field: "detention_days") { _ = try await h.impose(number, .detention, days: 16) }
        let detention = try await h.impose(number, .detention, days: 15)[0]
        #expect(detention.endOn == CalendarDate(year: 2026, month: 3, day: 24))
        #expect(detention.familyNoticeDueBy == h.clock.now().addingTimeInterval(24 * 3600))
        #expect(detention.reviewRequestBy == CalendarDate(year: 2026, month: 3, day: 13))
        // 23 hours: nothing overdue; 25 hours: the missing family notice is flagged once.
        h.clock.set(h.clock.now().addingTimeInterval(23 * 3600))
        #expect(try await h.deterrenceMonitor.sweep().familyNoticesOverdue == 0)
        h.clock.set(h.clock.now().addingTimeInterval(2 * 3600))
        #expect(try await h.deterrenceMonitor.sweep().familyNoticesOverdue == 1)
        #expect(try await h.deterrenceMonitor.sweep().familyNoticesOverdue == 0, "flagged once")
        // Review asked on day 3 is accepted; decided by day 3 + 5.
        h.clock.set(CalendarDate(year: 2026, month: 3, day: 13).startInstant.addingTimeInterval(10 * 3600))
        let asked = try await h.deterrence.recordStep(RecordMeasureStep(measureID: detention.id, step: .reviewRequested), by: Harness.court0105, requestID: "rv")
        #expect(asked.reviewDecideBy == CalendarDate(year: 2026, month: 3, day: 18))
        h.clock.set(CalendarDate(year: 2026, month: 3, day: 18).startInstant.addingTimeInterval(20 * 3600))
        #expect(try await h.deterrenceMonitor.sweep().reviewsOverdue == 0)
        h.clock.advance(days: 1)
        #expect(try await h.deterrenceMonitor.sweep().reviewsOverdue == 1)
        // A review asked on day 4 is too late.
        let other = try await h.impose(try await h.personCase(), .detention, days: 5)[0]
        h.clock.advance(days: 4)
        try await h.expectRefusal(.failedPrecondition, field: "measure_id") {
            _ = try await h.deterrence.recordStep(RecordMeasureStep(measureID: other.id, step: .reviewRequested), by: Harness.court0105, requestID: "late")
        }
    }

    @Test("lifting a measure that is not in force: FAILED_PRECONDITION, nothing written; another court: PERMISSION_DENIED")
    func liftNotInForce() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let exitBan = try await h.impose(number, .exitBan)[0]
        try await h.expectNothingWritten(.permissionDenied, field: "measure_id") {
            _ = try await h.deterrence.lift(LiftMeasure(measureID: exitBan.id, document: "d", reason: "r"), by: Harness.court0101, requestID: "x")
        }
        let lifted = try await h.lift(exitBan.id)
        #expect(lifted.status == .lifted && lifted.steps.map(\.kind) == [.imposed, .lifted])
        try await h.expectNothingWritten(.failedPrecondition, field: "measure_id") { _ = try await h.lift(exitBan.id) }
        try await h.expectNothingWritten(.notFound, field: "measure_id") { _ = try await h.lift("MS99999999") }
        #expect(try await h.workflow.timeline(number.description, by: Harness.court0105).map(\.nodeCode).suffix(2) == ["exit_banned", "measure_lifted"])
    }
}

@Suite("Deterrence: removal within 3 working days")
struct RemovalTests {
    @Test("closing fully enforced on a Friday makes removal due on Wednesday (3 working days); overdue is flagged on Thursday")
    func removalAfterPerformance() async throws {
        let h = try await Harness(today: CalendarDate(year: 2026, month: 3, day: 13))  // a Friday
        #expect(CalendarDate(year: 2026, month: 3, day: 13).isoWeekday == 5)
        let number = try await h.personCase()
        let listing = try await h.impose(number, .dishonestList, ground: 2)[0]
        _ = try await h.workflow.close(CloseCase(caseNumber: number.description, mode: .fullyEnforced, documentNumber: "（2026）沪0105执1号结案"),
                                       by: Harness.court0105, requestID: "close")
        let due = try #require(try await h.store.read { try $0.measures.measure(listing.id) }?.removal)
        #expect(due.event == .debtPerformed && due.dueOn == CalendarDate(year: 2026, month: 3, day: 18))
        h.clock.set(CalendarDate(year: 2026, month: 3, day: 18).startInstant.addingTimeInterval(23 * 3600))
        #expect(try await h.deterrenceMonitor.sweep().removalsOverdue == 0, "the due day itself is in time")
        h.clock.advance(days: 1)
        #expect(try await h.deterrenceMonitor.sweep().removalsOverdue == 1)
        #expect(try await h.deterrenceMonitor.sweep().removalsOverdue == 0, "flagged once")
        let flagged = try await h.deterrence.list(caseNumber: number.description, court: nil, kind: .dishonestList, status: nil, removalDueOnly: true,
                                                  after: 0, limit: 10, by: Harness.court0105)
        #expect(flagged.first?.removal?.overdueFlaggedOn == CalendarDate(year: 2026, month: 3, day: 19))
        // The case is closed, yet the listing is lifted: removal is a duty after closing.
        let removed = try await h.lift(listing.id, reason: "已全部履行")
        #expect(removed.status == .lifted)
    }

    @Test("working days skip weekends and configured holidays, and count configured working weekends")
    func workingCalendar() throws {
        let friday = CalendarDate(year: 2026, month: 3, day: 13)
        let plain = WorkingCalendar()
        #expect(plain.adding(workingDays: 3, to: friday) == CalendarDate(year: 2026, month: 3, day: 18))
        let holiday = try WorkingCalendar(parsing: "# test\n2026-03-16\n")
        #expect(holiday.adding(workingDays: 3, to: friday) == CalendarDate(year: 2026, month: 3, day: 19))
        let swapped = try WorkingCalendar(parsing: "+2026-03-14\n")
        #expect(swapped.adding(workingDays: 3, to: friday) == CalendarDate(year: 2026, month: 3, day: 17))
        #expect(throws: EnforcementError.self) { try WorkingCalendar(parsing: "2026-02-30") }
    }

    @Test("a removal event reported by the court; the term's end is a removal event raised by the monitor")
    func removalEvents() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.expectNothingWritten(.failedPrecondition, field: "case_number") {
            _ = try await h.deterrence.reportRemovalEvent(ReportRemovalEvent(caseNumber: number.description, event: .applicantRequest), by: Harness.court0105, requestID: "e0")
        }
        try await h.expectNothingWritten(.invalidArgument, field: "event") {
            _ = try await h.deterrence.reportRemovalEvent(ReportRemovalEvent(caseNumber: number.description, event: nil), by: Harness.court0105, requestID: "e1")
        }
        _ = try await h.impose(number, .dishonestList, ground: 5)
        let marked = try await h.deterrence.reportRemovalEvent(ReportRemovalEvent(caseNumber: number.description, event: .applicantRequest),
                                                               by: Harness.court0105, requestID: "e2")
        #expect(marked.first?.removal?.dueOn == CalendarDate(year: 2026, month: 3, day: 13), "Tuesday + 3 working days = Friday")
        let other = try await h.personCase()
        let listing = try await h.impose(other, .dishonestList, ground: 2)[0]
        h.clock.set(CalendarDate(year: 2028, month: 3, day: 10).startInstant.addingTimeInterval(9 * 3600))  // the term ended on 2028-03-09
        let report = try await h.deterrenceMonitor.sweep()
        #expect(report.termsEnded == 1)
        let ended = try #require(try await h.store.read { try $0.measures.measure(listing.id) })
        #expect(ended.removal?.event == .termEnded && ended.removal?.dueOn == CalendarDate(year: 2028, month: 3, day: 15))
    }
}

@Suite("Dishonest-list feed and daily exports")
struct DishonestFeedTests {
    @Test("added, changed, removed in one feed with increasing positions; a person's ID masked in every entry")
    func feed() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let fullID = Harness.personID(born: "1980-05-17")
        let listing = try await h.impose(number, .dishonestList, ground: 2)[0]
        _ = try await h.deterrence.extend(ExtendListing(measureID: listing.id, document: "延长决定书", termYears: 4), by: Harness.court0105, requestID: "ext")
        try await h.expectNothingWritten(.invalidArgument, field: "term_years") {
            _ = try await h.deterrence.extend(ExtendListing(measureID: listing.id, document: "d", termYears: 6), by: Harness.court0105, requestID: "ext6")
        }
        _ = try await h.lift(listing.id)
        let page = try await h.deterrence.feedPage(after: 0, limit: 100)
        #expect(page.entries.map(\.change) == [.added, .changed, .removed])
        #expect(page.entries.map(\.position) == [1, 2, 3] && page.last == 3)
        #expect(page.entries[1].record.endsOn == CalendarDate(year: 2030, month: 3, day: 9))
        #expect(page.entries[2].record.removedOn == CalendarDate(year: 2026, month: 3, day: 10))
        for entry in page.entries {
            #expect(entry.record.idNumber == String(fullID.prefix(10)) + "****" + String(fullID.suffix(4)))
            #expect(!entry.jsonLine.contains(fullID), "the full ID never leaves in a public record")
            #expect(entry.record.caseNumber == number.description && entry.record.behaviour == ListingGround.obstructsEnforcement.behaviourZh)
        }
        #expect(try await h.deterrence.feedPage(after: 2, limit: 100).entries.map(\.position) == [3])
        #expect(try await h.deterrence.feedPage(after: 3, limit: 100).entries.isEmpty)
        try await h.expectNothingWritten(.invalidArgument, field: "cursor") { _ = try await h.deterrence.feedPage(after: 4, limit: 100) }
        try await h.expectNothingWritten(.invalidArgument, field: "cursor") { _ = try await h.deterrence.feedPage(after: -1, limit: 100) }
    }

    @Test("performance status follows the money received: not performed, partly performed")
    func performance() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        _ = try await h.receive(1_000_000, into: account.description)
        let listing = try await h.impose(number, .dishonestList, ground: 2)[0]
        #expect(try await h.deterrence.feedPage(after: 0, limit: 10).entries.first?.record.performance == .partlyPerformed)
        _ = listing
    }

    @Test("daily exports cut the feed by position: a gap of several days is caught up, every entry exactly once")
    func exportCatchUp() async throws {
        let h = try await Harness()
        var listings: [Measure] = []
        for _ in 0..<4 {  // one listing a day, 2026-03-10 … 03-13, and a removal on 03-12
            listings.append(try await h.impose(try await h.personCase(), .dishonestList, ground: 2)[0])
            if listings.count == 3 { _ = try await h.lift(listings[0].id) }
            h.clock.advance(days: 1)
        }
        // Today is 03-14: 03-10 was exported on time; then nothing until 03-17.
        let first = try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 10))
        #expect(first.entries.map(\.position) == [1])
        try await h.expectRefusal(.failedPrecondition, field: "day") { _ = try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 14)) }
        h.clock.advance(days: 3)
        let latest = try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 16))
        #expect(latest.entries.isEmpty && latest.export.afterPosition == 5 && latest.export.throughPosition == 5)
        var seen: [Int64] = []
        let journal = try await h.journalCount()
        for day in 10...16 {
            let export = try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: day))
            seen += export.entries.map(\.position)
        }
        #expect(seen == [1, 2, 3, 4, 5], "every feed entry in exactly one day's export")
        // Issue 12, finding 11: reading exports already made (or of a day before the feed) is a read: nothing journaled.
        _ = try? await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 1))
        #expect(try await h.journalCount() == journal)
        let twelfth = try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 12))
        #expect(twelfth.entries.map(\.change) == [.added, .removed])
        #expect(try await h.deterrence.export(day: CalendarDate(year: 2026, month: 3, day: 12)) == twelfth, "asking again answers the same")
    }

    @Test("the stream delivers the backlog after a cursor, then each new change")
    func watch() async throws {
        let h = try await Harness()
        _ = try await h.impose(try await h.personCase(), .dishonestList, ground: 2)
        let received = Mutex<[Int64]>([])
        let watcher = Task {
            try await h.deterrence.watchFeed(after: 0) { entry in
                received.withLock { $0.append(entry.position) }
            }
        }
        _ = try await h.impose(try await h.personCase(), .dishonestList, ground: 3)
        for _ in 0..<100 where received.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(20)) }
        watcher.cancel()
        #expect(received.withLock { $0 } == [1, 2])
        await #expect(throws: EnforcementError.self) { try await h.deterrence.watchFeed(after: 9) { _ in } }
    }
}

@Suite("Deterrence and 终本")
struct TerminationWithMeasuresTests {
    @Test("终本 reads the measures in force: a lifted consumption restriction no longer counts; a listing is needed when the debtor meets its conditions")
    func terminationNeedsMeasuresInForce() async throws {
        let h = try await Harness()
        let number = try await h.personCase()
        try await h.node(number, "property_report_order")
        let restriction = try await h.impose(number, .consumptionRestriction)[0]
        _ = try await h.lift(restriction.id)
        h.clock.set(CalendarDate(year: 2026, month: 6, day: 10).startInstant.addingTimeInterval(9 * 3600))
        let close = CloseCase(caseNumber: number.description, mode: .terminationOfRound, documentNumber: "终本裁定", debtorMeetsListingConditions: true)
        let error = await #expect(throws: EnforcementError.self) { _ = try await h.workflow.close(close, by: Harness.court0105, requestID: "t1") }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message.contains("none on 李四") == true && error?.message.contains("no listing in force") == true, "\(String(describing: error))")
        _ = try await h.impose(number, .dishonestList, ground: 1)  // brings a new consumption restriction
        let closed = try await h.workflow.close(close, by: Harness.court0105, requestID: "t2")
        #expect(closed.status == .closed)
    }
}

@Suite("Dishonest-list feed under concurrent writers")
struct DishonestFeedConcurrencyTests {
    @Test("40 listings and their removals written concurrently while a reader pages from its cursor: positions 1…80 without gap, each read exactly once")
    func concurrentWriters() async throws {
        let h = try await Harness()
        var numbers: [CaseNumber] = []
        for _ in 0..<40 { numbers.append(try await h.personCase()) }
        let reader = Task {
            var cursor: Int64 = 0
            var seen: [Int64] = []
            while seen.count < 80 {
                let page = try await h.deterrence.feedPage(after: cursor, limit: 7)
                seen += page.entries.map(\.position)
                cursor = page.entries.last?.position ?? cursor
                if page.entries.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            }
            return seen
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in numbers {
                group.addTask {
                    let listing = try await h.impose(number, .dishonestList, ground: 3)[0]
                    _ = try await h.lift(listing.id)
                }
            }
            try await group.waitForAll()
        }
        let seen = try await reader.value
        #expect(seen == Array(1...80), "every position once, in order")
        let entries = try await h.deterrence.feedPage(after: 0, limit: 1000).entries
        #expect(Set(entries.map(\.record.measureID)).count == 40)
        for id in Set(entries.map(\.record.measureID)) {
            #expect(entries.filter { $0.record.measureID == id }.map(\.change) == [.added, .removed])
        }
    }
}
