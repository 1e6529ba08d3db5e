import EnforcementCore
import Foundation

/// Case funds in SQL: ledger accounts (totals in columns), immutable transfers, receipts,
/// payouts, the outbox and funds reminders.
extension SQLRecords {
    func account(_ id: String) throws -> LedgerAccount? {
        try accounts(where: "id = ?", [id]).first
    }

    func accounts(ofCase number: CaseNumber) throws -> [LedgerAccount] {
        try accounts(where: "case_number = ?", [number.description], order: "number")
    }

    func accounts(after: String, limit: Int) throws -> [LedgerAccount] {
        try accounts(where: "id > ?", [after], order: "id", limit: limit)
    }

    func fundedEscrowAccounts(after: String, limit: Int) throws -> [LedgerAccount] {
        try accounts(where: "kind = 'escrow' AND credits_posted > debits_posted AND id > ?", [after], order: "id", limit: limit)
    }

    func totals() throws -> LedgerTotals {
        var byKind: [AccountKind: LedgerTotals.Sums] = [:]
        for row in try db.rows("""
                SELECT kind, CAST(SUM(debits_posted) AS BIGINT) AS dp, CAST(SUM(credits_posted) AS BIGINT) AS cp,
                    CAST(SUM(debits_pending) AS BIGINT) AS dq, CAST(SUM(credits_pending) AS BIGINT) AS cq
                FROM ledger_accounts GROUP BY kind
                """)
        {
            guard let kind = AccountKind(rawValue: row["kind"]) else { continue }
            var sums = LedgerTotals.Sums()
            sums.debitsPosted = row["dp"]
            sums.creditsPosted = row["cp"]
            sums.debitsPending = row["dq"]
            sums.creditsPending = row["cq"]
            byKind[kind] = sums
        }
        let negative = try db.values(as: String.self, "SELECT id FROM ledger_accounts WHERE kind = 'escrow' AND credits_posted - debits_posted - debits_pending < 0")
        return LedgerTotals(byKind: byKind, negativeEscrowAccounts: negative)
    }

    func transfer(_ id: String) throws -> Transfer? {
        try transfers(where: "id = ?", [id]).first
    }

    func transfers(account: String?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [Transfer] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [after]
        if let account {
            conditions.append("(debit_account = ? OR credit_account = ?)")
            arguments.append(contentsOf: [account, account])
        }
        if let caseNumber {
            conditions.append("case_number = ?")
            arguments.append(contentsOf: [caseNumber.description])
        }
        return try transfers(where: conditions.joined(separator: " AND "), arguments, limit: limit)
    }

    func resolution(ofPending id: String) throws -> PendingResolution? {
        try db.value(as: String.self, "SELECT resolution FROM transfers WHERE resolves = ?", [id]).flatMap(PendingResolution.init)
    }

    func reversal(of id: String) throws -> Transfer? {
        try transfers(where: "reverses = ?", [id]).first
    }

    func receipt(_ bankTransactionID: String) throws -> Receipt? {
        try receipts(where: "bank_transaction_id = ?", [bankTransactionID]).first
    }

    func receipts(_ filter: ReceiptFilter) throws -> [Receipt] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            arguments.append(contentsOf: [number.description])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if let from = filter.receivedFrom {
            conditions.append("received_ms >= ?")
            arguments.append(contentsOf: [from.epochMillis])
        }
        if let before = filter.receivedBefore {
            conditions.append("received_ms < ?")
            arguments.append(contentsOf: [before.epochMillis])
        }
        guard let court = filter.referenceCourt else {
            return try receipts(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
        }
        // The reference is free text: narrow in SQL by the court's code before 执 (a court code holds
        // no LIKE wildcard), then keep those whose first case number really is the court's.
        conditions.append("reference LIKE ?")
        arguments.append(contentsOf: ["%\(court)执%"])
        return try receipts(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
            .filter { $0.reference.flatMap(CaseNumber.first(in:))?.court == court }
    }

    func payout(_ id: String) throws -> Payout? {
        try payouts(where: "id = ?", [id]).first
    }

    func payout(bankTransactionID: String) throws -> Payout? {
        try payouts(where: "bank_transaction_id = ?", [bankTransactionID]).first
    }

    func payouts(_ filter: PayoutFilter) throws -> [Payout] {
        var conditions = ["position > ?"]
        var arguments: [any SQLBindable] = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            arguments.append(contentsOf: [number.description])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(contentsOf: [status.rawValue])
        }
        if let from = filter.completedFrom {
            conditions.append("completed_ms >= ?")
            arguments.append(contentsOf: [from.epochMillis])
        }
        if let before = filter.completedBefore {
            conditions.append("completed_ms < ?")
            arguments.append(contentsOf: [before.epochMillis])
        }
        return try payouts(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func messages(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxMessage] {
        let condition = caseNumber == nil ? "" : " AND case_number = ?"
        let arguments: [any SQLBindable] = caseNumber.map { [after, $0.description, limit] } ?? [after, limit]
        return try db.rows("SELECT sequence, data FROM outbox WHERE sequence > ?\(condition) ORDER BY sequence LIMIT ?",
                                arguments).map { row in
            var message = try decode(OutboxMessage.self, row["data"])
            message.sequence = row["sequence"]
            return message
        }
    }

    func reminders(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [FundsReminder] {
        let condition = caseNumber == nil ? "" : " AND case_number = ?"
        let arguments: [any SQLBindable] = caseNumber.map { [after, $0.description, limit] } ?? [after, limit]
        return try db.rows("SELECT sequence, data FROM funds_reminders WHERE sequence > ?\(condition) ORDER BY sequence LIMIT ?",
                                arguments).map { row in
            var reminder = try decode(FundsReminder.self, row["data"])
            reminder.sequence = row["sequence"]
            return reminder
        }
    }

    func hasReminder(key: String) throws -> Bool {
        try db.value(as: Bool.self, "SELECT EXISTS (SELECT 1 FROM funds_reminders WHERE key = ?)", [key]) ?? false
    }

    // MARK: Writes

    func nextEscrowSequence() throws -> Int64 {
        try nextCounter("escrow")
    }

    func insert(_ account: LedgerAccount) throws {
        try db.write(
            """
            INSERT INTO ledger_accounts (id, kind, case_number, number, debits_posted, credits_posted, debits_pending, credits_pending, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [account.id, account.kind.rawValue, account.caseNumber?.description, account.number?.description,
             account.debitsPosted, account.creditsPosted, account.debitsPending, account.creditsPending, try encode(account)])
    }

    func update(_ account: LedgerAccount) throws {
        try updateOne(
            """
            UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ?, data = ?
            WHERE id = ?
            """,
            [account.debitsPosted, account.creditsPosted, account.debitsPending, account.creditsPending, try encode(account), account.id],
            "ledger account \(account.id)")
    }

    func insert(_ transfer: Transfer) throws -> Transfer {
        // The id is derived from the position, which the stored record carries: taken from a
        // counter inside this transaction before the insert.
        var stored = transfer
        stored.position = try nextCounter("transfers")
        stored.id = Transfer.id(position: stored.position)
        try db.write(
            """
            INSERT INTO transfers (position, id, debit_account, credit_account, amount, pending, resolves, resolution, reverses, case_number, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [stored.position, stored.id, stored.debit, stored.credit, stored.amount.fen, stored.pending, stored.resolves,
             stored.resolution?.rawValue, stored.reverses, stored.caseNumber?.description, try encode(stored)])
        return stored
    }

    func insert(_ receipt: Receipt) throws -> Receipt {
        var stored = receipt
        stored.position = try insertReturning(
            "INSERT INTO receipts (bank_transaction_id, case_number, status, received_ms, data) VALUES (?, ?, ?, ?, '{}') RETURNING position",
            [receipt.bankTransactionID, receipt.caseNumber?.description, receipt.status.rawValue, receipt.receivedAt.epochMillis])
        try update(stored)
        return stored
    }

    func update(_ receipt: Receipt) throws {
        try updateOne(
            "UPDATE receipts SET case_number = ?, status = ?, reference = ?, data = ? WHERE bank_transaction_id = ?",
            [receipt.caseNumber?.description, receipt.status.rawValue, receipt.reference, try encode(receipt), receipt.bankTransactionID],
            "receipt \(receipt.bankTransactionID)")
        try retally("receipt:\(receipt.bankTransactionID)", FigureTally.cells(ofReceipt: receipt))
    }

    func insert(_ payout: Payout) throws -> Payout {
        var stored = payout
        stored.position = try db.nextPosition("payouts", "position")
        stored.id = Payout.id(position: stored.position)
        try db.execute(
            "INSERT INTO payouts (position, id, case_number, status, bank_transaction_id, completed_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [stored.position, stored.id, payout.caseNumber.description, payout.status.rawValue, payout.bankTransactionID,
             payout.completedAt?.epochMillis, try encode(stored)])
        try retally("payout:\(stored.id)", FigureTally.cells(ofPayout: stored), isNew: true)
        return stored
    }

    func update(_ payout: Payout) throws {
        try updateOne(
            "UPDATE payouts SET id = ?, status = ?, bank_transaction_id = ?, completed_ms = ?, data = ? WHERE position = ?",
            [payout.id, payout.status.rawValue, payout.bankTransactionID, payout.completedAt?.epochMillis, try encode(payout), payout.position],
            "payout \(payout.id)")
        try retally("payout:\(payout.id)", FigureTally.cells(ofPayout: payout))
    }

    func append(_ message: OutboxMessage) throws -> OutboxMessage {
        var stored = message
        stored.sequence = try insertReturning(
            "INSERT INTO outbox (case_number, data) VALUES (?, ?) RETURNING sequence", [message.caseNumber.description, try encode(message)])
        return stored
    }

    func append(_ reminder: FundsReminder) throws -> Bool {
        try db.execute("INSERT INTO funds_reminders (key, case_number, data) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
                       [reminder.key, reminder.caseNumber?.description, try encode(reminder)]) == 1
    }

    // MARK: Rows

    private func accounts(where condition: String, _ arguments: [any SQLBindable], order: String = "id", limit: Int = .max) throws -> [LedgerAccount] {
        try db.rows("SELECT * FROM ledger_accounts WHERE \(condition) ORDER BY \(order) LIMIT ?", arguments + [limit]
        ).map { row in
            var account = try decode(LedgerAccount.self, row["data"])
            account.debitsPosted = row["debits_posted"]
            account.creditsPosted = row["credits_posted"]
            account.debitsPending = row["debits_pending"]
            account.creditsPending = row["credits_pending"]
            return account
        }
    }

    private func transfers(where condition: String, _ arguments: [any SQLBindable], limit: Int = .max) throws -> [Transfer] {
        try db.values(as: String.self, "SELECT data FROM transfers WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit])
            .map { try decode(Transfer.self, $0) }
    }

    private func receipts(where condition: String, _ arguments: [any SQLBindable], limit: Int = .max) throws -> [Receipt] {
        try db.rows("SELECT position, data FROM receipts WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit])
            .map { row in
                var receipt = try decode(Receipt.self, row["data"])
                receipt.position = row["position"]
                return receipt
            }
    }

    private func payouts(where condition: String, _ arguments: [any SQLBindable], limit: Int = .max) throws -> [Payout] {
        try db.rows("SELECT position, data FROM payouts WHERE \(condition) ORDER BY position LIMIT ?", arguments + [limit])
            .map { row in
                var payout = try decode(Payout.self, row["data"])
                payout.position = row["position"]
                return payout
            }
    }
}
