import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

/// A seeded generator (SplitMix64), so a failing sequence is reproduced from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The simplest possible account of what the ledger should hold, kept beside the real one.
struct FundsModel {
    struct ReceiptState { var amount: Int64; var written: String; var account: EscrowAccountNumber?; var status: Receipt.Status; var transfer: String; var match: String? }
    struct PayoutState { var account: EscrowAccountNumber; var amount: Int64; var status: Payout.Status; var approvers: [String] }

    var posted: [EscrowAccountNumber: Int64] = [:]
    var reserved: [EscrowAccountNumber: Int64] = [:]
    var suspense: Int64 = 0
    var bank: Int64 = 0
    var receipts: [String: ReceiptState] = [:]
    var payouts: [String: PayoutState] = [:]

    func available(_ account: EscrowAccountNumber) -> Int64 { posted[account, default: 0] - reserved[account, default: 0] }
}

@Suite("Case funds: random sequences against a model")
struct FundsPropertyTests {
    /// Users of 沪0105 with the roles their tokens state; zhao holds both approving roles, so the model
    /// meets the same user offered at two stages.
    static let users: [CourtUser] = [
        CourtUser(id: "judge-li", roles: [.judge]), CourtUser(id: "chief-zhao", roles: [.bureauChief]),
        CourtUser(id: "finance-qian", roles: [.finance]), CourtUser(id: "clerk-sun", roles: [.clerk]),
        CourtUser(id: "zhao", roles: [.bureauChief, .finance]),
    ]

    @Test("1,000 random sequences of receipts, matches, payouts, approvals, rejections, failures and reversals agree with the model; invariants hold after every step")
    func randomSequences() async throws {
        // Sequences share a store in groups of 50 (each on its own case), so the bank mirror and
        // suspense carry over between them as they would in production.
        try await withThrowingTaskGroup(of: Void.self) { groups in
            for group in 0..<20 {
                groups.addTask {
                    let harness = try await Harness()
                    var model = FundsModel()
                    for seed in 1...50 {
                        try await run(seed: UInt64(group * 50 + seed), harness: harness, model: &model)
                    }
                    let check = try await harness.funds.check()
                    #expect(check.problems.isEmpty, "group \(group): \(check.problems)")
                    #expect(check.bank.fen == model.bank && check.suspense.fen == model.suspense, "group \(group): bank and suspense")
                }
            }
            try await groups.waitForAll()
        }
    }

    func run(seed: UInt64, harness: Harness, model: inout FundsModel) async throws {
        var random = SplitMix64(state: seed)
        var filing = Harness.filing(handlingJudge: "judge-li")
        filing.debtors.append(PartyInput(isPerson: true, name: "李四", idNumber: "11010519491231002X"))
        let number = try await harness.workflow.fileCase(filing, by: Harness.court0105, requestID: "file-\(seed)").number
        let accounts = try await harness.funds.balance(number.description, by: Harness.court0105).accounts.compactMap(\.number)
        model.receipts = [:]
        model.payouts = [:]
        var counter = 0
        func id(_ prefix: String) -> String { counter += 1; return "\(prefix)-\(seed)-\(counter)" }
        let court = { (user: String) in Harness.as0105(user) }

        for step in 0..<15 {
            let roll = Int.random(in: 0..<100, using: &random)
            let context = "seed \(seed) step \(step) roll \(roll)"
            switch roll {
            case 0..<30:  // a new receipt, to a valid account or to a mistyped one
                let amount = Int64.random(in: 1...2_000_000, using: &random)
                let account = Bool.random(using: &random) || Bool.random(using: &random) ? accounts.randomElement(using: &random) : nil
                // A mistyped number: one digit of a real account changed (the check digit must catch it).
                var typo = Array(accounts.randomElement(using: &random)!.digits)
                let position = Int.random(in: 2..<16, using: &random)
                typo[position] = Character(String((typo[position].wholeNumberValue! + Int.random(in: 1...9, using: &random)) % 10))
                let written = account?.description ?? String(typo)
                let transaction = id("IN")
                let receipt = try await harness.receive(amount, into: written, id: transaction)
                let expected: Receipt.Status = EscrowAccountNumber(written: written).flatMap { accounts.contains($0) ? $0 : nil } == nil ? .suspense : .credited
                #expect(receipt.status == expected, "\(context)")
                model.bank += amount
                if let target = receipt.escrowAccount { model.posted[target, default: 0] += amount } else { model.suspense += amount }
                model.receipts[transaction] = .init(amount: amount, written: written, account: receipt.escrowAccount, status: receipt.status, transfer: receipt.transferID)
            case 30..<38:  // a repeated report: identical (harmless) or altered (refused)
                guard let (transaction, state) = model.receipts.randomElement(using: &random) else { continue }
                let altered = Bool.random(using: &random)
                let result = await Self.outcome {
                    try await harness.funds.reportReceipt(
                        ReportReceipt(bankTransactionID: transaction, payerName: "上海某某贸易有限公司", payerAccount: "6222020000000001",
                                      amountFen: state.amount + (altered ? 1 : 0), accountWritten: state.written, receivedAt: Harness.iso(harness.clock.now())),
                        by: Harness.custodian, requestID: UUID().uuidString)
                }
                if altered {
                    #expect(Self.code(result) == .alreadyExists, "\(context)")
                } else {
                    #expect((try? result.get())?.bankTransactionID == transaction, "\(context): an identical repeat is harmless")
                }
            case 38..<48:  // match a receipt to an account
                guard let (transaction, state) = model.receipts.randomElement(using: &random), let account = accounts.randomElement(using: &random) else { continue }
                let result = await Self.outcome {
                    try await harness.funds.match(MatchReceipt(bankTransactionID: transaction, escrowAccount: account.description, note: "核实"), by: Harness.centre, requestID: id("m"))
                }
                if state.status == .suspense {
                    let receipt = try #require(try? result.get(), "\(context)")
                    model.suspense -= state.amount
                    model.posted[account, default: 0] += state.amount
                    model.receipts[transaction]!.status = .matched
                    model.receipts[transaction]!.account = account
                    model.receipts[transaction]!.match = receipt.matchTransferID
                } else {
                    #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            case 48..<68:  // propose a payout, sometimes above what is available
                guard let account = accounts.randomElement(using: &random) else { continue }
                let available = model.available(account)
                let amount = Int64.random(in: 1...max(1, available + available / 2 + 10), using: &random)
                let result = await Self.outcome { try await harness.propose(number, account, fen: amount, user: "judge-li") }
                if amount <= available {
                    let payout = try #require(try? result.get(), "\(context)")
                    model.reserved[account, default: 0] += amount
                    model.payouts[payout.id] = .init(account: account, amount: amount, status: .awaitingBureauChief, approvers: ["judge-li"])
                } else {
                    #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            case 68..<83:  // approve at a random stage by a random user
                guard let (payoutID, state) = model.payouts.randomElement(using: &random) else { continue }
                let stage: ApprovalStage = Bool.random(using: &random) ? .bureauChief : .finance
                let user = Self.users.randomElement(using: &random)!
                let result = await Self.outcome {
                    try await harness.funds.approve(ApprovePayout(payoutID: payoutID, stage: stage),
                                                    by: Caller(principal: Harness.court0105.principal, user: user), requestID: id("a"))
                }
                let awaited: ApprovalStage? = state.status == .awaitingBureauChief ? .bureauChief : state.status == .awaitingFinance ? .finance : nil
                // The stage's role (bureau_chief, finance), then the stage awaited, then a user new to the chain.
                if !user.holds(stage == .finance ? .finance : .bureauChief) {
                    #expect(Self.code(result) == .permissionDenied, "\(context)")
                } else if stage != awaited {
                    #expect(Self.code(result) == .failedPrecondition, "\(context)")
                } else if state.approvers.contains(user.id) {
                    #expect(Self.code(result) == .permissionDenied, "\(context)")
                } else {
                    #expect((try? result.get()) != nil, "\(context)")
                    model.payouts[payoutID]!.status = stage == .finance ? .approved : .awaitingFinance
                    model.payouts[payoutID]!.approvers.append(user.id)
                }
            case 83..<92:  // the bank executes a payout
                guard let (payoutID, state) = model.payouts.randomElement(using: &random) else { continue }
                let result = await Self.outcome {
                    try await harness.funds.confirm(ConfirmPayout(payoutID: payoutID, bankTransactionID: "OUT-\(payoutID)"), by: Harness.custodian, requestID: id("c"))
                }
                switch state.status {
                case .approved:
                    #expect((try? result.get())?.status == .paid, "\(context)")
                    model.payouts[payoutID]!.status = .paid
                    model.reserved[state.account]! -= state.amount
                    model.posted[state.account]! -= state.amount
                    model.bank -= state.amount
                case .paid: #expect((try? result.get())?.status == .paid, "\(context)")
                default: #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            case 92..<96:  // the bank cannot execute a payout
                guard let (payoutID, state) = model.payouts.randomElement(using: &random) else { continue }
                let result = await Self.outcome {
                    try await harness.funds.fail(FailPayout(payoutID: payoutID, reason: "账户冻结"), by: Harness.custodian, requestID: id("f"))
                }
                switch state.status {
                case .approved:
                    #expect((try? result.get())?.status == .failed, "\(context)")
                    model.payouts[payoutID]!.status = .failed
                    model.reserved[state.account]! -= state.amount
                case .failed: #expect((try? result.get())?.status == .failed, "\(context)")
                default: #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            case 96..<98:  // a step of the chain rejects (or the judge withdraws)
                guard let (payoutID, state) = model.payouts.randomElement(using: &random) else { continue }
                let user = Self.users.randomElement(using: &random)!
                let result = await Self.outcome {
                    try await harness.funds.reject(RejectPayout(payoutID: payoutID, reason: "不予批准"),
                                                   by: Caller(principal: Harness.court0105.principal, user: user), requestID: id("x"))
                }
                let awaitedRole: UserRole? = state.status == .awaitingBureauChief ? .bureauChief : state.status == .awaitingFinance ? .finance : nil
                if let awaitedRole, !user.holds(awaitedRole), user.id != "judge-li" {
                    // Only the awaited stage refuses, or the proposing judge withdraws.
                    #expect(Self.code(result) == .permissionDenied, "\(context)")
                } else if awaitedRole != nil {
                    #expect((try? result.get())?.status == .rejected, "\(context)")
                    model.payouts[payoutID]!.status = .rejected
                    model.reserved[state.account]! -= state.amount
                } else {
                    #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            default:  // reverse a receipt or a match
                guard let (transaction, state) = model.receipts.randomElement(using: &random) else { continue }
                let reverseMatch = Bool.random(using: &random)
                guard let transfer = reverseMatch ? state.match : state.transfer else { continue }
                let result = await Self.outcome {
                    try await harness.funds.reverse(ReverseTransfer(transferID: transfer, reason: "更正"), by: court("clerk-sun"), requestID: id("r"))
                }
                let holds = reverseMatch ? state.status == .matched : state.status == .credited
                if holds, let account = state.account, model.available(account) >= state.amount {
                    #expect((try? result.get()) != nil, "\(context)")
                    model.posted[account]! -= state.amount
                    if reverseMatch {
                        model.suspense += state.amount
                        model.receipts[transaction]!.status = .suspense
                        model.receipts[transaction]!.account = nil
                        model.receipts[transaction]!.match = nil
                    } else {
                        model.bank -= state.amount
                        model.receipts[transaction]!.status = .reversed
                    }
                } else if !reverseMatch && (state.match != nil || state.status == .suspense) {
                    // The receipt's own transfer went to suspense: it is the command centre's, not the court's (issue 12, finding 5).
                    #expect(Self.code(result) == .notFound, "\(context): a suspense receipt is corrected by matching")
                } else {
                    #expect(Self.code(result) == .failedPrecondition, "\(context)")
                }
            }
            try await Self.compare(model, harness, accounts, context)
        }
    }

    static func compare(_ model: FundsModel, _ harness: Harness, _ accounts: [EscrowAccountNumber], _ context: String) async throws {
        for account in accounts {
            let stored = try await harness.account(account)
            #expect(stored.balance.fen == model.posted[account, default: 0], "\(context): balance of \(account)")
            #expect(stored.available.fen == model.available(account), "\(context): available of \(account)")
        }
        let totals = try await harness.store.read { try $0.ledger.totals() }
        #expect(LedgerInvariants.violations(in: totals).isEmpty, "\(context): \(LedgerInvariants.violations(in: totals))")
        let bank = try await harness.store.read { try #require(try $0.ledger.account(LedgerAccount.bankID)) }
        let suspense = try await harness.store.read { try #require(try $0.ledger.account(LedgerAccount.suspenseID)) }
        #expect(bank.balance.fen == model.bank && suspense.balance.fen == model.suspense, "\(context): bank and suspense")
    }

    static func outcome<T>(_ body: () async throws -> T) async -> Result<T, EnforcementError> {
        do { return .success(try await body()) } catch let error as EnforcementError { return .failure(error) } catch {
            return .failure(EnforcementError(.internalError, "\(error)"))
        }
    }

    static func code<T>(_ result: Result<T, EnforcementError>) -> EnforcementError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }
}
