public import Foundation

/// The deadlines of case funds, run by a background service on the injected clock: a receipt in
/// suspense unmatched after 3 days, and money held in an escrow account more than 30 days after
/// its arrival with no listed reason recorded (a suspended case is itself such a reason).
///
/// Each finding is one reminder, written under the system principal with a request id derived
/// from what it is about, so a repeated sweep writes nothing twice.
public struct FundsMonitor: Sendable {
    public struct Report: Hashable, Sendable {
        public var suspenseLate = 0
        public var payoutsOverdue = 0
        public init() {}
    }

    public static let caller = Caller(principal: .system("funds-monitor"))

    public let funds: FundsWorkflow

    public init(funds: FundsWorkflow) { self.funds = funds }

    @discardableResult
    public func sweep() async throws -> Report {
        let domain = funds.domain
        let now = domain.clock.now()
        let today = CalendarDate(now)
        let policy = funds.policy
        var report = Report()

        let matchBy = now.addingTimeInterval(-Double(policy.matchDays) * 86_400)
        let late = try await domain.store.read { reader in
            try reader.ledger.receipts(ReceiptFilter(status: .suspense, receivedBefore: matchBy, limit: 1000))
        }
        for receipt in late {
            let reminder = FundsReminder(
                key: "suspense/\(receipt.bankTransactionID)", kind: .suspenseUnmatched, caseNumber: nil,
                subject: receipt.bankTransactionID, at: now,
                message: "待查款项\(receipt.bankTransactionID)（¥\(receipt.amount)，付款人\(receipt.payerName)）到账超过\(policy.matchDays)日仍未匹配案件")
            if try await write(reminder) { report.suspenseLate += 1 }
        }

        var after = ""
        while true {
            let page = try await domain.store.read { [after] reader in
                try reader.ledger.fundedEscrowAccounts(after: after, limit: 500).map { account in
                    (account, try reader.cases.record(account.caseNumber!)?.status,
                     try reader.ledger.transfers(account: account.id, caseNumber: nil, after: 0, limit: 100_000))
                }
            }
            guard let last = page.last else { break }
            after = last.0.id
            for (account, status, transfers) in page where account.hold == nil && status != .suspended {
                guard let arrival = Self.oldestUnpaidArrival(account, transfers),
                      CalendarDate(arrival.at).adding(days: policy.payoutDays) < today
                else { continue }
                let reminder = FundsReminder(
                    key: "payout/\(account.id)/\(arrival.id)", kind: .payoutOverdue, caseNumber: account.caseNumber,
                    subject: account.number?.description ?? account.id, at: now,
                    message: "案件\(account.caseNumber!)账户\(account.number?.description ?? account.id)的案款于\(CalendarDate(arrival.at))到账，超过\(policy.payoutDays)日未发放且未记录法定事由")
                if try await write(reminder) { report.payoutsOverdue += 1 }
            }
        }
        return report
    }

    /// The earliest arrival not yet covered by the money taken or reserved out of the account
    /// (posted and pending debits), first in first out.
    static func oldestUnpaidArrival(_ account: LedgerAccount, _ transfers: [Transfer]) -> Transfer? {
        var covered = account.debitsPosted + account.debitsPending
        for transfer in transfers where transfer.credit == account.id && !transfer.pending && transfer.resolves == nil {
            if covered >= transfer.amount.fen {
                covered -= transfer.amount.fen
            } else {
                return transfer
            }
        }
        return nil
    }

    private func write(_ reminder: FundsReminder) async throws -> Bool {
        let domain = funds.domain
        // A replayed request id answers its first response; ask the store first instead.
        guard try await !domain.store.read({ try $0.ledger.hasReminder(key: reminder.key) }) else { return false }
        let action = FundsMonitorAction(key: reminder.key)
        let context = try domain.writeContext(action, caller: Self.caller, requestID: "funds-monitor/\(ControlMonitor.ascii(reminder.key))")
        return try await domain.store.write(context) { tx in
            (try tx.ledger.append(reminder), reminder.caseNumber?.description ?? reminder.subject)
        }
    }
}

struct FundsMonitorAction: CaseCommand, Hashable {
    static let action = "funds.monitor"
    var key: String
}
