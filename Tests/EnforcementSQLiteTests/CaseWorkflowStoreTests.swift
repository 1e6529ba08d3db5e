import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

@Suite("Case workflow on the SQLite store")
struct CaseWorkflowStoreTests {
    @Test("case numbers are sequential per (year, court, type), starting at 1")
    func sequences() async throws {
        let h = try await Harness()
        #expect(try await h.file().number.description == "（2026）沪0105执1号")
        #expect(try await h.file().number.description == "（2026）沪0105执2号")
        let preservation = try await h.file(Harness.filing(type: .preservation))
        #expect(preservation.number.description == "（2026）沪0105执保1号")
        let other = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "x")
        #expect(other.number.description == "（2026）沪0101执1号")
        h.clock.set(CalendarDate(year: 2027, month: 1, day: 1).startInstant)
        #expect(try await h.file().number.description == "（2027）沪0105执1号")
    }

    @Test("a number is never reused, even after a failed filing")
    func noReuse() async throws {
        let h = try await Harness()
        _ = try await h.file()
        await #expect(throws: EnforcementError.self) { try await h.file(Harness.filing(amountFen: -1)) }
        #expect(try await h.file().number.sequence == 2)
    }

    @Test("filing answers the limit, the fee and the filing node")
    func filingFacts() async throws {
        let h = try await Harness()
        let filed = try await h.file()
        #expect(filed.status == .pending)
        #expect(filed.dueOn == CalendarDate(year: 2026, month: 9, day: 10))
        #expect(filed.enforcementFee == Money(fen: 140_000))  // 100,000 RMB → 1,400 RMB
        let timeline = try await h.workflow.timeline(filed.number.description, by: Harness.court0105)
        // Filing launches the network query in the same transaction (立案自动查询).
        #expect(timeline.map(\.nodeCode) == ["case_filed", "network_query_launched"])
        let nonLitigation = try await h.file(Harness.filing(titleKind: .nonLitigation))
        #expect(nonLitigation.dueOn == CalendarDate(year: 2026, month: 6, day: 10))
    }

    @Test(
        "bad filings are refused naming the field, and nothing is written",
        arguments: [
            (Harness.filing(amountFen: 0), "amount_sought_fen"),
            (Harness.filing(amountFen: -100), "amount_sought_fen"),
            (Harness.filing(amountFen: Int64.max), "amount_sought_fen"),
            (Harness.filing(debtorID: "91310000MA1FL8XQ38"), "debtors[0].id_number"),
            (Harness.filing(type: .resumed), "resumed_from"),
            (Harness.filing(resumedFrom: "（2025）沪0105执1号"), "resumed_from"),
        ])
    func badFiling(_ command: FileCase, _ field: String) async throws {
        let h = try await Harness()
        let error = await #expect(throws: EnforcementError.self) { try await h.file(command) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == field)
        #expect(try await h.caseCount() == 0)
        #expect(try await h.journalCount() == 0)
    }

    @Test("only a city court files, in its own court")
    func whoFiles() async throws {
        let h = try await Harness()
        let error = await #expect(throws: EnforcementError.self) {
            try await h.workflow.fileCase(Harness.filing(), by: Harness.centre, requestID: "r")
        }
        #expect(error?.code == .permissionDenied)
        let unknown = Caller(principal: .court(try CourtCode("沪0199")), user: Harness.user("judge-x"))
        let error2 = await #expect(throws: EnforcementError.self) { try await h.workflow.fileCase(Harness.filing(), by: unknown, requestID: "r") }
        #expect(error2?.code == .invalidArgument)
        #expect(try await h.caseCount() == 0)
    }

    @Test("a 执恢 case resumes a closed case of the same court")
    func resumedCase() async throws {
        let h = try await Harness()
        let old = try await h.file()
        let error = await #expect(throws: EnforcementError.self) {
            try await h.file(Harness.filing(type: .resumed, resumedFrom: old.number.description))
        }
        #expect(error?.code == .failedPrecondition)
        _ = try await h.workflow.close(CloseCase(caseNumber: old.number.description, mode: .withdrawn, documentNumber: "D"),
                                       by: Harness.court0105, requestID: "c")
        let resumed = try await h.file(Harness.filing(type: .resumed, resumedFrom: old.number.description))
        #expect(resumed.number.description == "（2026）沪0105执恢1号")
        #expect(resumed.resumedFrom == old.number)
    }

    @Test("a suspension's days are added to the due date on resumption")
    func suspendResume() async throws {
        let h = try await Harness()
        let number = try await h.file().number.description
        h.clock.advance(days: 20)
        let suspended = try await h.workflow.suspend(SuspendCase(caseNumber: number, reason: "异议审查", documentNumber: "裁定1"), by: Harness.court0105, requestID: "s")
        #expect(suspended.status == .suspended)
        #expect(suspended.dueOn == nil)
        let again = await #expect(throws: EnforcementError.self) {
            try await h.workflow.suspend(SuspendCase(caseNumber: number, reason: "r", documentNumber: "d"), by: Harness.court0105, requestID: "s2")
        }
        #expect(again?.code == .failedPrecondition)
        h.clock.advance(days: 15)
        let resumed = try await h.workflow.resume(ResumeCase(caseNumber: number, documentNumber: "决定1"), by: Harness.court0105, requestID: "r")
        #expect(resumed.suspendedDays == 15)
        #expect(resumed.dueOn == CalendarDate(year: 2026, month: 9, day: 25))
        let notSuspended = await #expect(throws: EnforcementError.self) {
            try await h.workflow.resume(ResumeCase(caseNumber: number, documentNumber: "d"), by: Harness.court0105, requestID: "r2")
        }
        #expect(notSuspended?.code == .failedPrecondition)
    }

    @Test("time limits: one extension of up to 3 months, asked by the judge, effective only with the court president's approval")
    func extendOnce() async throws {
        let h = try await Harness()
        let number = try await h.file().number.description
        let president = Harness.as0105("president-wu")
        for months in [0, 4] {
            let error = await #expect(throws: EnforcementError.self) {
                try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: months, reason: "财产处置中"),
                                                 by: Harness.court0105, requestID: "e\(months)")
            }
            #expect(error?.field == "months")
        }
        // Nothing awaits a decision yet.
        let nothing = await #expect(throws: EnforcementError.self) {
            try await h.workflow.decideExtension(DecideExtension(caseNumber: number, approve: true, documentNumber: "批1"), by: president, requestID: "d0")
        }
        #expect(nothing?.code == .failedPrecondition)
        let asked = try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: 3, reason: "财产处置中"), by: Harness.court0105, requestID: "e")
        #expect(asked.dueOn == CalendarDate(year: 2026, month: 9, day: 10), "asking changes no limit")
        #expect(asked.extensionRequest?.requestedBy == "judge-li" && asked.extensionRequest?.months == 3)
        let journal = try await h.journalCount()
        // The judge, a bureau chief or a clerk cannot approve it: only a president.
        for caller in [Harness.court0105, Harness.as0105("chief-zhao"), Harness.as0105("clerk-sun")] {
            let refused = await #expect(throws: EnforcementError.self) {
                try await h.workflow.decideExtension(DecideExtension(caseNumber: number, approve: true, documentNumber: "批1"), by: caller, requestID: "d1")
            }
            #expect(refused?.code == .permissionDenied && refused?.field == "authorization")
        }
        // A president who asked for it cannot approve it too.
        let both = Caller(principal: Harness.court0105.principal, user: CourtUser(id: "wu", roles: [.judge, .president]))
        #expect(try await h.journalCount() == journal, "nothing written by the refused decisions")
        let approveWithout = await #expect(throws: EnforcementError.self) {
            try await h.workflow.decideExtension(DecideExtension(caseNumber: number, approve: true), by: president, requestID: "d2")
        }
        #expect(approveWithout?.field == "document_number")
        let extended = try await h.workflow.decideExtension(DecideExtension(caseNumber: number, approve: true, documentNumber: "批1"),
                                                            by: president, requestID: "d")
        #expect(extended.dueOn == CalendarDate(year: 2026, month: 12, day: 10))
        #expect(extended.extensionRequest == nil)
        let timeline = try await h.workflow.timeline(number, by: Harness.court0105)
        let node = try #require(timeline.last)
        #expect(node.nodeCode == "limit_extended" && node.recordedBy.hasSuffix("#president-wu"))
        #expect(node.note?.contains("judge-li") == true && node.note?.contains("president-wu") == true)
        let second = await #expect(throws: EnforcementError.self) {
            try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: 1, reason: "再延"), by: Harness.court0105, requestID: "e2")
        }
        #expect(second?.code == .failedPrecondition)

        // Another case: the same person asking and approving is refused, even holding both roles.
        let other = try await h.file().number.description
        _ = try await h.workflow.extendLimit(ExtendLimit(caseNumber: other, months: 1, reason: "r"), by: both, requestID: "o1")
        let same = await #expect(throws: EnforcementError.self) {
            try await h.workflow.decideExtension(DecideExtension(caseNumber: other, approve: true, documentNumber: "批2"), by: both, requestID: "o2")
        }
        #expect(same?.code == .permissionDenied)
        // A refusal clears the request and extends nothing; it needs a reason.
        let noReason = await #expect(throws: EnforcementError.self) {
            try await h.workflow.decideExtension(DecideExtension(caseNumber: other, approve: false), by: president, requestID: "o3")
        }
        #expect(noReason?.field == "reason")
        let refused = try await h.workflow.decideExtension(DecideExtension(caseNumber: other, approve: false, reason: "理由不足"), by: president, requestID: "o4")
        #expect(refused.extensionMonths == 0 && refused.extensionRequest == nil)
    }

    @Test("终本 before 3 months is refused; after, with its nodes, it closes")
    func terminationOfRound() async throws {
        let h = try await Harness()
        let number = try await h.file().number
        for code in ["property_report_order", "network_query_launched"] { try await h.node(number, code) }
        _ = try await h.impose(number, .consumptionRestriction, bound: [Harness.legalRep])  // the node comes with the measure
        let close = CloseCase(caseNumber: number.description, mode: .terminationOfRound, documentNumber: "终本裁定1")
        h.clock.set(CalendarDate(year: 2026, month: 6, day: 9).startInstant)
        let early = await #expect(throws: EnforcementError.self) { try await h.workflow.close(close, by: Harness.court0105, requestID: "c1") }
        #expect(early?.code == .failedPrecondition)
        #expect(early?.message.contains("3 months") == true)
        h.clock.set(CalendarDate(year: 2026, month: 6, day: 10).startInstant)
        let closed = try await h.workflow.close(close, by: Harness.court0105, requestID: "c2")
        #expect(closed.status == .closed)
        #expect(closed.closingMode == .terminationOfRound)
    }

    @Test("a closed case cannot be changed", arguments: ["assign", "node", "suspend", "extend", "close"])
    func closedIsFinal(_ action: String) async throws {
        let h = try await Harness()
        let number = try await h.file().number.description
        _ = try await h.workflow.close(CloseCase(caseNumber: number, mode: .fullyEnforced, documentNumber: "D"), by: Harness.court0105, requestID: "c")
        let journal = try await h.journalCount()
        let error = await #expect(throws: EnforcementError.self) {
            switch action {
            case "assign": _ = try await h.workflow.assignJudge(AssignJudge(caseNumber: number, handlingJudge: "x"), by: Harness.court0105, requestID: "a")
            case "node": _ = try await h.workflow.recordNode(RecordNode(caseNumber: number, nodeCode: "interview_held"), by: Harness.court0105, requestID: "a")
            case "suspend": _ = try await h.workflow.suspend(SuspendCase(caseNumber: number, reason: "r", documentNumber: "d"), by: Harness.court0105, requestID: "a")
            case "extend": _ = try await h.workflow.extendLimit(ExtendLimit(caseNumber: number, months: 1, reason: "r"), by: Harness.court0105, requestID: "a")
            default: _ = try await h.workflow.close(CloseCase(caseNumber: number, mode: .withdrawn, documentNumber: "D2"), by: Harness.court0105, requestID: "a")
            }
        }
        #expect(error?.code == .failedPrecondition)
        #expect(try await h.journalCount() == journal)
    }

    @Test("a court reads and changes only its own cases; the command centre reads all")
    func scope() async throws {
        let h = try await Harness()
        let number = try await h.file().number.description
        let read = await #expect(throws: EnforcementError.self) { try await h.workflow.get(number, by: Harness.court0101) }
        #expect(read?.code == .notFound)
        let change = await #expect(throws: EnforcementError.self) {
            try await h.workflow.assignJudge(AssignJudge(caseNumber: number, handlingJudge: "x"), by: Harness.court0101, requestID: "a")
        }
        #expect(change?.code == .notFound)
        #expect(try await h.workflow.get(number, by: Harness.centre).number.description == number)
        let missing = await #expect(throws: EnforcementError.self) { try await h.workflow.get("（2026）沪0105执99号", by: Harness.court0105) }
        #expect(missing?.code == .notFound)
    }

    @Test("list filters by court, judge, status and overdue, in pages")
    func listing() async throws {
        let h = try await Harness()
        for _ in 0..<5 { _ = try await h.file() }
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "o")
        _ = try await h.workflow.assignJudge(AssignJudge(caseNumber: "（2026）沪0105执2号", handlingJudge: "李"), by: Harness.court0105, requestID: "a")
        let own = try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 2, pageToken: "", by: Harness.court0105)
        #expect(own.cases.map(\.number.sequence) == [1, 2])
        let next = try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 2, pageToken: own.nextPageToken, by: Harness.court0105)
        #expect(next.cases.map(\.number.sequence) == [3, 4])
        let last = try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 2, pageToken: next.nextPageToken, by: Harness.court0105)
        #expect(last.cases.count == 1 && last.nextPageToken.isEmpty)
        let byJudge = try await h.workflow.list(court: nil, handlingJudge: "李", status: nil, overdueOnly: false, pageSize: 0, pageToken: "", by: Harness.court0105)
        #expect(byJudge.cases.map(\.number.sequence) == [2])
        let all = try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 0, pageToken: "", by: Harness.centre)
        #expect(all.cases.count == 6)
        let denied = await #expect(throws: EnforcementError.self) {
            try await h.workflow.list(court: "沪0101", handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 0, pageToken: "", by: Harness.court0105)
        }
        #expect(denied?.code == .permissionDenied)
        let unknown = await #expect(throws: EnforcementError.self) {
            try await h.workflow.list(court: "沪0199", handlingJudge: nil, status: nil, overdueOnly: false, pageSize: 0, pageToken: "", by: Harness.centre)
        }
        #expect(unknown?.code == .invalidArgument)
        // 6 months and a day later every pending case is overdue; a suspended one is not.
        _ = try await h.workflow.suspend(SuspendCase(caseNumber: "（2026）沪0105执3号", reason: "r", documentNumber: "d"), by: Harness.court0105, requestID: "s")
        #expect(try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: true, pageSize: 0, pageToken: "", by: Harness.court0105).cases.isEmpty)
        h.clock.set(CalendarDate(year: 2026, month: 9, day: 11).startInstant)
        let overdue = try await h.workflow.list(court: nil, handlingJudge: nil, status: nil, overdueOnly: true, pageSize: 0, pageToken: "", by: Harness.court0105)
        #expect(overdue.cases.map(\.number.sequence) == [1, 2, 4, 5])
        #expect(overdue.cases.allSatisfy { $0.overdue })
    }

    @Test("nodes record their deadline and lateness: the execution notice is due within 3 days")
    func lateNode() async throws {
        let h = try await Harness()
        let number = try await h.file().number
        h.clock.advance(days: 4)
        let event = try await h.workflow.recordNode(RecordNode(caseNumber: number.description, nodeCode: "execution_notice_sent", documentNumber: "通知1"),
                                                    by: Harness.court0105, requestID: "n")
        #expect(event.dueOn == CalendarDate(year: 2026, month: 3, day: 13))
        #expect(event.late)
        let refused = await #expect(throws: EnforcementError.self) {
            try await h.workflow.recordNode(RecordNode(caseNumber: number.description, nodeCode: "case_closed"), by: Harness.court0105, requestID: "n2")
        }
        #expect(refused?.field == "node_code")
    }
}
