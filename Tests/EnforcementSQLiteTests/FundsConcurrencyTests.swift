import EnforcementCore
import EnforcementSQLite
import Foundation
import Testing

@Suite("Case funds: concurrent writers")
struct FundsConcurrencyTests {
    @Test("32 concurrent payout proposals against one escrow account never overdraw it (file database, WAL)")
    func concurrentProposals() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("funds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await Harness(store: try SQLiteStore(path: directory.appendingPathComponent("enforcement.sqlite").path))
        let (number, account) = try await harness.fundedCase(receiptFen: 10_000)
        // 32 proposals of 700 fen: at most 14 fit into 10,000.
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    do {
                        _ = try await harness.funds.propose(
                            ProposePayout(caseNumber: number.description, escrowAccount: account.description, purpose: .payee, payeeName: "张三",
                                          payeeAccount: "6217000000000002", payeeBank: "建设银行", amountFen: 700),
                            by: Harness.as0105("judge-li"), requestID: "p-\(index)")
                        return true
                    } catch let error as EnforcementError where error.code == .failedPrecondition {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 14)
        let stored = try await harness.account(account)
        #expect(stored.available == Money(fen: 200) && stored.debitsPending == 9_800)
        #expect(try await harness.funds.check().problems.isEmpty)
    }

    @Test("10,000 receipts each reported 3 times (under different request ids, concurrently) make exactly 10,000 credits")
    func repeatedReceipts() async throws {
        let harness = try await Harness()
        let accounts = try await withThrowingTaskGroup(of: EscrowAccountNumber.self) { group in
            for _ in 0..<4 { group.addTask { try await harness.fundedCase().account } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let at = Harness.iso(harness.clock.now())
        for batch in stride(from: 0, to: 10_000, by: 500) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in batch..<(batch + 500) {
                    for copy in 0..<3 {
                        group.addTask {
                            _ = try await harness.funds.reportReceipt(
                                ReportReceipt(bankTransactionID: "BOC-\(index)", payerName: "付款人\(index)", payerAccount: "62220200\(index)",
                                              amountFen: Int64(100 + index), accountWritten: index % 10 == 0 ? "unknown" : accounts[index % 4].description,
                                              receivedAt: at),
                                by: Harness.custodian, requestID: "receipt-\(index)-\(copy)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let receipts = try await harness.store.read { try $0.ledger.transfers(account: LedgerAccount.bankID, caseNumber: nil, after: 0, limit: 100_000) }
        #expect(receipts.filter { $0.kind == .receipt }.count == 10_000)
        let check = try await harness.funds.check()
        #expect(check.problems.isEmpty, "\(check.problems)")
        let expected = (0..<10_000).reduce(Int64(0)) { $0 + Int64(100 + $1) }
        #expect(check.bank == Money(fen: expected))
    }
}
