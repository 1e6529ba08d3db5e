public import Foundation

/// What an account of the case-funds ledger is for.
public enum AccountKind: String, Codable, Sendable, CaseIterable {
    /// One sub-account per (case, payer), with its own account number; never below zero.
    case escrow
    /// Receipts that match no case, until staff match them.
    case suspense
    /// One per payee: what was paid out to it (drained to the bank when the payout is executed).
    case payable
    /// The enforcement fee collected for the court (drained to the bank when paid over).
    case feeIncome = "fee_income"
    /// The mirror of the custodian bank's real account: the money the bank holds.
    case bank
}

/// An account of the ledger with its running totals in fen.
///
/// The bank mirror is debit-normal (money in the bank is a debit); every other account is
/// credit-normal (money held for someone is a credit). Pending amounts are reserved but not moved.
public struct LedgerAccount: Hashable, Codable, Sendable {
    public var id: String
    public var kind: AccountKind
    /// The case an escrow account belongs to.
    public var caseNumber: CaseNumber?
    /// The escrow account number payers write.
    public var number: EscrowAccountNumber?
    /// The payer (escrow) or payee (payable) the account is kept for.
    public var holder: String?
    public var debitsPosted: Int64 = 0
    public var creditsPosted: Int64 = 0
    public var debitsPending: Int64 = 0
    public var creditsPending: Int64 = 0
    /// A listed reason why an escrow account's money is not paid out within 30 days.
    public var hold: PayoutHold?
    public var openedAt: Date

    public static let suspenseID = "suspense"
    public static let feeIncomeID = "fee_income"
    public static let bankID = "bank"

    public static func escrowID(_ number: EscrowAccountNumber) -> String { "escrow:\(number)" }
    public static func payableID(payeeAccount: String) -> String { "payable:\(payeeAccount)" }

    public init(id: String, kind: AccountKind, caseNumber: CaseNumber? = nil, number: EscrowAccountNumber? = nil,
                holder: String? = nil, openedAt: Date) {
        self.id = id
        self.kind = kind
        self.caseNumber = caseNumber
        self.number = number
        self.holder = holder
        self.openedAt = openedAt
    }

    /// The posted balance on the account's normal side.
    public var balance: Money {
        Money(fen: kind == .bank ? debitsPosted - creditsPosted : creditsPosted - debitsPosted)
    }

    /// What may still be paid out of the account: the posted balance less pending debits.
    public var available: Money {
        Money(fen: creditsPosted - debitsPosted - debitsPending)
    }
}

/// Why an escrow account's money may stay longer than 30 days (the listed reasons).
public enum PayoutHoldReason: String, Codable, Sendable, CaseIterable {
    /// 多个债权人参与分配，分配方案未定
    case distributionPending = "distribution_pending"
    /// 款项在其他案件中被冻结
    case frozenInAnotherCase = "frozen_in_another_case"
    /// 申请人未领取
    case payeeNotCollecting = "payee_not_collecting"
    /// 案件中止执行
    case caseSuspended = "case_suspended"
}

public struct PayoutHold: Hashable, Codable, Sendable {
    public var reason: PayoutHoldReason
    public var note: String?
    public var recordedBy: String
    public var at: Date

    public init(reason: PayoutHoldReason, note: String? = nil, recordedBy: String, at: Date) {
        self.reason = reason
        self.note = note
        self.recordedBy = recordedBy
        self.at = at
    }
}

/// What a transfer records.
public enum TransferKind: String, Codable, Sendable {
    /// Money arrived at the bank for an escrow account or for suspense.
    case receipt
    /// A suspense item matched to a case.
    case match
    /// A payout from an escrow account to a payee (or the fee), pending until executed.
    case payout
    /// The payee's or fee account's money leaving the bank as the executed payout.
    case disbursement
    /// The correction of an earlier transfer.
    case reversal
}

/// How a pending transfer ended; each pending transfer ends exactly once.
public enum PendingResolution: String, Codable, Sendable {
    case posted
    case voided
}

/// One immutable movement of money between two accounts.
public struct Transfer: Hashable, Codable, Sendable {
    public var position: Int64
    public var id: String
    public var debit: String
    public var credit: String
    public var amount: Money
    public var kind: TransferKind
    /// A pending transfer reserves the amount on both accounts until it is posted or voided.
    public var pending: Bool
    /// For a transfer that posts or voids a pending one: that transfer's id and how it ended.
    public var resolves: String?
    public var resolution: PendingResolution?
    /// For a reversal: the transfer it corrects.
    public var reverses: String?
    public var caseNumber: CaseNumber?
    /// The receipt (bank transaction id) or payout id this transfer belongs to.
    public var reference: String?
    public var note: String?
    public var at: Date

    public static func id(position: Int64) -> String { String(format: "T%010lld", position) }

    public init(debit: String, credit: String, amount: Money, kind: TransferKind, pending: Bool = false,
                resolves: String? = nil, resolution: PendingResolution? = nil, reverses: String? = nil,
                caseNumber: CaseNumber?, reference: String?, note: String? = nil, at: Date) {
        self.position = 0
        self.id = ""
        self.debit = debit
        self.credit = credit
        self.amount = amount
        self.kind = kind
        self.pending = pending
        self.resolves = resolves
        self.resolution = resolution
        self.reverses = reverses
        self.caseNumber = caseNumber
        self.reference = reference
        self.note = note
        self.at = at
    }
}

/// The rules of the ledger, applied to a batch of linked transfers: all of them apply, or none.
///
/// Every transfer is checked against the accounts as the earlier transfers of the batch left
/// them: positive amount, two different existing accounts, no escrow account below zero (counting
/// pending debits), no total overflowing; a pending transfer is resolved only once.
struct LedgerBatch {
    let tx: any StoreTransaction
    private var accounts: [String: LedgerAccount] = [:]
    private var drafts: [Transfer] = []
    private var resolved: Set<String> = []

    init(_ tx: any StoreTransaction) { self.tx = tx }

    mutating func account(_ id: String) throws -> LedgerAccount {
        if let known = accounts[id] { return known }
        guard let stored = try tx.ledger.account(id) else {
            throw EnforcementError(.notFound, field: "account", "ledger account \(id) does not exist")
        }
        accounts[id] = stored
        return stored
    }

    /// Adds a transfer to the batch after checking it against the balances so far.
    mutating func add(_ transfer: Transfer) throws {
        guard transfer.amount.fen > 0, transfer.amount <= Money.maximumTransfer else {
            throw EnforcementError.invalid("amount_fen", "a transfer moves a positive amount of at most \(Money.maximumTransfer.fen) fen (¥10 billion), got \(transfer.amount.fen)")
        }
        guard transfer.debit != transfer.credit else {
            throw EnforcementError(.internalError, "a transfer needs two different accounts, got \(transfer.debit) twice")
        }
        var debit = try account(transfer.debit)
        var credit = try account(transfer.credit)
        let amount = transfer.amount.fen
        if let pendingID = transfer.resolves {
            guard !resolved.contains(pendingID), try tx.ledger.resolution(ofPending: pendingID) == nil else {
                throw EnforcementError.precondition("pending transfer \(pendingID) was already posted or voided")
            }
            resolved.insert(pendingID)
            debit.debitsPending -= amount
            credit.creditsPending -= amount
            guard debit.debitsPending >= 0, credit.creditsPending >= 0 else {
                throw EnforcementError(.internalError, "resolving \(pendingID) would make a pending total negative")
            }
            if transfer.resolution == .posted {
                try Self.add(amount, to: &debit.debitsPosted)
                try Self.add(amount, to: &credit.creditsPosted)
            }
        } else if transfer.pending {
            try Self.add(amount, to: &debit.debitsPending)
            try Self.add(amount, to: &credit.creditsPending)
        } else {
            try Self.add(amount, to: &debit.debitsPosted)
            try Self.add(amount, to: &credit.creditsPosted)
        }
        if debit.kind == .escrow, debit.available.fen < 0 {
            throw EnforcementError.precondition(
                "escrow account \(debit.number?.description ?? debit.id) holds \(Money(fen: debit.available.fen + amount)) available; it cannot pay \(transfer.amount)",
                field: "amount_fen")
        }
        accounts[debit.id] = debit
        accounts[credit.id] = credit
        drafts.append(transfer)
    }

    static func add(_ amount: Int64, to total: inout Int64) throws {
        let (sum, overflow) = total.addingReportingOverflow(amount)
        guard !overflow else {
            throw EnforcementError.invalid("amount_fen", "the amount would overflow an account total")
        }
        total = sum
    }

    /// Writes the batch: the transfers with their positions, then the changed accounts; then
    /// checks the ledger-wide invariants inside the same transaction.
    mutating func commit() throws -> [Transfer] {
        var written: [Transfer] = []
        for draft in drafts { written.append(try tx.ledger.insert(draft)) }
        for account in accounts.values { try tx.ledger.update(account) }
        drafts = []
        let problems = try LedgerInvariants.violations(in: tx.ledger.totals())
        guard problems.isEmpty else {
            throw EnforcementError(.internalError, "the ledger would break its invariants: \(problems.joined(separator: "; "))")
        }
        return written
    }
}

/// The sums over all accounts, by kind, as the store keeps them.
public struct LedgerTotals: Hashable, Codable, Sendable {
    public struct Sums: Hashable, Codable, Sendable {
        public var debitsPosted: Int64 = 0
        public var creditsPosted: Int64 = 0
        public var debitsPending: Int64 = 0
        public var creditsPending: Int64 = 0
        public init() {}
    }

    public var byKind: [AccountKind: Sums]
    /// Escrow accounts whose posted credits less posted and pending debits are below zero.
    public var negativeEscrowAccounts: [String]

    public init(byKind: [AccountKind: Sums], negativeEscrowAccounts: [String]) {
        self.byKind = byKind
        self.negativeEscrowAccounts = negativeEscrowAccounts
    }

    func sums(_ kind: AccountKind) -> Sums { byKind[kind] ?? Sums() }
}

/// The invariants of DOMAIN.md (Money): debits equal credits; no escrow account below zero; the
/// bank mirror equals the escrow accounts plus suspense (payable and fee accounts are drained in
/// the same write that posts a payout, so they hold nothing between writes).
public enum LedgerInvariants {
    public static func violations(in totals: LedgerTotals) -> [String] {
        var problems: [String] = []
        let all = AccountKind.allCases.map(totals.sums)
        let debits = all.reduce(0) { $0 + $1.debitsPosted }
        let credits = all.reduce(0) { $0 + $1.creditsPosted }
        if debits != credits { problems.append("posted debits \(debits) ≠ posted credits \(credits)") }
        let pendingDebits = all.reduce(0) { $0 + $1.debitsPending }
        let pendingCredits = all.reduce(0) { $0 + $1.creditsPending }
        if pendingDebits != pendingCredits { problems.append("pending debits \(pendingDebits) ≠ pending credits \(pendingCredits)") }
        for id in totals.negativeEscrowAccounts { problems.append("escrow account \(id) is below zero") }
        func balance(_ kind: AccountKind) -> Int64 {
            let sums = totals.sums(kind)
            return kind == .bank ? sums.debitsPosted - sums.creditsPosted : sums.creditsPosted - sums.debitsPosted
        }
        let bank = balance(.bank)
        let held = balance(.escrow) + balance(.suspense)
        if bank != held { problems.append("bank mirror \(Money(fen: bank)) ≠ escrow + suspense \(Money(fen: held))") }
        for kind in [AccountKind.payable, .feeIncome] where balance(kind) != 0 {
            problems.append("\(kind.rawValue) accounts hold \(Money(fen: balance(kind))) between writes")
        }
        return problems
    }
}

extension Money {
    /// The largest amount one ledger transfer (a receipt, a match, a payout) moves: ¥10 billion.
    /// Account totals only grow, in `Int64` fen (9.2 × 10¹⁸): they overflow only after 9.2 million
    /// maximal transfers into one account, ¥92 quadrillion, a thousand times the world's yearly output.
    public static let maximumTransfer = Money(fen: 1_000_000_000_000)
}
