public import Foundation

/// One line of the custodian bank's statement: `date,transaction_id,direction,amount,counterparty,reference`,
/// with the date as `YYYY-MM-DD`, the direction `in` or `out`, the amount in yuan with at most two decimals.
public struct StatementLine: Hashable, Codable, Sendable {
    public enum Direction: String, Codable, Sendable {
        case incoming = "in"
        case outgoing = "out"
    }

    public var line: Int
    public var date: CalendarDate
    public var transactionID: String
    public var direction: Direction
    public var amount: Money
    public var counterparty: String
    public var reference: String

    /// Parses a statement; a header line starting with `date` is skipped. A line that does not
    /// parse is an error naming its number: nothing is compared until the whole statement reads.
    public static func parse(csv: String) throws(EnforcementError) -> [StatementLine] {
        var lines: [StatementLine] = []
        var seen: Set<String> = []
        // Lines end in LF, CR LF (a file saved on Windows; one Character in Swift) or CR.
        let ends: Set<Character> = ["\n", "\r\n", "\r"]
        for (index, raw) in csv.split(omittingEmptySubsequences: false, whereSeparator: ends.contains).enumerated() {
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let number = index + 1
            if text.isEmpty || (number == 1 && text.lowercased().hasPrefix("date")) { continue }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func bad(_ why: String) -> EnforcementError { .invalid("statement", "line \(number): \(why)") }
            guard fields.count == 6 else { throw bad("6 comma-separated fields expected, found \(fields.count)") }
            guard let date = CalendarDate(iso: fields[0]) else { throw bad("date '\(fields[0])' is not YYYY-MM-DD") }
            let id = fields[1]
            guard !id.isEmpty, id.count <= 64 else { throw bad("the transaction id is required (at most 64 characters)") }
            guard seen.insert(id).inserted else { throw bad("transaction \(id) appears twice") }
            guard let direction = Direction(rawValue: fields[2].lowercased()) else { throw bad("direction '\(fields[2])' is not in or out") }
            guard let amount = Money(yuan: fields[3]), amount.fen > 0, amount <= Money.maximum else {
                throw bad("amount '\(fields[3])' is not a positive amount in yuan with at most two decimals")
            }
            lines.append(StatementLine(line: number, date: date, transactionID: id, direction: direction, amount: amount,
                                       counterparty: fields[4], reference: fields[5]))
        }
        guard !lines.isEmpty else { throw .invalid("statement", "the statement has no lines") }
        return lines
    }
}

/// A difference between the bank's statement and the ledger.
public struct ReconciliationDifference: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// The bank shows a movement the ledger does not have.
        case missingInLedger = "missing_in_ledger"
        /// The ledger has a movement in the statement's period that the bank does not show.
        case missingInStatement = "missing_in_statement"
        case amountDiffers = "amount_differs"
        case directionDiffers = "direction_differs"
    }

    public var kind: Kind
    public var transactionID: String
    /// The statement line, when the bank shows it.
    public var line: Int?
    public var statementAmount: Money?
    public var ledgerAmount: Money?
    public var detail: String

    public init(kind: Kind, transactionID: String, line: Int? = nil, statementAmount: Money? = nil, ledgerAmount: Money? = nil, detail: String) {
        self.kind = kind
        self.transactionID = transactionID
        self.line = line
        self.statementAmount = statementAmount
        self.ledgerAmount = ledgerAmount
        self.detail = detail
    }
}

public struct ReconciliationReport: Hashable, Codable, Sendable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var lines: Int
    public var matched: Int
    public var differences: [ReconciliationDifference]

    public init(from: CalendarDate, to: CalendarDate, lines: Int, matched: Int, differences: [ReconciliationDifference]) {
        self.from = from
        self.to = to
        self.lines = lines
        self.matched = matched
        self.differences = differences
    }
}

/// What the ledger says the bank moved: receipts in (not reversed) and executed payouts out.
struct LedgerMovement {
    var transactionID: String
    var direction: StatementLine.Direction
    var amount: Money
    var date: CalendarDate
    var what: String
}

enum Reconciliation {
    static func compare(_ lines: [StatementLine], _ movements: [LedgerMovement]) -> ReconciliationReport {
        let from = lines.map(\.date).min()!
        let to = lines.map(\.date).max()!
        var ledger = Dictionary(movements.map { ($0.transactionID, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [ReconciliationDifference] = []
        var matched = 0
        for line in lines {
            guard let movement = ledger.removeValue(forKey: line.transactionID) else {
                differences.append(ReconciliationDifference(
                    kind: .missingInLedger, transactionID: line.transactionID, line: line.line, statementAmount: line.amount,
                    detail: "the bank shows \(line.direction.rawValue) ¥\(line.amount) on \(line.date) (\(line.counterparty)); the ledger has no such movement"))
                continue
            }
            if movement.direction != line.direction {
                differences.append(ReconciliationDifference(
                    kind: .directionDiffers, transactionID: line.transactionID, line: line.line, statementAmount: line.amount,
                    ledgerAmount: movement.amount, detail: "the bank shows \(line.direction.rawValue), the ledger \(movement.what)"))
            } else if movement.amount != line.amount {
                differences.append(ReconciliationDifference(
                    kind: .amountDiffers, transactionID: line.transactionID, line: line.line, statementAmount: line.amount,
                    ledgerAmount: movement.amount, detail: "the bank shows ¥\(line.amount), the ledger ¥\(movement.amount) (\(movement.what))"))
            } else {
                matched += 1
            }
        }
        for movement in ledger.values.sorted(by: { $0.transactionID < $1.transactionID }) where movement.date >= from && movement.date <= to {
            differences.append(ReconciliationDifference(
                kind: .missingInStatement, transactionID: movement.transactionID, ledgerAmount: movement.amount,
                detail: "the ledger has \(movement.what) of ¥\(movement.amount) on \(movement.date); the statement does not show it"))
        }
        return ReconciliationReport(from: from, to: to, lines: lines.count, matched: matched, differences: differences)
    }
}

/// The result of a full check of the ledger: the invariants, and every account's totals
/// recomputed from its transfers.
public struct LedgerCheck: Hashable, Codable, Sendable {
    public var accounts: Int
    public var transfers: Int
    public var bank: Money
    public var escrow: Money
    public var suspense: Money
    /// Payouts reserved but not yet executed.
    public var pendingPayouts: Money
    public var problems: [String]

    public init(accounts: Int, transfers: Int, bank: Money, escrow: Money, suspense: Money, pendingPayouts: Money, problems: [String]) {
        self.accounts = accounts
        self.transfers = transfers
        self.bank = bank
        self.escrow = escrow
        self.suspense = suspense
        self.pendingPayouts = pendingPayouts
        self.problems = problems
    }
}
