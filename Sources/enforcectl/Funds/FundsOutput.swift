import EnforcementCore
import Foundation

extension Output {
    static func accounts(_ accounts: [LedgerAccount]) {
        table(["account", "holder", "balance", "available", "received", "paid out", "hold"], accounts.map {
            [$0.number?.description ?? $0.id, $0.holder ?? "-", "¥\($0.balance)", "¥\($0.available)", "¥\(Money(fen: $0.creditsPosted))",
             "¥\(Money(fen: $0.debitsPosted))", $0.hold?.reason.rawValue ?? "-"]
        })
    }

    static func receipts(_ receipts: [Receipt]) {
        table(["bank txn", "received", "amount", "payer", "written", "status", "case", "account", "deduction"], receipts.map {
            [$0.bankTransactionID, timestamp($0.receivedAt), "¥\($0.amount)", $0.payerName, $0.accountWritten.isEmpty ? "-" : $0.accountWritten,
             $0.status.rawValue, $0.caseNumber?.description ?? "-", $0.escrowAccount?.description ?? "-", $0.deductionRequestID ?? "-"]
        })
    }

    static func payouts(_ payouts: [Payout]) {
        table(["id", "case", "account", "purpose", "payee", "amount", "status", "approvals", "bank txn"], payouts.map {
            [$0.id, $0.caseNumber.description, $0.escrowAccount.description, $0.purpose.rawValue, "\($0.payeeName) \($0.payeeAccount)",
             "¥\($0.amount)", $0.status.rawValue + ($0.failureReason.map { " (\($0))" } ?? ""),
             $0.approvals.map { "\($0.stage.rawValue):\($0.user)" }.joined(separator: " "), $0.bankTransactionID ?? "-"]
        })
    }

    static func payout(_ payout: Payout) {
        payouts([payout])
        print("enforcement fee on the amount sought (borne by the debtor): ¥\(payout.enforcementFee)")
        if let stage = payout.awaitedStage { print("awaiting: \(stage.rawValue)") }
    }

    static func transfers(_ transfers: [Transfer]) {
        table(["id", "at", "kind", "debit", "credit", "amount", "state", "reference", "note"], transfers.map {
            [$0.id, timestamp($0.at), $0.kind.rawValue, $0.debit, $0.credit, "¥\($0.amount)",
             $0.pending ? "pending" : $0.resolution.map { "\($0.rawValue) pending" } ?? ($0.reverses.map { "reverses \($0)" } ?? "posted"),
             $0.reference ?? "-", $0.note ?? "-"]
        })
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.shanghaiCalendar.timeZone
        return formatter.string(from: date)
    }
}
