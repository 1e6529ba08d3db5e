public import Foundation

/// Filters for listing receipts.
public struct ReceiptFilter: Hashable, Sendable {
    public var caseNumber: CaseNumber?
    public var status: Receipt.Status?
    /// Only receipts received at or after / before these instants.
    public var receivedFrom: Date?
    public var receivedBefore: Date?
    /// Only receipts whose reference names a case of this court (a court's view of suspense).
    public var referenceCourt: CourtCode?
    public var after: Int64
    public var limit: Int

    public init(caseNumber: CaseNumber? = nil, status: Receipt.Status? = nil, receivedFrom: Date? = nil,
                receivedBefore: Date? = nil, after: Int64 = 0, limit: Int = 100) {
        self.caseNumber = caseNumber
        self.status = status
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.after = after
        self.limit = limit
    }
}

/// Filters for listing payouts.
public struct PayoutFilter: Hashable, Sendable {
    public var caseNumber: CaseNumber?
    public var status: Payout.Status?
    /// Only payouts completed at or after / before these instants.
    public var completedFrom: Date?
    public var completedBefore: Date?
    public var after: Int64
    public var limit: Int

    public init(caseNumber: CaseNumber? = nil, status: Payout.Status? = nil, completedFrom: Date? = nil, completedBefore: Date? = nil,
                after: Int64 = 0, limit: Int = 100) {
        self.caseNumber = caseNumber
        self.status = status
        self.completedFrom = completedFrom
        self.completedBefore = completedBefore
        self.after = after
        self.limit = limit
    }
}

/// The case-funds ledger: accounts, transfers, receipts, payouts and their reminders.
public protocol LedgerReader {
    func account(_ id: String) throws -> LedgerAccount?
    func accounts(ofCase number: CaseNumber) throws -> [LedgerAccount]
    /// Every account, in id order after `after`.
    func accounts(after: String, limit: Int) throws -> [LedgerAccount]
    /// Escrow accounts whose posted balance is above zero, in number order after `after`.
    func fundedEscrowAccounts(after: String, limit: Int) throws -> [LedgerAccount]
    /// Sums of the account totals by kind, and the escrow accounts below zero.
    func totals() throws -> LedgerTotals
    func transfer(_ id: String) throws -> Transfer?
    /// Transfers touching `account` (or of `caseNumber`, or all), after a position, in order.
    func transfers(account: String?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [Transfer]
    /// How a pending transfer ended, or nil while it is pending.
    func resolution(ofPending id: String) throws -> PendingResolution?
    /// The reversal of a transfer, if it was reversed.
    func reversal(of id: String) throws -> Transfer?
    func receipt(_ bankTransactionID: String) throws -> Receipt?
    func receipts(_ filter: ReceiptFilter) throws -> [Receipt]
    func payout(_ id: String) throws -> Payout?
    func payouts(_ filter: PayoutFilter) throws -> [Payout]
    /// The payout the bank executed under this transaction id, if any.
    func payout(bankTransactionID: String) throws -> Payout?
    func reminders(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [FundsReminder]
    func hasReminder(key: String) throws -> Bool
}

public protocol LedgerWriter: LedgerReader {
    /// The next escrow account sequence, starting at 1; never reused.
    func nextEscrowSequence() throws -> Int64
    func insert(_ account: LedgerAccount) throws
    func update(_ account: LedgerAccount) throws
    /// Inserts a transfer and returns it with its position and id.
    func insert(_ transfer: Transfer) throws -> Transfer
    func insert(_ receipt: Receipt) throws -> Receipt
    func update(_ receipt: Receipt) throws
    /// Inserts a payout and returns it with its position and id.
    func insert(_ payout: Payout) throws -> Payout
    func update(_ payout: Payout) throws
    /// Appends a reminder unless one with its key exists; true when it was written.
    func append(_ reminder: FundsReminder) throws -> Bool
}
