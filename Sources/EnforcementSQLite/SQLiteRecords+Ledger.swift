import EnforcementCore
import Foundation
import GRDB

/// Case funds in SQLite: ledger accounts (totals in columns), immutable transfers, receipts,
/// payouts, the outbox and funds reminders.
extension SQLiteRecords {
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
        for row in try Row.fetchAll(
            db, sql: """
                SELECT kind, SUM(debits_posted) AS dp, SUM(credits_posted) AS cp, SUM(debits_pending) AS dq, SUM(credits_pending) AS cq
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
        let negative = try String.fetchAll(
            db, sql: "SELECT id FROM ledger_accounts WHERE kind = 'escrow' AND credits_posted - debits_posted - debits_pending < 0")
        return LedgerTotals(byKind: byKind, negativeEscrowAccounts: negative)
    }

    func transfer(_ id: String) throws -> Transfer? {
        try transfers(where: "id = ?", [id]).first
    }

    func transfers(account: String?, caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [Transfer] {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [after]
        if let account {
            conditions.append("(debit_account = ? OR credit_account = ?)")
            _ = arguments.append(contentsOf: [account, account])
        }
        if let caseNumber {
            conditions.append("case_number = ?")
            _ = arguments.append(contentsOf: [caseNumber.description])
        }
        return try transfers(where: conditions.joined(separator: " AND "), arguments, limit: limit)
    }

    func resolution(ofPending id: String) throws -> PendingResolution? {
        try String.fetchOne(db, sql: "SELECT resolution FROM transfers WHERE resolves = ?", arguments: [id]).flatMap(PendingResolution.init)
    }

    func reversal(of id: String) throws -> Transfer? {
        try transfers(where: "reverses = ?", [id]).first
    }

    func receipt(_ bankTransactionID: String) throws -> Receipt? {
        try receipts(where: "bank_transaction_id = ?", [bankTransactionID]).first
    }

    func receipts(_ filter: ReceiptFilter) throws -> [Receipt] {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            _ = arguments.append(contentsOf: [number.description])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let from = filter.receivedFrom {
            conditions.append("received_ms >= ?")
            _ = arguments.append(contentsOf: [SQLiteStore.millis(from)])
        }
        if let before = filter.receivedBefore {
            conditions.append("received_ms < ?")
            _ = arguments.append(contentsOf: [SQLiteStore.millis(before)])
        }
        guard let court = filter.referenceCourt else {
            return try receipts(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
        }
        // The reference is free text: narrow in SQL by the court's code before 执, then keep those
        // whose first case number really is the court's.
        conditions.append("instr(json_extract(data, '$.reference'), ?) > 0")
        _ = arguments.append(contentsOf: ["\(court)执"])
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
        var arguments: StatementArguments = [filter.after]
        if let number = filter.caseNumber {
            conditions.append("case_number = ?")
            _ = arguments.append(contentsOf: [number.description])
        }
        if let status = filter.status {
            conditions.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        // Records are JSON with dates as seconds since 2001 (JSONEncoder's default).
        if let from = filter.completedFrom {
            conditions.append("json_extract(data, '$.completedAt') >= ?")
            _ = arguments.append(contentsOf: [from.timeIntervalSinceReferenceDate])
        }
        if let before = filter.completedBefore {
            conditions.append("json_extract(data, '$.completedAt') < ?")
            _ = arguments.append(contentsOf: [before.timeIntervalSinceReferenceDate])
        }
        return try payouts(where: conditions.joined(separator: " AND "), arguments, limit: filter.limit)
    }

    func messages(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [OutboxMessage] {
        let condition = caseNumber == nil ? "" : " AND case_number = ?"
        let arguments: StatementArguments = caseNumber.map { [after, $0.description, limit] } ?? [after, limit]
        return try Row.fetchAll(db, sql: "SELECT sequence, data FROM outbox WHERE sequence > ?\(condition) ORDER BY sequence LIMIT ?",
                                arguments: arguments).map { row in
            var message = try JSONDecoder().decode(OutboxMessage.self, from: Data((row["data"] as String).utf8))
            message.sequence = row["sequence"]
            return message
        }
    }

    func reminders(caseNumber: CaseNumber?, after: Int64, limit: Int) throws -> [FundsReminder] {
        let condition = caseNumber == nil ? "" : " AND case_number = ?"
        let arguments: StatementArguments = caseNumber.map { [after, $0.description, limit] } ?? [after, limit]
        return try Row.fetchAll(db, sql: "SELECT sequence, data FROM funds_reminders WHERE sequence > ?\(condition) ORDER BY sequence LIMIT ?",
                                arguments: arguments).map { row in
            var reminder = try JSONDecoder().decode(FundsReminder.self, from: Data((row["data"] as String).utf8))
            reminder.sequence = row["sequence"]
            return reminder
        }
    }

    func hasReminder(key: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM funds_reminders WHERE key = ?)", arguments: [key]) ?? false
    }

    // MARK: Writes

    func nextEscrowSequence() throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO counters (name, last) VALUES ('escrow', 1)
            ON CONFLICT (name) DO UPDATE SET last = last + 1
            """)
        return try Int64.fetchOne(db, sql: "SELECT last FROM counters WHERE name = 'escrow'")!
    }

    func insert(_ account: LedgerAccount) throws {
        try db.execute(
            sql: """
                INSERT INTO ledger_accounts (id, kind, case_number, number, debits_posted, credits_posted, debits_pending, credits_pending, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [account.id, account.kind.rawValue, account.caseNumber?.description, account.number?.description,
                        account.debitsPosted, account.creditsPosted, account.debitsPending, account.creditsPending, try encode(account)])
    }

    func update(_ account: LedgerAccount) throws {
        try db.execute(
            sql: """
                UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ?, data = ?
                WHERE id = ?
                """,
            arguments: [account.debitsPosted, account.creditsPosted, account.debitsPending, account.creditsPending,
                        try encode(account), account.id])
        guard db.changesCount == 1 else { throw EnforcementError(.internalError, "ledger account \(account.id) vanished during an update") }
    }

    func insert(_ transfer: Transfer) throws -> Transfer {
        // The id is derived from the position: the next AUTOINCREMENT value, read inside this transaction.
        let last = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'transfers'") ?? 0
        var stored = transfer
        stored.position = last + 1
        stored.id = Transfer.id(position: stored.position)
        try db.execute(
            sql: """
                INSERT INTO transfers (position, id, debit_account, credit_account, amount, pending, resolves, resolution, reverses, case_number, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [stored.position, stored.id, stored.debit, stored.credit, stored.amount.fen, stored.pending, stored.resolves,
                        stored.resolution?.rawValue, stored.reverses, stored.caseNumber?.description, try encode(stored)])
        return stored
    }

    func insert(_ receipt: Receipt) throws -> Receipt {
        try db.execute(
            sql: "INSERT INTO receipts (bank_transaction_id, case_number, status, received_ms, data) VALUES (?, ?, ?, ?, '{}')",
            arguments: [receipt.bankTransactionID, receipt.caseNumber?.description, receipt.status.rawValue, SQLiteStore.millis(receipt.receivedAt)])
        var stored = receipt
        stored.position = db.lastInsertedRowID
        try update(stored)
        return stored
    }

    func update(_ receipt: Receipt) throws {
        try db.execute(
            sql: "UPDATE receipts SET case_number = ?, status = ?, data = ? WHERE bank_transaction_id = ?",
            arguments: [receipt.caseNumber?.description, receipt.status.rawValue, try encode(receipt), receipt.bankTransactionID])
        guard db.changesCount == 1 else { throw EnforcementError(.internalError, "receipt \(receipt.bankTransactionID) vanished during an update") }
    }

    func insert(_ payout: Payout) throws -> Payout {
        try db.execute(
            sql: "INSERT INTO payouts (id, case_number, status, data) VALUES (?, ?, ?, '{}')",
            arguments: [UUID().uuidString, payout.caseNumber.description, payout.status.rawValue])
        var stored = payout
        stored.position = db.lastInsertedRowID
        stored.id = Payout.id(position: stored.position)
        try savePayout(stored)
        return stored
    }

    func update(_ payout: Payout) throws {
        try savePayout(payout)
        guard db.changesCount == 1 else { throw EnforcementError(.internalError, "payout \(payout.id) vanished during an update") }
    }

    func append(_ message: OutboxMessage) throws -> OutboxMessage {
        try db.execute(sql: "INSERT INTO outbox (case_number, data) VALUES (?, ?)",
                       arguments: [message.caseNumber.description, try encode(message)])
        var stored = message
        stored.sequence = db.lastInsertedRowID
        return stored
    }

    func append(_ reminder: FundsReminder) throws -> Bool {
        try db.execute(sql: "INSERT INTO funds_reminders (key, case_number, data) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
                       arguments: [reminder.key, reminder.caseNumber?.description, try encode(reminder)])
        return db.changesCount == 1
    }

    // MARK: Rows

    private func savePayout(_ payout: Payout) throws {
        try db.execute(
            sql: "UPDATE payouts SET id = ?, status = ?, bank_transaction_id = ?, data = ? WHERE position = ?",
            arguments: [payout.id, payout.status.rawValue, payout.bankTransactionID, try encode(payout), payout.position])
    }

    private func accounts(where condition: String, _ arguments: StatementArguments, order: String = "id", limit: Int = -1) throws -> [LedgerAccount] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM ledger_accounts WHERE \(condition) ORDER BY \(order) LIMIT ?", arguments: arguments + [limit]
        ).map { row in
            var account = try JSONDecoder().decode(LedgerAccount.self, from: Data((row["data"] as String).utf8))
            account.debitsPosted = row["debits_posted"]
            account.creditsPosted = row["credits_posted"]
            account.debitsPending = row["debits_pending"]
            account.creditsPending = row["credits_pending"]
            return account
        }
    }

    private func transfers(where condition: String, _ arguments: StatementArguments, limit: Int = -1) throws -> [Transfer] {
        try String.fetchAll(db, sql: "SELECT data FROM transfers WHERE \(condition) ORDER BY position LIMIT ?", arguments: arguments + [limit])
            .map { try JSONDecoder().decode(Transfer.self, from: Data($0.utf8)) }
    }

    private func receipts(where condition: String, _ arguments: StatementArguments, limit: Int = -1) throws -> [Receipt] {
        try Row.fetchAll(db, sql: "SELECT position, data FROM receipts WHERE \(condition) ORDER BY position LIMIT ?", arguments: arguments + [limit])
            .map { row in
                var receipt = try JSONDecoder().decode(Receipt.self, from: Data((row["data"] as String).utf8))
                receipt.position = row["position"]
                return receipt
            }
    }

    private func payouts(where condition: String, _ arguments: StatementArguments, limit: Int = -1) throws -> [Payout] {
        try Row.fetchAll(db, sql: "SELECT position, data FROM payouts WHERE \(condition) ORDER BY position LIMIT ?", arguments: arguments + [limit])
            .map { row in
                var payout = try JSONDecoder().decode(Payout.self, from: Data((row["data"] as String).utf8))
                payout.position = row["position"]
                return payout
            }
    }
}
