import EnforcementCore
import Foundation
import Testing

/// "Freezes and seals" of DOMAIN.md across institutions: the case's room (SPC provisions on
/// sealing, seizing and freezing, art. 21), automatic release of an excess (解除超标的冻结),
/// deductions into escrow, the waiting list by service time, the subsistence floor (art. 3),
/// standing freeze orders and the record of who looked at whose assets.
extension Harness {
    /// Three banks and the real-estate registry, all connected.
    static let threeBanks = try! InstitutionRegistry([
        Institution(id: "ICBC-SH", name: "工商银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases),
        Institution(id: "CCB-SH", name: "建设银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases),
        Institution(id: "ABC-SH", name: "农业银行", kind: .bank, assetKinds: [.deposit], actions: ControlAction.allCases),
        Institution(id: "SH-REALESTATE", name: "不动产登记局", kind: .realEstateRegistry, assetKinds: [.realEstate],
                    actions: [.query, .freeze, .renew, .release]),
    ])
    static let abc = Caller(principal: .institution("ABC-SH"))

    static func bank(_ id: String) -> Caller { Caller(principal: .institution(id)) }

    func room(_ number: CaseNumber) async throws -> ControlRoom {
        try await control.room(ofCase: number.description, by: Harness.court0105)
    }

    func requests(_ number: CaseNumber, _ action: ControlAction) async throws -> [ControlRequest] {
        try await control.requests(ofCase: number.description, by: Harness.court0105).filter { $0.action == action }
    }

    /// What the case's live controls hold in total.
    func controlled(_ number: CaseNumber) async throws -> Int64 {
        try await requests(number, .freeze).filter { $0.control?.status.isLive == true }.reduce(0) { $0 + ($1.control?.remaining.fen ?? 0) }
    }

    func answerRelease(_ release: ControlRequest, controlledFen: Int64 = 0) async throws -> ControlRequest {
        try await control.answerControl(AnswerControl(controlRequestID: release.id, controlledFen: controlledFen),
                                        by: Harness.bank(release.institution), requestID: UUID().uuidString)
    }

    func requery(_ number: CaseNumber, at institution: String, holdings: [HoldingInput]) async throws -> ControlRequest {
        let query = try #require(try await control.launchQuery(
            LaunchQuery(caseNumber: number.description, institutionID: institution, documentNumber: "协助查询通知书"),
            by: Harness.court0105, requestID: UUID().uuidString).first)
        return try await control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: holdings),
                                             by: Harness.bank(institution), requestID: UUID().uuidString)
    }

    static func deposit(_ account: String, availableFen: Int64, balanceFen: Int64? = nil) -> HoldingInput {
        HoldingInput(assetKind: .deposit, identifier: account, type: "活期", status: "正常", branch: "上海分行",
                     balanceFen: balanceFen ?? availableFen, availableFen: availableFen)
    }

    /// Answers every query of the case still pending (the ones launched at filing) with nothing found.
    func answerOpenQueries(_ number: CaseNumber) async throws {
        for query in try await requests(number, .query) where query.status == .pending {
            _ = try await control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: []),
                                              by: Harness.bank(query.institution), requestID: UUID().uuidString)
        }
    }
}

/// ¥100,000 sought: enforcement fee ¥1,400 (DOMAIN.md "Money"), so ¥101,400 outstanding on the day of filing.
private let sought: Int64 = 10_000_000
private let outstandingOnFiling: Int64 = 10_140_000

@Suite("Asset control: one room per case across every institution (art. 21)")
struct ControlRoomTests {
    @Test("the room counts every institution and kind, unanswered freezes at their requested amount; a freeze is cut to it or refused")
    func roomAcrossInstitutions() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        var room = try await h.room(number)
        #expect(room.outstanding.fen == outstandingOnFiling && room.fee.fen == 140_000 && room.interest.fen == 0 && room.room.fen == outstandingOnFiling)

        let icbc = try await h.freeze(number, institution: "ICBC-SH", asset: "icbc-1", amountFen: 4_000_000)
        #expect(try await h.room(number).room.fen == 6_140_000, "an unanswered freeze counts at its requested amount")

        // A seal on a flat counts at the value the court states and is never cut.
        let flat = try await h.control.freeze(
            FreezeAsset(caseNumber: number.description, institutionID: "SH-REALESTATE", assetKind: .realEstate, assetIdentifier: "沪房地(2020)001",
                        amountFen: 1, endOn: h.clock.today().adding(months: 30).description, documentNumber: "查封裁定", statedValueFen: 3_000_000),
            by: Harness.court0105, requestID: "flat")
        #expect(flat.statedValue?.fen == 3_000_000 && flat.note == nil)
        #expect(try await h.room(number).room.fen == 3_140_000)

        // A freeze above the room is cut to it, with the figures.
        let ccb = try await h.freeze(number, institution: "CCB-SH", asset: "ccb-1", amountFen: 5_000_000)
        #expect(ccb.amount?.fen == 3_140_000 && ccb.askedAmount?.fen == 5_000_000)
        #expect(ccb.note?.contains("申请冻结¥50000.00，核减为¥31400.00") == true, "\(ccb.note ?? "")")
        #expect(ccb.note?.contains("未执行金额¥101400.00") == true)

        // No room: refused, naming the figures, nothing written.
        try await h.expectRefusal(.failedPrecondition, field: "amount_fen") {
            _ = try await h.freeze(number, institution: "ABC-SH", asset: "abc-1", amountFen: 1)
        }
        let refusal = await #expect(throws: EnforcementError.self) { _ = try await h.freeze(number, institution: "ABC-SH", asset: "abc-1", amountFen: 1) }
        #expect(refusal?.message.contains("outstanding 101400.00, already held or possibly held 101400.00") == true, "\(String(describing: refusal))")

        // A seal beyond the room is not blocked, but reported.
        let second = try await h.control.freeze(
            FreezeAsset(caseNumber: number.description, institutionID: "SH-REALESTATE", assetKind: .realEstate, assetIdentifier: "沪房地(2020)002",
                        amountFen: 1, endOn: h.clock.today().adding(months: 30).description, documentNumber: "查封裁定", statedValueFen: 1_000_000),
            by: Harness.court0105, requestID: "flat2")
        #expect(second.note?.contains("超过可冻结余额") == true)

        // ICBC controls only ¥10,000 of the ¥40,000 asked: the room reopens by the difference.
        _ = try await h.grant(icbc, controlledFen: 1_000_000)
        room = try await h.room(number)
        #expect(room.held.fen == 1_000_000 + 3_000_000 + 1_000_000 + 3_140_000)
        let abc = try await h.freeze(number, institution: "ABC-SH", asset: "abc-1", amountFen: 9_000_000)
        #expect(abc.amount?.fen == outstandingOnFiling - 1_000_000 - 3_000_000 - 1_000_000 - 3_140_000)
    }

    @Test("a freeze of a sealed kind states its value only for real estate and movables")
    func statedValueOnlyForSeals() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        try await h.expectRefusal(.invalidArgument, field: "stated_value_fen") {
            _ = try await h.control.freeze(
                FreezeAsset(caseNumber: number.description, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "1",
                            amountFen: 100, endOn: h.clock.today().adding(months: 6).description, documentNumber: "d", statedValueFen: 5),
                by: Harness.court0105, requestID: "sv")
        }
    }

    @Test("late interest grows the outstanding amount: unpaid principal × 0.000175 a day")
    func interestGrowsRoom() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        h.clock.advance(days: 30)
        let room = try await h.room(number)
        // 100,000 for 30 days → 525.00 (DOMAIN.md "Money").
        #expect(room.interest.fen == 52_500 && room.outstanding.fen == outstandingOnFiling + 52_500)
    }

    @Test("a freeze on a closed or suspended case, or without a document, is refused and writes nothing")
    func badFreezes() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        try await h.expectRefusal(.invalidArgument, field: "document_number") {
            _ = try await h.control.freeze(
                FreezeAsset(caseNumber: number.description, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "1",
                            amountFen: 100, endOn: h.clock.today().adding(months: 6).description, documentNumber: " "),
                by: Harness.court0105, requestID: "nodoc")
        }
        _ = try await h.workflow.suspend(SuspendCase(caseNumber: number.description, reason: "案外人异议", documentNumber: "中止裁定"),
                                         by: Harness.court0105, requestID: "s")
        try await h.expectRefusal(.failedPrecondition, field: "case_number") { _ = try await h.freeze(number, amountFen: 100) }
    }
}

@Suite("Asset control: automatic release of an excess (解除超标的冻结)")
struct ExcessReleaseTests {
    /// Freezes of ¥40,000 at ICBC, ¥40,000 at CCB and ¥21,400 at ABC (the whole room), served an hour apart.
    func fullyFrozen(_ h: Harness) async throws -> (number: CaseNumber, freezes: [ControlRequest], account: EscrowAccountNumber) {
        let number = try await h.fileCase(amountFen: sought)
        var freezes: [ControlRequest] = []
        for (bank, fen) in [("ICBC-SH", Int64(4_000_000)), ("CCB-SH", 4_000_000), ("ABC-SH", 2_140_000)] {
            freezes.append(try await h.freeze(number, institution: bank, asset: "\(bank)-acct", amountFen: fen))
            h.clock.set(h.clock.now().addingTimeInterval(3600))
        }
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        return (number, freezes, account)
    }

    @Test("an excess left on a control whose release was pending is asked for once the bank answers that release (found by the simulation, seed 47514)")
    func afterPendingReleaseAnswered() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let freeze = try await h.freeze(number, institution: "ICBC-SH", asset: "ICBC-acct", amountFen: 10_000_000)
        _ = try await h.grant(freeze, by: Harness.icbc)
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        // ¥30,000 paid: ¥71,400 outstanding, so ¥28,600 of the ¥100,000 freeze asked back (pending at the bank).
        _ = try await h.receive(3_000_000, into: account.description, id: "PAY-1")
        let first = try #require(try await h.requests(number, .release).first)
        #expect(first.amount?.fen == 2_860_000)
        // ¥20,000 more while that release waits: the control is skipped, nothing more is asked yet.
        _ = try await h.receive(2_000_000, into: account.description, id: "PAY-2")
        #expect(try await h.requests(number, .release).count == 1)
        // The bank answers the first release: the ¥20,000 still beyond the debt is asked for now.
        _ = try await h.answerRelease(first, controlledFen: 7_140_000)
        let releases = try await h.requests(number, .release)
        #expect(releases.count == 2)
        let second = try #require(releases.first { $0.id != first.id })
        #expect(second.automatic == true && second.amount?.fen == 2_000_000 && second.freezeRequestID == freeze.id)
        #expect(try await h.room(number).excess.fen == 0)
    }

    @Test("money arriving releases the excess, latest controls first, exactly once, and tells the judge")
    func afterMoneyArrives() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (number, freezes, account) = try await fullyFrozen(h)
        for freeze in freezes { _ = try await h.grant(freeze, by: Harness.bank(freeze.institution)) }
        #expect(try await h.requests(number, .release).isEmpty)

        // The debtor pays ¥30,000 directly: ¥71,400 outstanding, ¥101,400 held.
        _ = try await h.receive(3_000_000, into: account.description, id: "PAY-1")
        let releases = try await h.requests(number, .release)
        #expect(releases.count == 2)
        let abc = try #require(releases.first { $0.institution == "ABC-SH" })
        let ccb = try #require(releases.first { $0.institution == "CCB-SH" })
        #expect(abc.automatic == true && abc.amount == nil, "ABC, served last, is released whole")
        #expect(ccb.automatic == true && ccb.amount?.fen == 860_000, "then ¥8,600 of CCB's")
        #expect(abc.note?.contains("解除超标的冻结") == true)
        #expect(try await h.store.read { try $0.cases.nodeEvents(of: number) }.contains { $0.nodeCode == "excess_release_requested" })
        let judgeMessages = try await h.store.read { try $0.outbox.messages(caseNumber: number, after: 0, limit: 1000) }.filter { $0.template == "excess_release" }
        #expect(judgeMessages.count == 1 && judgeMessages[0].recipient == .handlingJudge)

        // The monitor twice, and the receipt reported again: nothing more is asked.
        _ = try await h.monitor.sweep()
        _ = try await h.monitor.sweep()
        _ = try await h.receive(3_000_000, into: account.description, id: "PAY-1")
        #expect(try await h.requests(number, .release).count == 2)
        #expect(try await h.room(number).excess.fen == 0)

        // A partial release answered with the wrong remainder is refused, nothing written.
        try await h.expectRefusal(.invalidArgument, field: "result.controlled_fen") { _ = try await h.answerRelease(ccb, controlledFen: 0) }
        _ = try await h.answerRelease(ccb, controlledFen: 4_000_000 - 860_000)
        _ = try await h.answerRelease(abc)
        #expect(try await h.controlled(number) == 7_140_000)
        #expect(try await h.room(number).outstanding.fen == 7_140_000)
        let ccbFreeze = try await h.request(freezes[1].id)
        #expect(ccbFreeze.control?.status == .active && ccbFreeze.control?.controlled.fen == 3_140_000)
        #expect(try await h.request(freezes[2].id).control?.status == .released)
    }

    @Test("after full answers from three banks in reverse order, the latest-served controls are released first")
    func afterFullAnswersInReverse() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (number, freezes, account) = try await fullyFrozen(h)
        // Money arrives while all three freezes wait for their answers: nothing answered is held yet.
        _ = try await h.receive(3_000_000, into: account.description, id: "PAY-2")
        #expect(try await h.requests(number, .release).isEmpty)
        for freeze in freezes.reversed() { _ = try await h.grant(freeze, by: Harness.bank(freeze.institution)) }
        let releases = try await h.requests(number, .release)
        #expect(releases.map(\.institution).sorted() == ["ABC-SH", "CCB-SH"])
        #expect(releases.first { $0.institution == "ABC-SH" }?.amount == nil)
        #expect(releases.first { $0.institution == "CCB-SH" }?.amount?.fen == 860_000)
        _ = try await h.monitor.sweep()
        #expect(try await h.requests(number, .release).count == 2)
        for release in releases {
            _ = try await h.answerRelease(release, controlledFen: release.amount == nil ? 0 : 4_000_000 - 860_000)
        }
        #expect(try await h.controlled(number) == 7_140_000)
    }

    @Test("a seal's stated value is an estimate: money arriving never releases a bank's freeze because of it")
    func sealsNotCountedInExcess() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        let flat = try await h.control.freeze(
            FreezeAsset(caseNumber: number.description, institutionID: "SH-REALESTATE", assetKind: .realEstate, assetIdentifier: "沪房地(2020)001",
                        amountFen: 1, endOn: h.clock.today().adding(months: 30).description, documentNumber: "查封裁定", statedValueFen: 5_000_000),
            by: Harness.court0105, requestID: "flat")
        _ = try await h.grant(flat, by: Harness.registry)
        _ = try await h.grant(try await h.freeze(number, amountFen: 5_140_000))
        _ = try await h.receive(1_000_000, into: account.description, id: "PAY-4")
        let room = try await h.room(number)
        #expect(room.held.fen == 10_140_000 && room.outstanding.fen == 9_140_000 && room.excess.fen == 0)
        #expect(try await h.requests(number, .release).isEmpty)
    }

    @Test("a control skipped while its deduction was pending is released once the deduction is answered")
    func afterPendingDeduction() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: outstandingOnFiling))
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 1_000_000, documentNumber: "扣划裁定"),
                                                   by: Harness.court0105, requestID: "d")
        _ = try await h.receive(5_000_000, into: account.description, id: "PAY-3")
        #expect(try await h.requests(number, .release).isEmpty, "no release while a deduction against the freeze is pending")
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 1_000_000), by: Harness.icbc, requestID: "a")
        // ¥51,400 outstanding; ¥91,400 still frozen, ¥10,000 in transit (left out of the excess).
        let release = try #require(try await h.requests(number, .release).first)
        #expect(release.automatic == true && release.amount?.fen == 9_140_000 - 5_140_000)
    }

    @Test("a partial release by the judge: at most what the freeze holds; a seal is released whole")
    func partialReleaseByJudge() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 1_000_000))
        try await h.expectRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await h.control.release(ReleaseFreeze(freezeRequestID: freeze.id, documentNumber: "d", amountFen: 1_000_001),
                                            by: Harness.court0105, requestID: "pr1")
        }
        let part = try await h.control.release(ReleaseFreeze(freezeRequestID: freeze.id, documentNumber: "d", amountFen: 400_000),
                                               by: Harness.court0105, requestID: "pr2")
        #expect(part.amount?.fen == 400_000 && part.automatic == nil)
        try await h.expectRefusal(.failedPrecondition, field: "freeze_request_id") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 1, documentNumber: "d"), by: Harness.court0105, requestID: "pd")
        }
        _ = try await h.answerRelease(part, controlledFen: 600_000)
        #expect(try await h.request(freeze.id).control?.remaining.fen == 600_000)
    }
}

@Suite("Asset control: deductions land in escrow")
struct DeductionEscrowTests {
    /// A case with a granted ¥10,000 freeze and a ¥5,000 deduction from it waiting for the bank.
    func pendingDeduction(_ h: Harness) async throws -> (number: CaseNumber, deduction: ControlRequest) {
        let number = try await h.fileCase(amountFen: sought)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 1_000_000))
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 500_000, documentNumber: "扣划裁定"),
                                                   by: Harness.court0105, requestID: UUID().uuidString)
        return (number, deduction)
    }

    @Test("deduction → bank answer with its transfer reference → custodian receipt linked → outstanding from the ledger")
    func deductionToLedger() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: outstandingOnFiling))
        let deduction = try await h.control.deduct(
            DeductFrozen(freezeRequestID: freeze.id, amountFen: 4_000_000, documentNumber: "扣划裁定", escrowAccount: account.description),
            by: Harness.court0105, requestID: "d1")
        #expect(deduction.escrowAccount == account)
        let answered = try await h.control.answerDeduction(
            AnswerDeduction(controlRequestID: deduction.id, movedFen: 4_000_000, transferReference: "ICBC-TX-0009"), by: Harness.icbc, requestID: "a1")
        #expect(answered.transferReference == "ICBC-TX-0009" && answered.receiptID == nil)
        // In transit: not yet credited, still counted as the case's; no room, no excess.
        var room = try await h.room(number)
        #expect(room.inTransit.fen == 4_000_000 && room.room.fen == 0 && room.excess.fen == 0 && room.credited.fen == 0)

        let receipt = try await h.receive(4_000_000, into: account.description, id: "BOC-IN-1", payer: "工商银行（扣划）", reference: "ICBC-TX-0009")
        #expect(receipt.deductionRequestID == deduction.id)
        #expect(try await h.request(deduction.id).receiptID == "BOC-IN-1")
        room = try await h.room(number)
        #expect(room.credited.fen == 4_000_000 && room.outstanding.fen == outstandingOnFiling - 4_000_000 && room.inTransit.fen == 0)
        #expect(room.held.fen == outstandingOnFiling - 4_000_000 && room.excess.fen == 0)
    }

    @Test("a receipt that arrives before the bank's answer is linked by the request id it names")
    func receiptBeforeAnswer() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let account = try #require(try await h.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 1_000_000))
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 600_000, documentNumber: "扣划裁定"),
                                                   by: Harness.court0105, requestID: "d2")
        #expect(deduction.escrowAccount == account, "by default, the account opened for the first debtor")
        let receipt = try await h.receive(600_000, into: account.description, id: "BOC-IN-2", reference: "扣划 \(deduction.id)")
        #expect(receipt.deductionRequestID == deduction.id)
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 600_000), by: Harness.icbc, requestID: "a2")
        #expect(try await h.room(number).inTransit.fen == 0)
        // Nothing to remind about.
        h.clock.advance(days: 5)
        #expect(try await h.monitor.sweep().notReceived == 0)
    }

    @Test("a deduction naming another case's escrow account, an unknown one, or more than frozen is refused, nothing written")
    func badDeductions() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let other = try await h.fileCase(amountFen: sought)
        let otherAccount = try #require(try await h.funds.balance(other.description, by: Harness.court0105).accounts.first?.number)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 1_000_000))
        try await h.expectRefusal(.invalidArgument, field: "escrow_account") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 100, documentNumber: "d", escrowAccount: otherAccount.description),
                                           by: Harness.court0105, requestID: "b1")
        }
        try await h.expectRefusal(.invalidArgument, field: "escrow_account") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 100, documentNumber: "d", escrowAccount: "not-an-account"),
                                           by: Harness.court0105, requestID: "b2")
        }
        try await h.expectRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 1_000_001, documentNumber: "d"), by: Harness.court0105, requestID: "b3")
        }
    }

    @Test("a deduction answered but not received within 3 days raises one reminder")
    func notReceivedReminder() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (number, deduction) = try await pendingDeduction(h)
        _ = try await h.control.answerDeduction(AnswerDeduction(controlRequestID: deduction.id, movedFen: 500_000, transferReference: "T-77"),
                                                by: Harness.icbc, requestID: "a3")
        h.clock.advance(days: 2)
        #expect(try await h.monitor.sweep().notReceived == 0)
        h.clock.advance(days: 1)
        h.clock.set(h.clock.now().addingTimeInterval(60))
        #expect(try await h.monitor.sweep().notReceived == 1)
        #expect(try await h.monitor.sweep().notReceived == 0)
        let reminders = try await h.control.reminders(caseNumber: number.description, after: 0, limit: 100, by: Harness.court0105)
        #expect(reminders.filter { $0.kind == .deductionNotReceived }.map(\.requestID) == [deduction.id])
        #expect(try await h.request(deduction.id).receiptReminded == true)
    }

    @Test("a transfer reference over 64 characters is refused, nothing written")
    func longTransferReference() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (_, deduction) = try await pendingDeduction(h)
        try await h.expectRefusal(.invalidArgument, field: "result.transfer_reference") {
            _ = try await h.control.answerDeduction(
                AnswerDeduction(controlRequestID: deduction.id, movedFen: 500_000, transferReference: String(repeating: "R", count: 65)),
                by: Harness.icbc, requestID: "a4")
        }
        #expect(try await h.request(deduction.id).status == .pending)
    }
}

@Suite("Asset control: the waiting list by service time")
struct WaitingListServiceTimeTests {
    @Test("answers in reverse order: the earlier-served freeze holds the asset, the later one waits")
    func reverseAnswers() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let first = try await h.fileCase(by: Harness.court0105, amountFen: sought)
        let second = try await h.fileCase(by: Harness.court0101, amountFen: sought)
        let early = try await h.freeze(first, by: Harness.court0105, asset: "shared", amountFen: 1_000_000)
        h.clock.set(h.clock.now().addingTimeInterval(3600))
        let late = try await h.freeze(second, by: Harness.court0101, asset: "shared", amountFen: 1_000_000)
        // ICBC answers the later-served freeze first.
        _ = try await h.grant(late)
        #expect(try await h.request(late.id).control?.status == .active)
        _ = try await h.grant(early)
        #expect(try await h.request(early.id).control?.status == .active)
        let queued = try await h.request(late.id)
        #expect(queued.control?.status == .waiting && queued.control?.endOn == nil)
        // Releasing the holder activates the waiting one at once.
        let release = try await h.control.release(ReleaseFreeze(freezeRequestID: early.id, documentNumber: "d"), by: Harness.court0105, requestID: "r")
        _ = try await h.answerRelease(release)
        #expect(try await h.request(late.id).control?.status == .active)
    }
}

@Suite("Asset control: the subsistence floor for a natural person (art. 3)")
struct SubsistenceFloorTests {
    /// A person's case with ¥5,000 in the account a query reported, all of it frozen.
    func personWithDeposit(_ h: Harness) async throws -> ControlRequest {
        let filing = FileCase(
            caseType: .first, titleKind: .litigation, titleDocument: "（2025）沪0105民初88号",
            applicants: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: "91310000MA1FL8XQ37")],
            debtors: [PartyInput(isPerson: true, name: "李四", idNumber: "310105198005171236")],
            amountSoughtFen: sought, handlingJudge: "judge-li")
        let number = try await h.workflow.fileCase(filing, by: Harness.court0105, requestID: UUID().uuidString).number
        try await h.answerOpenQueries(number)
        _ = try await h.requery(number, at: "ICBC-SH", holdings: [Harness.deposit("6222-li", availableFen: 500_000)])
        return try await h.grant(try await h.freeze(number, asset: "6222-li", amountFen: 500_000))
    }

    @Test("the floor is ¥1,510 × (1 + dependants) × months: 0 and 1 dependants cut the deduction, 3 leave nothing to deduct")
    func floor() async throws {
        for (dependants, expected) in [(0, Int64(500_000 - 151_000)), (1, 500_000 - 302_000)] {
            let h = try await Harness(institutions: Harness.threeBanks)
            let freeze = try await personWithDeposit(h)
            let deduction = try await h.control.deduct(
                DeductFrozen(freezeRequestID: freeze.id, amountFen: 500_000, documentNumber: "扣划裁定", dependants: dependants),
                by: Harness.court0105, requestID: "f\(dependants)")
            #expect(deduction.amount?.fen == expected && deduction.askedAmount?.fen == 500_000)
            #expect(deduction.note?.contains("保留¥\(Money(fen: 151_000 * Int64(1 + dependants)))") == true, "\(deduction.note ?? "")")
        }
        let h = try await Harness(institutions: Harness.threeBanks)
        let freeze = try await personWithDeposit(h)
        try await h.expectRefusal(.failedPrecondition, field: "amount_fen") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 100_000, documentNumber: "d", dependants: 3),
                                           by: Harness.court0105, requestID: "f3")
        }
        // Two months for the debtor alone: ¥3,020 kept.
        let two = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 500_000, documentNumber: "d", months: 2),
                                             by: Harness.court0105, requestID: "m2")
        #expect(two.amount == Money(fen: 198_000))
        try await h.expectRefusal(.invalidArgument, field: "dependants") {
            _ = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 1, documentNumber: "d", dependants: 21),
                                           by: Harness.court0105, requestID: "f21")
        }
    }

    @Test("an organisation's deposits have no floor")
    func organisation() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let freeze = try await h.grant(try await h.freeze(number, amountFen: 500_000))
        let deduction = try await h.control.deduct(DeductFrozen(freezeRequestID: freeze.id, amountFen: 500_000, documentNumber: "d"),
                                                   by: Harness.court0105, requestID: "o")
        #expect(deduction.amount?.fen == 500_000 && deduction.askedAmount == nil)
    }
}

@Suite("Asset control: standing freeze orders (持续冻结)")
struct StandingOrderTests {
    @Test("a standing order fills the room over three re-queries and stops when full")
    func fillsAndStops() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        try await h.answerOpenQueries(number)
        let order = try await h.control.createStandingOrder(CreateStandingOrder(caseNumber: number.description, documentNumber: "持续冻结裁定"),
                                                           by: Harness.court0105, requestID: "so")
        #expect(order.status == .active && order.freezes.isEmpty && order.endsOn == h.clock.today().adding(days: 30))

        _ = try await h.requery(number, at: "ICBC-SH", holdings: [Harness.deposit("icbc-1", availableFen: 3_000_000)])
        var sent = try await h.requests(number, .freeze)
        #expect(sent.map(\.amount?.fen) == [3_000_000] && sent[0].documentNumber == "持续冻结裁定")
        _ = try await h.grant(sent[0])

        h.clock.advance(days: 1)
        _ = try await h.requery(number, at: "CCB-SH", holdings: [Harness.deposit("ccb-1", availableFen: 5_000_000)])
        sent = try await h.requests(number, .freeze)
        #expect(sent.map(\.amount?.fen) == [3_000_000, 5_000_000])
        _ = try await h.grant(sent[1], by: Harness.ccb)

        h.clock.advance(days: 1)
        _ = try await h.requery(number, at: "ABC-SH", holdings: [Harness.deposit("abc-1", availableFen: 9_000_000)])
        sent = try await h.requests(number, .freeze)
        let interest = try await h.room(number).interest.fen
        #expect(sent.map(\.amount?.fen) == [3_000_000, 5_000_000, outstandingOnFiling + interest - 8_000_000])
        #expect(try await h.control.standingOrders(ofCase: number.description, by: Harness.court0105)[0].status == .active,
                "not filled while a freeze it sent waits for its answer")
        _ = try await h.grant(sent[2], by: Harness.abc)
        let filled = try await h.control.standingOrders(ofCase: number.description, by: Harness.court0105)[0]
        #expect(filled.status == .filled && filled.freezes == sent.map(\.id))

        // A fourth re-query with new money: nothing more is sent.
        _ = try await h.requery(number, at: "ICBC-SH", holdings: [Harness.deposit("icbc-2", availableFen: 7_000_000)])
        #expect(try await h.requests(number, .freeze).count == 3)
    }

    @Test("a holding reported again in a later query is frozen again after a bank controlled nothing")
    func resendOnNewHoldings() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        try await h.answerOpenQueries(number)
        _ = try await h.control.createStandingOrder(CreateStandingOrder(caseNumber: number.description, documentNumber: "持续冻结裁定"),
                                                   by: Harness.court0105, requestID: "so")
        _ = try await h.requery(number, at: "ICBC-SH", holdings: [Harness.deposit("icbc-1", availableFen: 1_000_000)])
        let first = try #require(try await h.requests(number, .freeze).first)
        _ = try await h.control.answerControl(AnswerControl(controlRequestID: first.id, controlledFen: 0, reason: "账户已销户"), by: Harness.icbc, requestID: "n")
        #expect(try await h.requests(number, .freeze).count == 1, "the same answer is not acted on twice")
        _ = try await h.requery(number, at: "ICBC-SH", holdings: [Harness.deposit("icbc-1", availableFen: 2_000_000)])
        #expect(try await h.requests(number, .freeze).map(\.amount?.fen) == [1_000_000, 2_000_000])
    }

    @Test("cancel, expiry, and the refusals: a second active order, another court's order, a cancelled one, a closed case")
    func cancelAndExpire() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let order = try await h.control.createStandingOrder(
            CreateStandingOrder(caseNumber: number.description, documentNumber: "持续冻结裁定", endsOn: h.clock.today().adding(days: 5).description),
            by: Harness.court0105, requestID: "so1")
        try await h.expectRefusal(.failedPrecondition, field: "case_number") {
            _ = try await h.control.createStandingOrder(CreateStandingOrder(caseNumber: number.description, documentNumber: "d"),
                                                       by: Harness.court0105, requestID: "so2")
        }
        try await h.expectRefusal(.invalidArgument, field: "ends_on") {
            _ = try await h.control.createStandingOrder(
                CreateStandingOrder(caseNumber: number.description, documentNumber: "d", endsOn: h.clock.today().adding(months: 13).description),
                by: Harness.court0105, requestID: "so3")
        }
        try await h.expectRefusal(.notFound, field: "order_id") {
            _ = try await h.control.cancelStandingOrder(CancelStandingOrder(orderID: order.id, note: "n"), by: Harness.court0101, requestID: "c0")
        }
        h.clock.advance(days: 6)
        #expect(try await h.monitor.sweep().ordersExpired == 1)
        #expect(try await h.monitor.sweep().ordersExpired == 0)
        #expect(try await h.control.standingOrders(ofCase: number.description, by: Harness.court0105)[0].status == .expired)
        try await h.expectRefusal(.failedPrecondition, field: "order_id") {
            _ = try await h.control.cancelStandingOrder(CancelStandingOrder(orderID: order.id, note: "n"), by: Harness.court0105, requestID: "c1")
        }
        let next = try await h.control.createStandingOrder(CreateStandingOrder(caseNumber: number.description, documentNumber: "d"),
                                                          by: Harness.court0105, requestID: "so4")
        let cancelled = try await h.control.cancelStandingOrder(CancelStandingOrder(orderID: next.id, note: "债务人已提供担保"), by: Harness.court0105, requestID: "c2")
        #expect(cancelled.status == .cancelled && cancelled.closingNote == "债务人已提供担保")
    }
}

@Suite("Asset control: the record for the people queried")
struct ControlRecordTests {
    @Test("a debtor sees every request about them with court, judge, date and document; the applicant sees none")
    func partyView() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        _ = try await h.freeze(number, amountFen: 1_000_000)
        let debtorCode = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: "debtor:0"),
                                                          by: Harness.court0105, requestID: "dc").code
        let applicantCode = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: "applicant:0"),
                                                             by: Harness.court0105, requestID: "ac").code
        let debtorView = try await h.disclosure.lookup(caseNumber: number.description, code: debtorCode, address: "ipv4:127.0.0.1:1")
        let all = try await h.control.requests(ofCase: number.description, by: Harness.court0105)
        #expect(debtorView.controlRecords.count == all.count && all.count == 5)  // four queries at filing, one freeze
        let freeze = try #require(debtorView.controlRecords.first { $0.action == .freeze })
        #expect(freeze.documentNumber == "冻结裁定" && freeze.institution == "工商银行" && freeze.servedOn == h.clock.today())
        #expect(freeze.court.isEmpty == false && freeze.handlingJudge.isEmpty == false)
        let applicantView = try await h.disclosure.lookup(caseNumber: number.description, code: applicantCode, address: "ipv4:127.0.0.1:2")
        #expect(applicantView.controlRecords.isEmpty)
    }

    @Test("the command centre exports any court's or institution's requests of a period, page by page; a court only its own")
    func export() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let mine = try await h.fileCase(by: Harness.court0105, amountFen: sought)
        _ = try await h.fileCase(by: Harness.court0101, amountFen: sought)
        h.clock.advance(days: 1)
        _ = try await h.freeze(mine, amountFen: 1_000_000)
        let today = h.clock.today()
        var pages: [[ControlRequest]] = []
        var token = ""
        repeat {
            let page = try await h.control.controlLog(court: "沪0105", institution: "", from: today.adding(days: -1).description,
                                                      until: today.description, pageSize: 2, pageToken: token, by: Harness.centre)
            pages.append(page.requests)
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(pages.flatMap { $0 }.count == 5 && pages.flatMap { $0 }.allSatisfy { $0.caseNumber == mine })
        let icbcToday = try await h.control.controlLog(court: "", institution: "ICBC-SH", from: today.description, until: today.description,
                                                       pageSize: 0, pageToken: "", by: Harness.centre)
        #expect(icbcToday.requests.map(\.action) == [.freeze])
        let own = try await h.control.controlLog(court: "", institution: "ICBC-SH", from: today.description, until: today.description,
                                                 pageSize: 0, pageToken: "", by: Harness.icbc)
        #expect(own.requests.count == 1)

        for (court, institution, from, until, caller, code) in [
            ("沪0101", "", today.description, today.description, Harness.court0105, EnforcementError.Code.permissionDenied),
            ("", "CCB-SH", today.description, today.description, Harness.icbc, .permissionDenied),
            ("沪0105", "ICBC-SH", today.description, today.description, Harness.centre, .invalidArgument),
            ("沪0105", "", today.description, today.adding(days: -1).description, Harness.centre, .invalidArgument),
            ("沪0105", "", today.adding(days: -400).description, today.description, Harness.centre, .invalidArgument),
        ] {
            let error = await #expect(throws: EnforcementError.self) {
                _ = try await h.control.controlLog(court: court, institution: institution, from: from, until: until, pageSize: 0, pageToken: "", by: caller)
            }
            #expect(error?.code == code, "\(court) \(institution) \(from)–\(until): \(String(describing: error))")
        }
    }
}

@Suite("Asset control: the holder of an account, as the bank names it")
struct AccountHolderTests {
    /// A company and a person owe together; ICBC reports the person's account and the company's.
    func mixedCase(_ h: Harness) async throws -> (number: CaseNumber, personal: ControlRequest, corporate: ControlRequest) {
        let filing = FileCase(
            caseType: .first, titleKind: .litigation, titleDocument: "（2025）沪0105民初88号",
            applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X")],
            debtors: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: "91310000MA1FL8XQ37"),
                      PartyInput(isPerson: true, name: "李四", idNumber: "310105198005171236")],
            amountSoughtFen: sought, handlingJudge: "judge-li")
        let number = try await h.workflow.fileCase(filing, by: Harness.court0105, requestID: UUID().uuidString).number
        try await h.answerOpenQueries(number)
        var personal = Harness.deposit("6222-li", availableFen: 500_000)
        personal.ownerIDNumber = "310105198005171236"
        var corporate = Harness.deposit("6222-co", availableFen: 500_000)
        corporate.ownerIDNumber = "91310000MA1FL8XQ37"
        _ = try await h.requery(number, at: "ICBC-SH", holdings: [personal, corporate])
        let p = try await h.grant(try await h.freeze(number, asset: "6222-li", amountFen: 500_000))
        let c = try await h.grant(try await h.freeze(number, asset: "6222-co", amountFen: 500_000))
        return (number, p, c)
    }

    @Test("in a case against a company and a person, the floor is kept on the person's account only")
    func floorByHolder() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (_, personal, corporate) = try await mixedCase(h)
        #expect(personal.ownerIDNumber == "310105198005171236" && corporate.ownerIDNumber == "91310000MA1FL8XQ37")
        let fromPerson = try await h.control.deduct(DeductFrozen(freezeRequestID: personal.id, amountFen: 500_000, documentNumber: "d"),
                                                    by: Harness.court0105, requestID: "dp")
        #expect(fromPerson.amount?.fen == 500_000 - 151_000 && fromPerson.ownerIDNumber == "310105198005171236")
        let fromCompany = try await h.control.deduct(DeductFrozen(freezeRequestID: corporate.id, amountFen: 500_000, documentNumber: "d"),
                                                     by: Harness.court0105, requestID: "dc")
        #expect(fromCompany.amount?.fen == 500_000 && fromCompany.askedAmount == nil)
    }

    @Test("each debtor's public lookup shows the queries about both and the controls of its own accounts only")
    func partyViewByHolder() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let (number, personal, corporate) = try await mixedCase(h)
        func view(_ party: String) async throws -> PublicCaseView {
            let code = try await h.disclosure.issueCode(IssueAccessCode(caseNumber: number.description, party: party),
                                                        by: Harness.court0105, requestID: UUID().uuidString).code
            return try await h.disclosure.lookup(caseNumber: number.description, code: code, address: "ipv4:127.0.0.1:\(party.count)")
        }
        let company = try await view("debtor:0")
        let person = try await view("debtor:1")
        let queries = try await h.requests(number, .query).count
        #expect(company.controlRecords.filter { $0.action == .query }.count == queries)
        #expect(person.controlRecords.filter { $0.action == .query }.count == queries)
        #expect(company.controlRecords.filter { $0.action == .freeze }.map(\.amount) == [corporate.amount])
        #expect(person.controlRecords.filter { $0.action == .freeze }.count == 1)
        #expect(personal.ownerIDNumber != corporate.ownerIDNumber)
    }

    @Test("a holding naming someone the request does not name is refused, nothing written")
    func foreignHolder() async throws {
        let h = try await Harness(institutions: Harness.threeBanks)
        let number = try await h.fileCase(amountFen: sought)
        let query = try #require(try await h.requests(number, .query).first { $0.institution == "ICBC-SH" })
        var holding = Harness.deposit("6222-x", availableFen: 1)
        holding.ownerIDNumber = "310105198005171236"
        try await h.expectRefusal(.invalidArgument, field: "result.holdings[0].owner_id_number") {
            _ = try await h.control.answerQuery(AnswerQuery(controlRequestID: query.id, holdings: [holding]), by: Harness.icbc, requestID: "fh")
        }
    }
}
