import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

extension Harness {
    /// Files a case and returns it with its first escrow account.
    func fundedCase(receiptFen: Int64? = nil) async throws -> (number: CaseNumber, account: EscrowAccountNumber) {
        // judge-li handles the case: the judge stage of its payouts is theirs (or a clerk's on their behalf).
        let number = try await workflow.fileCase(Harness.filing(handlingJudge: "judge-li"), by: Harness.court0105, requestID: UUID().uuidString).number
        let account = try #require(try await funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        if let receiptFen { _ = try await receive(receiptFen, into: account.description) }
        return (number, account)
    }

    func receive(_ fen: Int64, into written: String, id: String = UUID().uuidString, payer: String = "上海某某贸易有限公司",
                 reference: String = "") async throws -> Receipt {
        try await funds.reportReceipt(
            ReportReceipt(bankTransactionID: id, payerName: payer, payerAccount: "6222020000000001", amountFen: fen,
                          accountWritten: written, reference: reference, receivedAt: Self.iso(clock.now())),
            by: Harness.custodian, requestID: UUID().uuidString)
    }

    func propose(_ number: CaseNumber, _ account: EscrowAccountNumber, fen: Int64, user: String = "judge-li",
                 purpose: PayoutPurpose = .payee) async throws -> Payout {
        try await funds.propose(
            ProposePayout(caseNumber: number.description, escrowAccount: account.description, purpose: purpose, payeeName: "张三",
                          payeeAccount: "6217000000000002", payeeBank: "建设银行上海分行", amountFen: fen),
            by: Harness.as0105(user), requestID: UUID().uuidString)
    }

    func approve(_ payout: Payout, _ stage: ApprovalStage, user: String) async throws -> Payout {
        try await approve(payout, stage, as: Harness.as0105(user))
    }

    func approve(_ payout: Payout, _ stage: ApprovalStage, as caller: Caller) async throws -> Payout {
        try await funds.approve(ApprovePayout(payoutID: payout.id, stage: stage), by: caller, requestID: UUID().uuidString)
    }

    func approveFully(_ payout: Payout) async throws -> Payout {
        let chief = try await approve(payout, .bureauChief, user: "chief-zhao")
        return try await approve(chief, .finance, user: "finance-qian")
    }

    func account(_ number: EscrowAccountNumber) async throws -> LedgerAccount {
        try await store.read { try #require(try $0.ledger.account(LedgerAccount.escrowID(number))) }
    }

    func transferCount() async throws -> Int {
        try await store.read { try $0.ledger.transfers(account: nil, caseNumber: nil, after: 0, limit: 1_000_000).count }
    }

    /// Asserts `body` fails with `code` and writes nothing: journal and transfers unchanged, ledger sound.
    func expectFundsRefusal(_ code: EnforcementError.Code, field: String? = nil, _ body: () async throws -> Void,
                            sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let journal = try await journalCount()
        let transfers = try await transferCount()
        let error = await #expect(throws: EnforcementError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let field { #expect(error?.field == field, "\(String(describing: error))", sourceLocation: sourceLocation) }
        #expect(try await journalCount() == journal, "nothing journaled", sourceLocation: sourceLocation)
        #expect(try await transferCount() == transfers, "no transfer written", sourceLocation: sourceLocation)
        let check = try await funds.check()
        #expect(check.problems.isEmpty, "\(check.problems)", sourceLocation: sourceLocation)
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}

@Suite("Case funds: escrow accounts and receipts")
struct FundsReceiptTests {
    @Test("filing opens one escrow account per debtor (一案一人一账号), each number with a valid check digit")
    func accountsAtFiling() async throws {
        let harness = try await Harness()
        var filing = Harness.filing()
        filing.debtors.append(PartyInput(isPerson: true, name: "李四", idNumber: "11010519491231002X"))
        let number = try await harness.workflow.fileCase(filing, by: Harness.court0105, requestID: "two-debtors").number
        let balance = try await harness.funds.balance(number.description, by: Harness.court0105)
        #expect(balance.accounts.map(\.holder) == ["上海某某贸易有限公司", "李四"])
        let numbers = balance.accounts.compactMap(\.number)
        #expect(Set(numbers).count == 2)
        for account in numbers { #expect(EscrowAccountNumber(written: account.digits) == account) }
        #expect(balance.accounts.allSatisfy { $0.balance == Money(fen: 0) })
        #expect(balance.enforcementFee == Money(fen: 140_000), "fee on 100,000 RMB is 1,400 RMB")
        let other = try await harness.funds.openAccount(OpenEscrowAccount(caseNumber: number.description, payerName: "担保人王五"),
                                                        by: Harness.court0105, requestID: "guarantor")
        #expect(other.caseNumber == number && other.holder == "担保人王五")
    }

    @Test("a receipt with a valid number credits that case's escrow account, records the node and the outbox in the same write")
    func creditedReceipt() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase()
        let receipt = try await harness.receive(5_000_000, into: account.description, id: "BOC-20260310-1")
        #expect(receipt.status == .credited && receipt.caseNumber == number && receipt.escrowAccount == account)
        #expect(try await harness.account(account).balance == Money(fen: 5_000_000))
        let nodes = try await harness.workflow.timeline(number.description, by: Harness.court0105).map(\.nodeCode)
        #expect(nodes.contains("funds_received"))
        let outbox = try await harness.funds.outbox(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(outbox.map(\.recipient) == [.handlingJudge, .applicant, .debtor])
        #expect(outbox.allSatisfy { $0.reference == "BOC-20260310-1" && $0.template == "funds_received" && $0.text.contains("50000.00") })
        #expect(outbox[1].phone == "13812345678")
        #expect(try await harness.funds.check().problems.isEmpty)
    }

    @Test("a number with one wrong digit or two swapped digits goes to suspense, never to another case")
    func typoToSuspense() async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        let (_, second) = try await harness.fundedCase()
        var digits = Array(account.digits)
        digits[9] = digits[9] == "9" ? "0" : Character(String(digits[9].wholeNumberValue! + 1))
        let wrong = try await harness.receive(100, into: String(digits))
        #expect(wrong.status == .suspense && wrong.caseNumber == nil)
        var swapped = Array(second.digits)
        if let index = (2..<15).first(where: { swapped[$0] != swapped[$0 + 1] }) { swapped.swapAt(index, index + 1) }
        let transposed = try await harness.receive(200, into: String(swapped))
        #expect(transposed.status == .suspense)
        let blank = try await harness.receive(300, into: "")
        #expect(blank.status == .suspense)
        #expect(try await harness.account(account).balance == Money(fen: 0))
        #expect(try await harness.account(second).balance == Money(fen: 0))
        let suspense = try await harness.funds.receipts(caseNumber: nil, status: .suspense, after: 0, limit: 0, by: Harness.centre)
        #expect(suspense.map(\.amount.fen) == [100, 200, 300])
        // Issue 12, finding 3: suspense items whose reference names no case are the command centre's only.
        #expect(try await harness.funds.receipts(caseNumber: nil, status: .suspense, after: 0, limit: 0, by: Harness.court0101).isEmpty)
    }

    // Issue 12, finding 3: ¥7,777 referenced to 沪0105's case must not be seen by 沪0101 nor matched into its own case.
    @Test("a suspense item belongs to the command centre and the court its reference names; another court neither sees nor matches it")
    func suspenseOfAnotherCourt() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase()
        let foreignNumber = try await harness.fileCase(by: Harness.court0101)
        let foreignAccount = try #require(try await harness.funds.balance(foreignNumber.description, by: Harness.court0101).accounts.first?.number)
        _ = try await harness.receive(777_700, into: "?", id: "BOC-7777", reference: "\(number)案款")
        #expect(try await harness.funds.receipts(caseNumber: nil, status: .suspense, after: 0, limit: 0, by: Harness.court0101).isEmpty)
        #expect(try await harness.funds.suspense(asOf: harness.clock.now(), by: Harness.court0101).isEmpty)
        #expect(try await harness.funds.suspense(asOf: harness.clock.now(), by: Harness.court0105).map(\.bankTransactionID) == ["BOC-7777"])
        #expect(try await harness.funds.suspense(asOf: harness.clock.now(), by: Harness.centre).map(\.bankTransactionID) == ["BOC-7777"])
        try await harness.expectFundsRefusal(.notFound, field: "bank_transaction_id") {
            _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-7777", escrowAccount: foreignAccount.description, note: "我院案件"),
                                              by: Harness.court0101, requestID: "steal")
        }
        #expect(try await harness.account(foreignAccount).balance == Money(fen: 0))
        // The owning court needs a reason; the command centre may place it in any case.
        try await harness.expectFundsRefusal(.invalidArgument, field: "note") {
            _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-7777", escrowAccount: account.description),
                                              by: Harness.court0105, requestID: "m-no-reason")
        }
        let matched = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-7777", escrowAccount: account.description, note: "附言载明本案案号"),
                                                    by: Harness.court0105, requestID: "m-own")
        #expect(matched.status == .matched && matched.caseNumber == number)
        #expect(try await harness.account(account).balance == Money(fen: 777_700))
        // A court cannot name a foreign case's account either (NOT_FOUND, nothing foreign named).
        _ = try await harness.receive(100, into: "?", id: "BOC-8", reference: "\(foreignNumber)")
        let refusal = await #expect(throws: EnforcementError.self) {
            _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-8", escrowAccount: account.description, note: "x"),
                                              by: Harness.court0101, requestID: "m-foreign-account")
        }
        #expect(refusal?.code == .notFound && refusal?.message.contains("沪0105") == false, "\(String(describing: refusal))")
        let centre = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-8", escrowAccount: account.description, note: "指挥中心核实：付款人为本案被执行人"),
                                                   by: Harness.centre, requestID: "m-centre")
        #expect(centre.caseNumber == number)
    }

    // Issue 12, finding 9: 1,000 receipts of the old maximum (10^15 fen) filled the account totals and every
    // later receipt, even of 1 fen, was refused for good.
    @Test("one transfer moves at most ¥10 billion; 1,001 maximal receipts leave room for the next fen")
    func totalsCannotBeExhausted() async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        try await harness.expectFundsRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await harness.receive(Money.maximumTransfer.fen + 1, into: account.description)
        }
        try await harness.expectFundsRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await harness.receive(Money.maximum.fen, into: "?")
        }
        for index in 0..<1_001 { _ = try await harness.receive(Money.maximumTransfer.fen, into: "?", id: "MAX-\(index)") }
        let fen = try await harness.receive(1, into: account.description)
        #expect(fen.status == .credited)
        #expect(try await harness.funds.check().problems.isEmpty)
    }

    @Test("the same bank transaction reported again changes nothing; reported with another amount it is refused")
    func repeatedReceipt() async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        let first = try await harness.receive(7_000, into: account.description, id: "BOC-1")
        let again = try await harness.receive(7_000, into: account.description, id: "BOC-1")
        #expect(again == first)
        #expect(try await harness.account(account).balance == Money(fen: 7_000))
        try await harness.expectFundsRefusal(.alreadyExists, field: "bank_transaction_id") {
            _ = try await harness.receive(7_001, into: account.description, id: "BOC-1")
        }
        #expect(try await harness.account(account).balance == Money(fen: 7_000))
    }

    @Test("receipts with a bad amount, a future time, or from anyone but the custodian bank are refused, nothing written",
          arguments: [Int64(0), -5, Money.maximum.fen + 1])
    func badReceipts(_ fen: Int64) async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        try await harness.expectFundsRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await harness.receive(fen, into: account.description)
        }
        try await harness.expectFundsRefusal(.invalidArgument, field: "received_at") {
            _ = try await harness.funds.reportReceipt(
                ReportReceipt(bankTransactionID: "X", payerName: "甲", payerAccount: "1", amountFen: 1, accountWritten: account.description,
                              receivedAt: Harness.iso(harness.clock.now().addingTimeInterval(86_400))),
                by: Harness.custodian, requestID: UUID().uuidString)
        }
        try await harness.expectFundsRefusal(.permissionDenied) {
            _ = try await harness.funds.reportReceipt(
                ReportReceipt(bankTransactionID: "X", payerName: "甲", payerAccount: "1", amountFen: 1, accountWritten: account.description,
                              receivedAt: Harness.iso(harness.clock.now())),
                by: Harness.icbc, requestID: UUID().uuidString)
        }
    }

    @Test("staff of the owning court match a suspense item to a case; another court may not; a match is reversed back to suspense once")
    func matchAndReverse() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase()
        let item = try await harness.receive(12_345, into: "310000", id: "BOC-S1", reference: "\(number)")
        try await harness.expectFundsRefusal(.notFound) {
            _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-S1", escrowAccount: account.description, note: "x"),
                                              by: Harness.court0101, requestID: "m0")
        }
        let matched = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-S1", escrowAccount: account.description, note: "付款人电话确认"),
                                                    by: Harness.court0105, requestID: "m1")
        #expect(matched.status == .matched && matched.caseNumber == number && item.status == .suspense)
        #expect(try await harness.account(account).balance == Money(fen: 12_345))
        try await harness.expectFundsRefusal(.failedPrecondition, field: "bank_transaction_id") {
            _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "BOC-S1", escrowAccount: account.description, note: "again"),
                                              by: Harness.court0105, requestID: "m2")
        }
        let matchTransfer = try #require(matched.matchTransferID)
        let reversal = try await harness.funds.reverse(ReverseTransfer(transferID: matchTransfer, reason: "匹配错误"), by: Harness.court0105, requestID: "r1")
        #expect(reversal.reverses == matchTransfer && reversal.debit == LedgerAccount.escrowID(account))
        #expect(try await harness.account(account).balance == Money(fen: 0))
        #expect(try await harness.store.read { try $0.ledger.receipt("BOC-S1")?.status } == .suspense)
        try await harness.expectFundsRefusal(.failedPrecondition, field: "transfer_id") {
            _ = try await harness.funds.reverse(ReverseTransfer(transferID: matchTransfer, reason: "again"), by: Harness.court0105, requestID: "r2")
        }
    }

    @Test("a receipt referencing a deduction request of the case is linked to it")
    func deductionLinked() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase()
        let freeze = try await harness.control.freeze(
            FreezeAsset(caseNumber: number.description, institutionID: "ICBC-SH", assetKind: .deposit, assetIdentifier: "6222000011112222",
                        amountFen: 1_000_000, endOn: harness.clock.today().adding(months: 6).description, documentNumber: "（2026）沪0105执1号"),
            by: Harness.court0105, requestID: "f")
        _ = try await harness.grant(freeze)
        let deduction = try await harness.control.deduct(
            DeductFrozen(freezeRequestID: freeze.id, amountFen: 600_000, documentNumber: "（2026）沪0105执1号之一"),
            by: Harness.court0105, requestID: "d")
        let receipt = try await harness.funds.reportReceipt(
            ReportReceipt(bankTransactionID: "ICBC-DED-1", payerName: "工商银行（扣划）", payerAccount: "6222000011112222", amountFen: 600_000,
                          accountWritten: account.description, reference: "扣划 \(deduction.id)", receivedAt: Harness.iso(harness.clock.now())),
            by: Harness.custodian, requestID: "rd")
        #expect(receipt.deductionRequestID == deduction.id)
    }
}

@Suite("Case funds: payouts")
struct FundsPayoutTests {
    @Test("a payout goes judge → bureau chief → finance, is executed by the custodian bank, and leaves the ledger balanced")
    func fullChain() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 5_000_000)
        let proposed = try await harness.propose(number, account, fen: 3_000_000)
        #expect(proposed.status == .awaitingBureauChief && proposed.enforcementFee == Money(fen: 140_000))
        #expect(try await harness.account(account).available == Money(fen: 2_000_000), "the proposal reserves the amount")
        #expect(try await harness.account(account).balance == Money(fen: 5_000_000))
        let approved = try await harness.approveFully(proposed)
        #expect(approved.status == .approved && approved.approvals.map(\.stage) == [.judge, .bureauChief, .finance])
        let paid = try await harness.funds.confirm(ConfirmPayout(payoutID: approved.id, bankTransactionID: "BOC-OUT-1"),
                                                   by: Harness.custodian, requestID: "c1")
        #expect(paid.status == .paid)
        #expect(try await harness.account(account).balance == Money(fen: 2_000_000))
        let again = try await harness.funds.confirm(ConfirmPayout(payoutID: approved.id, bankTransactionID: "BOC-OUT-1"),
                                                    by: Harness.custodian, requestID: "c2")
        #expect(again.status == .paid)
        let check = try await harness.funds.check()
        #expect(check.problems.isEmpty && check.bank == Money(fen: 2_000_000) && check.escrow == Money(fen: 2_000_000))
        let outbox = try await harness.funds.outbox(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(outbox.filter { $0.template == "funds_paid_out" }.count == 3)
        #expect(try await harness.workflow.timeline(number.description, by: Harness.court0105).map(\.nodeCode).contains("funds_paid_out"))
    }

    @Test("a payout above the available balance is refused and nothing is written")
    func aboveBalance() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 1_000)
        try await harness.expectFundsRefusal(.failedPrecondition, field: "amount_fen") {
            _ = try await harness.propose(number, account, fen: 1_001)
        }
        _ = try await harness.propose(number, account, fen: 600)
        try await harness.expectFundsRefusal(.failedPrecondition, field: "amount_fen") {
            _ = try await harness.propose(number, account, fen: 401)
        }
        for fen in [Int64(0), -1, Money.maximum.fen + 1] {
            try await harness.expectFundsRefusal(.invalidArgument, field: "amount_fen") {
                _ = try await harness.propose(number, account, fen: fen)
            }
        }
    }

    @Test("approvals out of order, by the same user twice, or by another court are refused; an unapproved payout is not executed")
    func approvalRules() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        let payout = try await harness.propose(number, account, fen: 5_000, user: "judge-li")
        try await harness.expectFundsRefusal(.failedPrecondition, field: "stage") {
            _ = try await harness.approve(payout, .finance, user: "finance-qian")
        }
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(payout, .bureauChief, user: "judge-li")
        }
        try await harness.expectFundsRefusal(.notFound) {
            let otherChief = Caller(principal: Harness.court0101.principal, user: Harness.user("chief-wang"))
            _ = try await harness.funds.approve(ApprovePayout(payoutID: payout.id, stage: .bureauChief), by: otherChief, requestID: "x")
        }
        try await harness.expectFundsRefusal(.failedPrecondition, field: "payout_id") {
            _ = try await harness.funds.confirm(ConfirmPayout(payoutID: payout.id, bankTransactionID: "B1"), by: Harness.custodian, requestID: "x")
        }
        let chief = try await harness.approve(payout, .bureauChief, user: "chief-zhao")
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(chief, .finance, user: "chief-zhao")
        }
        try await harness.expectFundsRefusal(.failedPrecondition, field: "stage") {
            _ = try await harness.approve(chief, .bureauChief, user: "chief-sun")
        }
        try await harness.expectFundsRefusal(.permissionDenied) {
            _ = try await harness.funds.confirm(ConfirmPayout(payoutID: payout.id, bankTransactionID: "B1"), by: Harness.icbc, requestID: "x")
        }
        try await harness.expectFundsRefusal(.invalidArgument, field: "stage") {
            _ = try await harness.funds.approve(ApprovePayout(payoutID: payout.id, stage: nil), by: Harness.court0105, requestID: "x")
        }
    }

    @Test("case funds: judge, then bureau chief, then finance — each step by the role the court's token states, each by a different user")
    func separationOfDuties() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        let court = Harness.court0105.principal
        // Another judge of the court is not the handling judge; a bureau chief or finance does not propose.
        for id in ["judge-wang", "chief-zhao", "finance-qian"] {
            try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
                _ = try await harness.propose(number, account, fen: 1_000, user: id)
            }
        }
        // A clerk proposes on the handling judge's behalf, recorded as such.
        let payout = try await harness.propose(number, account, fen: 1_000, user: "clerk-sun")
        #expect(payout.approvals.first?.user == "clerk-sun" && payout.approvals.first?.onBehalfOf == "judge-li")
        // One person holding every role: the faked chain of three names is now one user id, refused at the second step.
        let everything = Caller(principal: court, user: CourtUser(id: "clerk-sun", name: "孙书记员", roles: [.clerk, .bureauChief, .finance]))
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(payout, .bureauChief, as: everything)
        }
        // The judge a clerk acted for takes no later step either.
        let judgeAndChief = Caller(principal: court, user: CourtUser(id: "judge-li", roles: [.judge, .bureauChief]))
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(payout, .bureauChief, as: judgeAndChief)
        }
        // Finance cannot approve at the bureau-chief stage, and the stage names the role, not the request.
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(payout, .bureauChief, user: "finance-qian")
        }
        let chiefAndFinance = Caller(principal: court, user: CourtUser(id: "zhao", name: "赵局长", roles: [.bureauChief, .finance]))
        let chief = try await harness.approve(payout, .bureauChief, as: chiefAndFinance)
        #expect(chief.approvals.last?.userName == "赵局长")
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.approve(chief, .finance, as: chiefAndFinance)
        }
        // Refusing belongs to the awaited stage (or the proposer withdrawing): a bureau chief cannot refuse at finance.
        try await harness.expectFundsRefusal(.permissionDenied, field: "authorization") {
            _ = try await harness.funds.reject(RejectPayout(payoutID: chief.id, reason: "x"), by: Harness.as0105("chief-sun"), requestID: UUID().uuidString)
        }
        let approved = try await harness.approve(chief, .finance, user: "finance-qian")
        #expect(approved.status == .approved)
        #expect(approved.approvals.map(\.user) == ["clerk-sun", "zhao", "finance-qian"])
        // The journal names each verified user.
        let journal = try await harness.store.journalEntries(after: 0, limit: 1_000)
        #expect(journal.suffix(3).map { $0.user ?? "" } == ["clerk-sun", "zhao", "finance-qian"])
        #expect(journal.suffix(3).map { $0.userName ?? "" } == ["clerk-sun", "赵局长", "finance-qian"])
        #expect(try await JournalVerifier.verify(harness.store).isIntact)
    }

    @Test("a payout of a case without a handling judge is refused until one is assigned")
    func noHandlingJudge() async throws {
        let harness = try await Harness()
        let number = try await harness.fileCase()
        let account = try #require(try await harness.funds.balance(number.description, by: Harness.court0105).accounts.first?.number)
        _ = try await harness.receive(5_000, into: account.description)
        try await harness.expectFundsRefusal(.failedPrecondition, field: "case_number") {
            _ = try await harness.propose(number, account, fen: 1_000)
        }
    }

    @Test("a payout the bank could not execute is voided and the balance restored; it cannot then be executed")
    func failedPayout() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        let approved = try await harness.approveFully(try await harness.propose(number, account, fen: 8_000))
        #expect(try await harness.account(account).available == Money(fen: 2_000))
        let failed = try await harness.funds.fail(FailPayout(payoutID: approved.id, reason: "收款账户已销户"), by: Harness.custodian, requestID: "f1")
        #expect(failed.status == .failed)
        #expect(try await harness.account(account).available == Money(fen: 10_000))
        try await harness.expectFundsRefusal(.failedPrecondition, field: "payout_id") {
            _ = try await harness.funds.confirm(ConfirmPayout(payoutID: approved.id, bankTransactionID: "B9"), by: Harness.custodian, requestID: "c")
        }
        let outbox = try await harness.funds.outbox(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(outbox.filter { $0.template == "funds_payout_failed" }.map(\.recipient) == [.handlingJudge])
    }

    @Test("a payout in the approval chain can be rejected (or withdrawn): the reservation is released; an approved one cannot")
    func rejectedPayout() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        let payout = try await harness.propose(number, account, fen: 9_000)
        let chief = Harness.as0105("chief-zhao")
        try await harness.expectFundsRefusal(.notFound) {
            _ = try await harness.funds.reject(RejectPayout(payoutID: payout.id, reason: "x"), by: Harness.court0101, requestID: "r0")
        }
        try await harness.expectFundsRefusal(.invalidArgument, field: "reason") {
            _ = try await harness.funds.reject(RejectPayout(payoutID: payout.id, reason: " "), by: chief, requestID: "r1")
        }
        let rejected = try await harness.funds.reject(RejectPayout(payoutID: payout.id, reason: "收款人账户有误"), by: chief, requestID: "r2")
        #expect(rejected.status == .rejected && rejected.failureReason == "收款人账户有误")
        #expect(try await harness.account(account).available == Money(fen: 10_000))
        try await harness.expectFundsRefusal(.failedPrecondition, field: "payout_id") {
            _ = try await harness.approve(rejected, .bureauChief, user: "chief-sun")
        }
        let approved = try await harness.approveFully(try await harness.propose(number, account, fen: 1_000))
        try await harness.expectFundsRefusal(.failedPrecondition, field: "payout_id") {
            _ = try await harness.funds.reject(RejectPayout(payoutID: approved.id, reason: "late"), by: chief, requestID: "r3")
        }
        #expect(try await harness.funds.check().problems.isEmpty)
    }

    @Test("the enforcement fee paid over is at most the fee on the amount sought (100,000 → 1,400)")
    func feeLimit() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 1_000_000)
        _ = try await harness.propose(number, account, fen: 100_000, purpose: .enforcementFee)
        try await harness.expectFundsRefusal(.invalidArgument, field: "amount_fen") {
            _ = try await harness.propose(number, account, fen: 40_001, purpose: .enforcementFee)
        }
        let rest = try await harness.approveFully(try await harness.propose(number, account, fen: 40_000, purpose: .enforcementFee))
        _ = try await harness.funds.confirm(ConfirmPayout(payoutID: rest.id, bankTransactionID: "FEE-1"), by: Harness.custodian, requestID: "c")
        #expect(try await harness.funds.check().problems.isEmpty)
    }
}

@Suite("Case funds: deadlines and reconciliation")
struct FundsDeadlineTests {
    @Test("a suspense item unmatched after 3 days raises one reminder; not on day 3")
    func suspenseReminder() async throws {
        let harness = try await Harness()
        _ = try await harness.receive(500, into: "nothing", id: "BOC-S9")
        harness.clock.advance(days: 3)
        #expect(try await harness.fundsMonitor.sweep().suspenseLate == 0)
        harness.clock.set(harness.clock.now().addingTimeInterval(60))
        #expect(try await harness.fundsMonitor.sweep().suspenseLate == 1)
        let journal = try await harness.journalCount()
        #expect(try await harness.fundsMonitor.sweep().suspenseLate == 0)
        #expect(try await harness.journalCount() == journal, "a repeated sweep writes nothing")
        let reminders = try await harness.funds.reminders(caseNumber: nil, after: 0, limit: 0, by: Harness.centre)
        #expect(reminders.map(\.kind) == [.suspenseUnmatched] && reminders[0].subject == "BOC-S9")
    }

    @Test("money held more than 30 days after arrival raises a reminder unless a listed reason is recorded")
    func payoutOverdue() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        harness.clock.advance(days: 30)
        #expect(try await harness.fundsMonitor.sweep().payoutsOverdue == 0, "day 30 is still within the limit")
        harness.clock.advance(days: 1)
        _ = try await harness.funds.hold(HoldPayouts(escrowAccount: account.description, reason: .distributionPending), by: Harness.court0105, requestID: "h1")
        #expect(try await harness.fundsMonitor.sweep().payoutsOverdue == 0, "a recorded reason suspends the limit")
        _ = try await harness.funds.hold(HoldPayouts(escrowAccount: account.description, reason: nil), by: Harness.court0105, requestID: "h2")
        #expect(try await harness.fundsMonitor.sweep().payoutsOverdue == 1)
        #expect(try await harness.fundsMonitor.sweep().payoutsOverdue == 0)
        let reminders = try await harness.funds.reminders(caseNumber: number.description, after: 0, limit: 0, by: Harness.court0105)
        #expect(reminders.map(\.kind) == [.payoutOverdue])
        // Once the money is paid out (or reserved) nothing is overdue any more.
        _ = try await harness.propose(number, account, fen: 10_000)
        let second = try await harness.fundedCase(receiptFen: 1)
        harness.clock.advance(days: 31)
        #expect(try await harness.fundsMonitor.sweep().payoutsOverdue == 1, "only the second case's money is late")
        _ = second
    }

    @Test("a statement that agrees with the ledger reconciles with no differences")
    func reconcileClean() async throws {
        let harness = try await Harness()
        let (number, account) = try await harness.fundedCase()
        _ = try await harness.receive(5_000_000, into: account.description, id: "IN-1")
        _ = try await harness.receive(1_234, into: "bad", id: "IN-2")
        let payout = try await harness.approveFully(try await harness.propose(number, account, fen: 1_000_000))
        _ = try await harness.funds.confirm(ConfirmPayout(payoutID: payout.id, bankTransactionID: "OUT-1"), by: Harness.custodian, requestID: "c")
        let day = harness.clock.today()
        let statement = """
            date,transaction_id,direction,amount,counterparty,reference
            \(day),IN-1,in,50000.00,上海某某贸易有限公司,\(account)
            \(day),IN-2,in,12.34,某人,bad
            \(day),OUT-1,out,10000,张三,P00000001
            """
        let report = try await harness.funds.reconcile(statement: statement)
        #expect(report.differences.isEmpty && report.matched == 3 && report.lines == 3)
    }

    @Test("every difference is reported: missing on either side, another amount, another direction")
    func reconcileDifferences() async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        _ = try await harness.receive(5_000, into: account.description, id: "IN-1")
        _ = try await harness.receive(6_000, into: account.description, id: "IN-2")
        _ = try await harness.receive(7_000, into: account.description, id: "IN-3")
        let day = harness.clock.today()
        let statement = """
            \(day),IN-1,in,50.01,甲,x
            \(day),IN-2,out,60,甲,x
            \(day),IN-9,in,1,乙,x
            """
        let report = try await harness.funds.reconcile(statement: statement)
        let kinds = Dictionary(report.differences.map { ($0.transactionID, $0.kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds == ["IN-1": .amountDiffers, "IN-2": .directionDiffers, "IN-9": .missingInLedger, "IN-3": .missingInStatement])
    }

    @Test("a statement line that does not parse is refused naming its line",
          arguments: ["2026-03-10,T1,in,12.345,a,b", "2026-13-10,T1,in,1,a,b", "2026-03-10,T1,sideways,1,a,b", "2026-03-10,T1,in,1,a",
                      "2026-03-10,T1,in,-1,a,b", "2026-03-10,T1,in,0,a,b", "2026-03-10,T1,in,99999999999999999999,a,b"])
    func badStatement(_ line: String) async throws {
        let harness = try await Harness()
        let error = await #expect(throws: EnforcementError.self) {
            _ = try await harness.funds.reconcile(statement: "2026-03-10,T0,in,1.00,a,b\n" + line)
        }
        #expect(error?.code == .invalidArgument && error?.field == "statement" && error?.message.hasPrefix("line 2:") == true, "\(String(describing: error))")
    }

    // Issue 12, finding 11: a reconciliation read up to a million receipts and every paid payout ever.
    @Test("a statement covers at most 31 days")
    func statementPeriod() async throws {
        let harness = try await Harness()
        let error = await #expect(throws: EnforcementError.self) {
            _ = try await harness.funds.reconcile(statement: "2026-01-01,T0,in,1.00,a,b\n2026-03-10,T1,in,1.00,a,b")
        }
        #expect(error?.code == .invalidArgument && error?.field == "statement", "\(String(describing: error))")
        _ = try await harness.funds.reconcile(statement: "2026-02-07,T0,in,1.00,a,b\n2026-03-10,T1,in,1.00,a,b")
    }

    @Test("the month-end suspense report shows items received by then and not matched by then")
    func monthEndSuspense() async throws {
        let harness = try await Harness()
        let (_, account) = try await harness.fundedCase()
        _ = try await harness.receive(100, into: "?", id: "S-1")
        _ = try await harness.receive(200, into: "?", id: "S-2")
        let monthEnd = harness.clock.now().addingTimeInterval(3600)
        harness.clock.advance(days: 1)
        _ = try await harness.funds.match(MatchReceipt(bankTransactionID: "S-1", escrowAccount: account.description, note: "核实"), by: Harness.centre, requestID: "m")
        _ = try await harness.receive(300, into: "?", id: "S-3")
        #expect(try await harness.funds.suspense(asOf: monthEnd, by: Harness.centre).map(\.bankTransactionID) == ["S-1", "S-2"])
        #expect(try await harness.funds.suspense(asOf: harness.clock.now(), by: Harness.centre).map(\.bankTransactionID) == ["S-2", "S-3"])
    }
}
