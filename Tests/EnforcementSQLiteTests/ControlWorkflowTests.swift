import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

extension Harness {
    static let account = "6222020000000001"

    func freeze(_ number: CaseNumber, by caller: Caller = Harness.court0105, institution: String = "ICBC-SH",
                kind: AssetKind = .deposit, asset: String = Harness.account, amountFen: Int64 = 1_000_000,
                endOn: CalendarDate? = nil) async throws -> ControlRequest {
        let end = endOn ?? clock.today().adding(months: 6)
        return try await control.freeze(
            FreezeAsset(caseNumber: number.description, institutionID: institution, assetKind: kind, assetIdentifier: asset,
                        amountFen: amountFen, endOn: end.description, documentNumber: "冻结裁定"),
            by: caller, requestID: UUID().uuidString)
    }

    /// Answers a freeze in full from today to its requested end date.
    func grant(_ request: ControlRequest, by caller: Caller = Harness.icbc, controlledFen: Int64? = nil) async throws -> ControlRequest {
        try await control.answerControl(
            AnswerControl(controlRequestID: request.id, controlledFen: controlledFen ?? request.amount?.fen ?? 0,
                          startOn: clock.today().description, endOn: (request.endOn ?? clock.today()).description),
            by: caller, requestID: UUID().uuidString)
    }

    func request(_ id: String) async throws -> ControlRequest {
        try await store.read { try #require(try $0.controls.request(id)) }
    }

    func requestCount() async throws -> Int64 {
        try await store.read { try $0.controls.lastPosition() }
    }

    /// Files a case of `court` and returns its number.
    func fileCase(by caller: Caller = Harness.court0105, amountFen: Int64 = 10_000_000) async throws -> CaseNumber {
        try await workflow.fileCase(Harness.filing(amountFen: amountFen), by: caller, requestID: UUID().uuidString).number
    }

    /// Asserts `body` fails with `code` and writes nothing (journal and requests unchanged).
    func expectRefusal(_ code: EnforcementError.Code, field: String? = nil, _ body: () async throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let journal = try await journalCount()
        let requests = try await requestCount()
        let error = await #expect(throws: EnforcementError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let field { #expect(error?.field == field, sourceLocation: sourceLocation) }
        #expect(try await journalCount() == journal, "nothing journaled", sourceLocation: sourceLocation)
        #expect(try await requestCount() == requests, "no request made", sourceLocation: sourceLocation)
    }
}

@Suite("Network asset control: launching and answering")
struct ControlLaunchTests {
    @Test("filing launches one query per connected institution, in the filing's own transaction")
    func automaticQueryAtFiling() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        #expect(try await h.journalCount() == 1)  // one write: the case, its nodes and its queries
        let requests = try await h.control.requests(ofCase: number.description, by: Harness.court0105)
        #expect(Set(requests.map(\.institution)) == ["ICBC-SH", "CCB-SH", "SH-REALESTATE"])  // not the unconnected SH-VEHICLE
        #expect(requests.allSatisfy { $0.action == .query && $0.status == .pending })
        #expect(requests.allSatisfy { $0.documentNumber == "（2025）沪0105民初88号" && $0.note == "立案自动查询" })
        #expect(requests.allSatisfy { $0.debtors.map(\.idNumber) == ["91310000MA1FL8XQ37"] })
        // Deadlines per institution: 24 hours by default, 48 for CCB-SH's configured queries.
        let filedAt = h.clock.now()
        #expect(requests.first { $0.institution == "ICBC-SH" }?.answerDueAt == filedAt.addingTimeInterval(24 * 3600))
        #expect(requests.first { $0.institution == "CCB-SH" }?.answerDueAt == filedAt.addingTimeInterval(48 * 3600))
    }

    @Test("a refused filing launches no query")
    func refusedFilingLaunchesNothing() async throws {
        let h = try await Harness()
        try await h.expectRefusal(.invalidArgument) { _ = try await h.file(Harness.filing(amountFen: 0)) }
    }

    @Test("a request is inserted whole, its id derived from the position it took first: 48 concurrent writes, every third refused after inserting one; the kept ones have distinct positions and ids, each found by its id, and the refused left no row")
    func requestPositionsTakenBeforeInsert() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let record = try await h.store.read { try #require(try $0.cases.record(number)) }
        let before = try await h.requestCount()
        let kept = try await withThrowingTaskGroup(of: [ControlRequest].self) { group in
            for index in 0..<48 {
                group.addTask {
                    let context = WriteContext(caller: Harness.court0105, requestID: "insert-\(index)", action: "test.insert",
                                               requestHash: "h", payload: "{}", at: h.clock.now())
                    do {
                        let stored: ControlRequest = try await h.store.write(context) { tx in
                            let request = try tx.controls.insert(ControlRequest(
                                caseNumber: number, institution: "ICBC-SH", action: .query, debtors: record.debtors,
                                documentNumber: "查询通知书\(index)", handlingJudge: "judge-li", requestedBy: "test",
                                servedAt: h.clock.now(), answerDueAt: h.clock.now().addingTimeInterval(3_600)))
                            if index % 3 == 2 { throw EnforcementError(.failedPrecondition, "refused after inserting \(request.id)") }
                            return (request, number.description)
                        }
                        return [stored]
                    } catch let error as EnforcementError where error.code == .failedPrecondition {
                        return []
                    }
                }
            }
            return try await group.reduce(into: [ControlRequest]()) { $0 += $1 }
        }
        #expect(kept.count == 32)
        #expect(Set(kept.map(\.position)).count == 32 && Set(kept.map(\.id)).count == 32)
        for request in kept {
            #expect(request.id == ControlRequest.id(position: request.position))
            let found = try await h.store.read { try $0.controls.request(request.id) }
            #expect(found?.position == request.position && found?.documentNumber == request.documentNumber)
        }
        #expect(try await h.requestCount() == before + 32, "the refused writes' requests were rolled back")
        // The next request, after the refused ones, takes a position of its own too.
        let next = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, institutionID: "ICBC-SH", documentNumber: "d"),
                                                   by: Harness.court0105, requestID: "after")
        #expect(next.count == 1 && !kept.map(\.position).contains(next[0].position))
        #expect(next[0].id == ControlRequest.id(position: next[0].position))
    }

    @Test("a launched query goes to one named institution or to all connected ones, with its legal basis")
    func launchQuery() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let one = try await h.control.launchQuery(
            LaunchQuery(caseNumber: number.description, institutionID: "SH-VEHICLE", documentNumber: "查询通知书2"),
            by: Harness.court0105, requestID: "q1")
        #expect(one.map(\.institution) == ["SH-VEHICLE"])
        #expect(one[0].documentNumber == "查询通知书2" && one[0].handlingJudge == "judge-li")
        let all = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, documentNumber: "查询通知书3"),
                                                  by: Harness.court0105, requestID: "q2")
        #expect(all.count == 3)
        try await h.expectRefusal(.invalidArgument, field: "document_number") {
            _ = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, documentNumber: " "), by: Harness.court0105, requestID: "q3")
        }
        try await h.expectRefusal(.notFound, field: "institution_id") {
            _ = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, institutionID: "NOPE", documentNumber: "d"),
                                                by: Harness.court0105, requestID: "q4")
        }
        try await h.expectRefusal(.notFound) {
            _ = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, documentNumber: "d"), by: Harness.court0101, requestID: "q5")
        }
    }

    @Test("feed positions are given as the write commits (none in the write's own answer), 1…n across institutions, and the pull's cursor follows them")
    func feedPositions() async throws {
        let h = try await Harness()
        let number = try await h.file().number  // the filing queries the 3 connected institutions
        let launched = try await h.control.launchQuery(LaunchQuery(caseNumber: number.description, documentNumber: "查询通知书2"),
                                                       by: Harness.court0105, requestID: UUID().uuidString)
        #expect(launched.count == 3 && launched.allSatisfy { $0.feedPosition == nil })
        var all: [ControlRequest] = []
        for institution in ["ICBC-SH", "CCB-SH", "SH-REALESTATE"] {
            all += try await h.store.read { try $0.controls.requests(institution: institution, after: 0, unansweredOnly: false, limit: 100) }
        }
        #expect(all.compactMap(\.feedPosition).sorted() == Array(1...6))
        #expect(try await h.store.read { try $0.controls.lastPosition() } == 6)
        let first = try await h.control.pull(after: 0, limit: 1, unansweredOnly: false, by: Harness.icbc)
        #expect(first.nextCursor == first.requests[0].feedPosition)
        let rest = try await h.control.pull(after: first.nextCursor, limit: 10, unansweredOnly: false, by: Harness.icbc)
        #expect(rest.requests.map(\.id) == launched.filter { $0.institution == "ICBC-SH" }.map(\.id))
        #expect(rest.nextCursor > first.nextCursor)
        // The node events' feed: the filing's, then the launch's, each with its place.
        let events = try await h.store.read { try $0.cases.nodeEvents(after: 0, limit: 100) }
        #expect(events.map { $0.feedPosition ?? 0 } == Array(1...Int64(events.count)))
        #expect(events.last?.nodeCode == "network_query_launched")
    }

    @Test("a query answer records the holdings; the case gets its answered node")
    func answerQuery() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let query = try #require(try await h.control.requests(ofCase: number.description, by: Harness.court0105).first { $0.institution == "ICBC-SH" })
        let holding = HoldingInput(assetKind: .deposit, identifier: Harness.account, type: "活期", status: "正常", branch: "徐汇支行",
                                   balanceFen: 5_000_000, availableFen: 4_000_000,
                                   existingFreezes: [.init(authority: "上海市静安区人民法院", documentNumber: "（2026）沪0106执9号", amountFen: 1_000_000, endOn: "2027-01-01")])
        let answered = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: [holding]), by: Harness.icbc, requestID: "a1")
        #expect(answered.status == .answered)
        guard case .query(let holdings)? = answered.answer else { Issue.record("no query answer"); return }
        #expect(holdings.first?.available == Money(fen: 4_000_000))
        #expect(holdings.first?.existingFreezes.first?.amount == Money(fen: 1_000_000))
        let timeline = try await h.workflow.timeline(number.description, by: Harness.court0105)
        #expect(timeline.last?.nodeCode == "network_query_answered")
        // Available more than the balance is refused, naming the field.
        var bad = holding
        bad.availableFen = 6_000_000
        let other = try #require(try await h.control.requests(ofCase: number.description, by: Harness.court0105).first { $0.institution == "CCB-SH" })
        try await h.expectRefusal(.invalidArgument, field: "result.holdings[0].available_fen") {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: other.id, holdings: [bad]), by: Harness.ccb, requestID: "a2")
        }
    }

    @Test("answers: another institution's request and an unknown id are NOT_FOUND, a second different answer FAILED_PRECONDITION")
    func answerRefusals() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let query = try #require(try await h.control.requests(ofCase: number.description, by: Harness.court0105).first { $0.institution == "ICBC-SH" })
        try await h.expectRefusal(.notFound, field: "control_request_id") {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.ccb, requestID: "x1")
        }
        try await h.expectRefusal(.notFound, field: "control_request_id") {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: "CR99999999", holdings: []), by: Harness.icbc, requestID: "x2")
        }
        try await h.expectRefusal(.permissionDenied) {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.court0101Institutionless, requestID: "x3")
        }
        try await h.expectRefusal(.permissionDenied) {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.court0105, requestID: "x4")
        }
        try await h.expectRefusal(.invalidArgument, field: "control_request_id") {
            _ = try await h.control.answerControl(AnswerControl(controlRequestID: query.id, controlledFen: 0, reason: "x"), by: Harness.icbc, requestID: "x5")
        }
        let first = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.icbc, requestID: "x6")
        // The same answer again (even under a new request id) changes nothing and returns the request.
        let again = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []), by: Harness.icbc, requestID: "x7")
        #expect(again == first)
        let holding = HoldingInput(assetKind: .deposit, identifier: "1", type: "活期", status: "正常", branch: "b", balanceFen: 1, availableFen: 1)
        try await h.expectRefusal(.failedPrecondition, field: "control_request_id") {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: [holding]), by: Harness.icbc, requestID: "x8")
        }
        #expect(try await h.request(query.id) == first)
    }
}

@Suite("Freezes: amount, terms, renewal, release, deduction")
struct FreezeRuleTests {
    @Test("a freeze is cut to the case's room; money deducted and received lowers the outstanding amount (see AssetControlRoomTests)")
    func amountAtMostOutstanding() async throws {
        let h = try await Harness()
        let number = try await h.fileCase(amountFen: 10_000_000)
        // ¥100,000 sought + ¥1,400 fee: ¥101,400 outstanding; more is cut to it.
        let freeze = try await h.freeze(number, amountFen: 10_140_001)
        #expect(freeze.amount == Money(fen: 10_140_000) && freeze.askedAmount == Money(fen: 10_140_001))
        _ = try await h.grant(freeze)
        try await h.expectRefusal(.failedPrecondition, field: "amount_fen") {
            _ = try await h.freeze(number, institution: "CCB-SH", asset: "other", amountFen: 1)
        }
        // ¥40,000 deducted and received: ¥61,400 outstanding, all of it still frozen — still no room.
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 4_000_000, documentNumber: "扣划裁定"),
                                                   by: Harness.court0105, requestID: "d1")
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 4_000_000), by: Harness.icbc, requestID: "ad1")
        let account = try #require(deduction.escrowAccount)
        _ = try await h.receive(4_000_000, into: account.description, reference: deduction.id)
        let room = try await h.control.room(ofCase: number.description, by: Harness.court0105)
        #expect(room.outstanding == Money(fen: 6_140_000) && room.held == Money(fen: 6_140_000) && room.room.fen == 0)
        // Releasing ¥10,000 of the freeze reopens exactly that much room.
        let release = try await h.control.release(ReleaseFreeze(freezeRequestID: freeze.id, documentNumber: "解冻裁定", amountFen: 1_000_000),
                                                  by: Harness.court0105, requestID: "r1")
        _ = try await h.control.answerControl(AnswerControl(controlRequestID: release.id, controlledFen: 5_140_000), by: Harness.icbc, requestID: "ar1")
        let other = try await h.freeze(number, institution: "CCB-SH", asset: "other", amountFen: 6_000_000)
        #expect(other.amount == Money(fen: 1_000_000))
    }

    static let terms: [(AssetKind, String, Int)] = [(.deposit, "ICBC-SH", 12), (.realEstate, "SH-REALESTATE", 36), (.movable, "SH-VEHICLE", 24)]

    @Test("longest single term: deposits 1 year, movables 2 years, real estate 3 years", arguments: terms)
    func longestTerm(_ kind: AssetKind, _ institution: String, _ months: Int) async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let today = h.clock.today()
        try await h.expectRefusal(.invalidArgument, field: "end_on") {
            _ = try await h.freeze(number, institution: institution, kind: kind, endOn: today.adding(months: months).adding(days: 1))
        }
        try await h.expectRefusal(.invalidArgument, field: "end_on") {
            _ = try await h.freeze(number, institution: institution, kind: kind, endOn: today)
        }
        let freeze = try await h.freeze(number, institution: institution, kind: kind, endOn: today.adding(months: months))
        #expect(freeze.endOn == today.adding(months: months))
    }

    @Test("an institution freezes only the asset kinds it holds; a case cannot freeze the same asset twice")
    func kindAndDuplicate() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        try await h.expectRefusal(.invalidArgument, field: "asset.kind") { _ = try await h.freeze(number, kind: .realEstate) }
        _ = try await h.freeze(number)
        try await h.expectRefusal(.failedPrecondition, field: "asset.identifier") { _ = try await h.freeze(number) }
    }

    @Test("a bank may control less than requested; nothing needs a reason")
    func partialControl() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let freeze = try await h.freeze(number, amountFen: 1_000_000)
        try await h.expectRefusal(.invalidArgument, field: "result.controlled_fen") { _ = try await h.grant(freeze, controlledFen: 1_000_001) }
        try await h.expectRefusal(.invalidArgument, field: "result.reason") { _ = try await h.grant(freeze, controlledFen: 0) }
        let answered = try await h.grant(freeze, controlledFen: 300_000)
        #expect(answered.control?.status == .active)
        #expect(answered.control?.controlled == Money(fen: 300_000))
        let other = try await h.freeze(number, institution: "CCB-SH")
        let nothing = try await h.control.answerControl(AnswerControl(controlRequestID: other.id, controlledFen: 0, reason: "账户余额为零"),
                                                        by: Harness.ccb, requestID: "n")
        #expect(nothing.control?.status == .nothingControlled)
    }

    @Test("renewal before expiry runs up to the full term again from the renewal day; after expiry it is refused")
    func renewal() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let end = h.clock.today().adding(months: 12)
        let freeze = try await h.grant(try await h.freeze(number, endOn: end))
        h.clock.set(end.startInstant)  // the last day: still in time
        let renewTo = end.adding(months: 12)
        try await h.expectRefusal(.invalidArgument, field: "end_on") {
            _ = try await h.control.renew(RenewFreeze(freezeRequestID: freeze.id, endOn: renewTo.adding(days: 1).description, documentNumber: "续冻"),
                                          by: Harness.court0105, requestID: "r0")
        }
        let renewal = try await h.control.renew(RenewFreeze(freezeRequestID: freeze.id, endOn: renewTo.description, documentNumber: "续冻"),
                                                by: Harness.court0105, requestID: "r1")
        _ = try await h.control.answerControl(AnswerControl(controlRequestID: renewal.id, controlledFen: 1_000_000,
                                                            startOn: end.description, endOn: renewTo.description),
                                              by: Harness.icbc, requestID: "ar1")
        #expect(try await h.request(freeze.id).control?.endOn == renewTo)
        // After the (new) end date, a renewal is refused.
        h.clock.set(renewTo.adding(days: 1).startInstant)
        try await h.expectRefusal(.failedPrecondition, field: "freeze_request_id") {
            _ = try await h.control.renew(RenewFreeze(freezeRequestID: freeze.id, endOn: renewTo.adding(months: 6).description, documentNumber: "续冻"),
                                          by: Harness.court0105, requestID: "r2")
        }
        try await h.expectRefusal(.notFound, field: "freeze_request_id") {
            _ = try await h.control.renew(RenewFreeze(freezeRequestID: "CR99999999", endOn: renewTo.description, documentNumber: "续冻"),
                                          by: Harness.court0105, requestID: "r3")
        }
    }

    @Test("a deduction is at most what the freeze controls, counting deductions still pending")
    func deductionLimit() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 1_000_000), controlledFen: 800_000)
        try await h.expectRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 800_001, documentNumber: "扣划"), by: Harness.court0105, requestID: "d0")
        }
        _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 500_000, documentNumber: "扣划"), by: Harness.court0105, requestID: "d1")
        try await h.expectRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 300_001, documentNumber: "扣划"), by: Harness.court0105, requestID: "d2")
        }
        // An institution that does not deduct over the network refuses the request.
        let sealed = try await h.grant(try await h.freeze(number, institution: "SH-REALESTATE", kind: .realEstate, asset: "沪(2020)徐汇区不动产权第1号"),
                                       by: Harness.registry)
        try await h.expectRefusal(.invalidArgument, field: "institution_id") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: sealed.id, amountFen: 1, documentNumber: "扣划"), by: Harness.court0105, requestID: "d3")
        }
    }

    @Test("a release is refused while a deduction against the same freeze is pending")
    func releaseWhileDeductionPending() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let freeze = try await h.grant(try await h.freeze(number))
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 100, documentNumber: "扣划"), by: Harness.court0105, requestID: "d")
        let release = ReleaseFreeze(freezeRequestID: freeze.id, documentNumber: "解冻裁定")
        try await h.expectRefusal(.failedPrecondition, field: "freeze_request_id") {
            _ = try await h.control.release(release, by: Harness.court0105, requestID: "r1")
        }
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 100), by: Harness.icbc, requestID: "ad")
        let request = try await h.control.release(release, by: Harness.court0105, requestID: "r2")
        let answered = try await h.control.answerControl(AnswerControl(controlRequestID: request.id, controlledFen: 0), by: Harness.icbc, requestID: "ar")
        #expect(answered.status == .answered)
        #expect(try await h.request(freeze.id).control?.status == .released)
        // Another court may not release it.
        try await h.expectRefusal(.notFound) { _ = try await h.control.release(release, by: Harness.court0101, requestID: "r3") }
    }
}

@Suite("Waiting-list seals (轮候查封)")
struct SealQueueTests {
    /// Three courts' cases freezing one account in turn: 0105 first, then 0101, then 0105 again (another case).
    func queue(_ h: Harness) async throws -> (first: ControlRequest, second: ControlRequest, third: ControlRequest) {
        let a = try await h.fileCase()
        let b = try await h.fileCase(by: Harness.court0101)
        let c = try await h.fileCase()
        let first = try await h.grant(try await h.freeze(a, amountFen: 500_000))
        h.clock.advance(days: 1)
        let second = try await h.grant(try await h.freeze(b, by: Harness.court0101, amountFen: 700_000))
        h.clock.advance(days: 1)
        let third = try await h.grant(try await h.freeze(c, amountFen: 900_000))
        return (first, second, third)
    }

    @Test("a second control on a controlled asset waits, ranked by service time; releasing the active one activates the earliest at once")
    func releaseActivatesEarliest() async throws {
        let h = try await Harness()
        let (first, second, third) = try await queue(h)
        #expect(first.control?.status == .active)
        #expect(second.control?.status == .waiting)
        #expect(third.control?.status == .waiting)
        #expect(second.control?.endOn == nil)  // a waiting seal's term has not started
        h.clock.advance(days: 10)
        let release = try await h.control.release(ReleaseFreeze(freezeRequestID: first.id, documentNumber: "解冻"), by: Harness.court0105, requestID: "r")
        _ = try await h.control.answerControl(AnswerControl(controlRequestID: release.id, controlledFen: 0), by: Harness.icbc, requestID: "ar")
        let activated = try await h.request(second.id)
        #expect(activated.control?.status == .active)
        #expect(activated.control?.startOn == h.clock.today())
        #expect(activated.control?.endOn == h.clock.today().adding(days: activated.control!.termDays))
        #expect(try await h.request(third.id).control?.status == .waiting)
        #expect(try await h.request(first.id).control?.status == .released)
    }

    @Test("disposing of the whole asset lapses every waiting control")
    func wholeDisposalLapsesWaiting() async throws {
        let h = try await Harness()
        let (first, second, third) = try await queue(h)
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: first.id, amountFen: 500_000, documentNumber: "扣划"), by: Harness.court0105, requestID: "d")
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 500_000, wholeAssetDisposed: true), by: Harness.icbc, requestID: "ad")
        #expect(try await h.request(first.id).control?.status == .exhausted)
        #expect(try await h.request(second.id).control?.status == .lapsed)
        #expect(try await h.request(third.id).control?.status == .lapsed)
    }

    @Test("a partial disposal activates the first waiting control over the remainder")
    func partialDisposalActivatesFirst() async throws {
        let h = try await Harness()
        let (first, second, third) = try await queue(h)
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: first.id, amountFen: 500_000, documentNumber: "扣划"), by: Harness.court0105, requestID: "d")
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 500_000), by: Harness.icbc, requestID: "ad")
        #expect(try await h.request(first.id).control?.status == .exhausted)
        #expect(try await h.request(second.id).control?.status == .active)
        #expect(try await h.request(third.id).control?.status == .waiting)
    }

    @Test("a waiting control can be released and leaves the queue; the active one is untouched")
    func releaseWaiting() async throws {
        let h = try await Harness()
        let (first, second, third) = try await queue(h)
        let release = try await h.control.release(ReleaseFreeze(freezeRequestID: second.id, documentNumber: "解封"), by: Harness.court0101, requestID: "r")
        _ = try await h.control.answerControl(AnswerControl(controlRequestID: release.id, controlledFen: 0), by: Harness.icbc, requestID: "ar")
        #expect(try await h.request(first.id).control?.status == .active)
        #expect(try await h.request(second.id).control?.status == .released)
        #expect(try await h.request(third.id).control?.status == .waiting)
    }
}

@Suite("Deadlines, reminders and re-queries (driven by the injected clock)")
struct ControlMonitorTests {
    @Test("an answer overdue past the institution's deadline is reminded once, to the judge and the institution")
    func overdueAnswer() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        h.clock.set(h.clock.now().addingTimeInterval(24 * 3600))  // exactly at the deadline: not yet overdue
        #expect(try await h.monitor.sweep().overdue == 0)
        h.clock.set(h.clock.now().addingTimeInterval(1))
        #expect(try await h.monitor.sweep().overdue == 2)  // ICBC-SH and SH-REALESTATE (24 h); CCB-SH has 48 h
        #expect(try await h.monitor.sweep().overdue == 0)  // once only
        let forICBC = try await h.control.reminders(caseNumber: nil, after: 0, limit: 0, by: Harness.icbc)
        #expect(forICBC.map(\.kind) == [.answerOverdue])
        #expect(forICBC.first?.handlingJudge == "judge-li")
        let forCourt = try await h.control.reminders(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(forCourt.count == 2)
        #expect(try await h.control.reminders(caseNumber: nil, after: 0, limit: 0, by: Harness.court0101).isEmpty)
        h.clock.set(h.clock.now().addingTimeInterval(24 * 3600))
        #expect(try await h.monitor.sweep().overdue == 1)  // now CCB-SH too
        let timeline = try await h.workflow.timeline(number.description, by: Harness.court0105)
        #expect(timeline.filter { $0.nodeCode == "control_reminder" }.count == 3)
    }

    @Test("a freeze is warned 30 and 7 days before its end, once each, and lapses when not renewed by its end date")
    func expiryAndLapse() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        let end = h.clock.today().adding(months: 3)
        let freeze = try await h.grant(try await h.freeze(number, endOn: end))
        let waiting = try await h.grant(try await h.freeze(try await h.fileCase(by: Harness.court0101), by: Harness.court0101, endOn: end))
        #expect(waiting.control?.status == .waiting)
        func sweepOn(_ day: CalendarDate) async throws -> ControlMonitor.Report {
            h.clock.set(day.startInstant.addingTimeInterval(3600))
            var report = try await h.monitor.sweep()
            report.overdue = 0  // queries of the filings are not the subject here
            return report
        }
        #expect(try await sweepOn(end.adding(days: -31)) == ControlMonitor.Report())
        #expect(try await sweepOn(end.adding(days: -30)).expiring == 1)
        #expect(try await sweepOn(end.adding(days: -29)).expiring == 0)
        #expect(try await sweepOn(end.adding(days: -7)).expiring == 1)
        #expect(try await sweepOn(end.adding(days: -6)).expiring == 0)
        #expect(try await sweepOn(end).lapsed == 0)  // the end date itself is still in force
        let lapsed = try await sweepOn(end.adding(days: 1))
        #expect(lapsed.lapsed == 1)
        #expect(try await h.request(freeze.id).control?.status == .lapsed)
        // The asset is free: the waiting control becomes active at once.
        let activated = try await h.request(waiting.id)
        #expect(activated.control?.status == .active)
        #expect(activated.control?.startOn == end.adding(days: 1))
        let reminders = try await h.control.reminders(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(reminders.filter { $0.kind == .freezeExpiring }.map(\.daysLeft) == [30, 7])
        #expect(reminders.filter { $0.kind == .freezeLapsed }.count == 1)
        let timeline = try await h.workflow.timeline(number.description, by: Harness.court0105)
        #expect(timeline.contains { $0.nodeCode == "freeze_lapsed" })
    }

    @Test("after 终本 the debtor is re-queried every 6 months for 5 years: 10 rounds")
    func requeriesAfterTermination() async throws {
        let h = try await Harness()
        let number = try await h.fileCase()
        try await h.node(number, "property_report_order")
        _ = try await h.impose(number, .consumptionRestriction, bound: [Harness.legalRep])
        let closedOn = CalendarDate(year: 2026, month: 6, day: 10)
        h.clock.set(closedOn.startInstant)
        _ = try await h.workflow.close(CloseCase(caseNumber: number.description, mode: .terminationOfRound, documentNumber: "终本裁定"),
                                       by: Harness.court0105, requestID: "c")
        let before = try await h.control.requests(ofCase: number.description, by: Harness.court0105).count
        h.clock.set(closedOn.adding(months: 6).adding(days: -1).startInstant)
        #expect(try await h.monitor.sweep().requeries == 0)
        var rounds = 0
        for round in 1...12 {
            h.clock.set(closedOn.adding(months: 6 * round).startInstant)
            rounds += try await h.monitor.sweep().requeries
            #expect(try await h.monitor.sweep().requeries == 0)  // a repeated sweep changes nothing
        }
        #expect(rounds == 10)
        let requests = try await h.control.requests(ofCase: number.description, by: Harness.court0105)
        #expect(requests.count - before == 10 * 3)
        #expect(requests.last?.note == "终本后自动复查 10/10")
        #expect(requests.last?.documentNumber == "终本裁定")
    }
}
