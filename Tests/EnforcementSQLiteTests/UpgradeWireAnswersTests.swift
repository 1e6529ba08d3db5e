import EnforcementCore
import EnforcementSQLite
import Foundation
import GRDB
import Testing

/// A database written by the code before wire answers and the case-list indexes (commit 47c17f6,
/// schema v7: answers kept as domain JSON): a case filed by 沪0105 with a node, a query that
/// ICBC answered, a receipt reported by the custodian bank and a payout proposed by judge-li, each
/// under a fixed request id (`fixture-file`, `fixture-node`, `fixture-query`, `fixture-answer`,
/// `fixture-receipt`, `fixture-payout`).
@Suite("Upgrade: a database from before wire answers")
struct UpgradeWireAnswersTests {
    @Test("old answers replay from their JSON, nothing is written twice, the journal verifies, and the case lists use their indexes")
    func oldAnswersReplay() async throws {
        let path = try Fixture.copy("before-wire-answers")
        defer { Fixture.remove(path) }
        let store = try SQLiteStore(path: path)
        #expect(try await JournalVerifier.verify(store).isIntact)
        let harness = try await Harness(today: CalendarDate(year: 2026, month: 3, day: 20), store: store)
        #expect(try await harness.journalCount() == 6)

        let filed = try await harness.workflow.fileCase(Harness.filing(handlingJudge: "judge-li"), by: Harness.court0105, requestID: "fixture-file")
        #expect(filed.number.description == "（2026）沪0105执1号" && filed.handlingJudge == "judge-li")
        let number = filed.number.description
        let node = try await harness.workflow.recordNode(RecordNode(caseNumber: number, nodeCode: "execution_notice_sent"),
                                                         by: Harness.court0105, requestID: "fixture-node")
        #expect(node.nodeCode == "execution_notice_sent")
        let launched = try await harness.control.launchQuery(LaunchQuery(caseNumber: number, institutionID: "ICBC-SH", documentNumber: "（2026）沪0105执1号之一"),
                                                             by: Harness.court0105, requestID: "fixture-query")
        #expect(launched.count == 1 && launched[0].institution == "ICBC-SH")
        let account = try #require(try await harness.funds.balance(number, by: Harness.court0105).accounts.first?.number)
        let payout = try await harness.funds.propose(
            ProposePayout(caseNumber: number, escrowAccount: account.description, purpose: .payee, payeeName: "张三",
                          payeeAccount: "6217000000000002", payeeBank: "建设银行", amountFen: 100_000),
            by: Harness.as0105("judge-li"), requestID: "fixture-payout")
        #expect(payout.amount == Money(fen: 100_000))
        // With an RPC's encoder set, an old JSON row still replays as its domain value (no wire bytes to answer).
        let encoder = WireAnswer { _ in Data([0xFF]) }
        let again = try await WireAnswer.$current.withValue(encoder) {
            try await harness.workflow.fileCase(Harness.filing(handlingJudge: "judge-li"), by: Harness.court0105, requestID: "fixture-file")
        }
        #expect(again.number == filed.number)
        #expect(try await harness.journalCount() == 6, "replays write nothing")
        #expect(try await harness.caseCount() == 1)

        // The case lists read an index: no scan of the cases table.
        let queue = try DatabaseQueue(path: path)
        let plans = try await queue.read { db in
            try [("handling_judge = ?", "cases_judge"), ("court = ?", "cases_court_position"), ("court = ? AND status = ?", "cases_court_status"),
                 ("due_on IS NOT NULL AND due_on < ?", "cases_pending")].map { condition, index in
                let arguments: StatementArguments = condition.contains("status") ? [0, "a", "b", 50] : [0, "a", 50]
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT position, data FROM cases WHERE position > ? AND \(condition) ORDER BY position LIMIT ?",
                                            arguments: arguments).map { $0["detail"] as String }.joined(separator: "; ")
                return (index, plan)
            }
        }
        for (index, plan) in plans {
            #expect(plan.contains("USING INDEX \(index)") || plan.contains("USING COVERING INDEX \(index)"), "\(index): \(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "no sort of the whole result for \(index): \(plan)")
        }
    }

    @Test("after the upgrade a write with the RPC's encoder keeps its bytes; a replay throws them back, without the encoder it is refused")
    func newAnswersInWireFormat() async throws {
        let path = try Fixture.copy("before-wire-answers")
        defer { Fixture.remove(path) }
        let store = try SQLiteStore(path: path)
        let harness = try await Harness(today: CalendarDate(year: 2026, month: 3, day: 20), store: store)
        let encoder = WireAnswer { value in
            guard let summary = value as? CaseSummary else { return nil }
            return Data("case \(summary.number)".utf8)
        }
        let first = try await WireAnswer.$current.withValue(encoder) {
            try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "after-upgrade")
        }
        #expect(first.number.sequence == 2)
        let kept = try #require(try await store.keptAnswer(principal: Harness.court0105.principal.uri, requestID: "after-upgrade"))
        #expect(kept.json == nil && kept.wire == Data("case （2026）沪0105执2号".utf8))
        let replay = await #expect(throws: ReplayedWireAnswer.self) {
            try await WireAnswer.$current.withValue(encoder) {
                try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "after-upgrade")
            }
        }
        #expect(replay?.bytes == kept.wire)
        let inside = await #expect(throws: EnforcementError.self) {
            try await harness.workflow.fileCase(Harness.filing(), by: Harness.court0105, requestID: "after-upgrade")
        }
        #expect(inside?.code == .alreadyExists)
        #expect(try await harness.caseCount() == 2)
        #expect(try await JournalVerifier.verify(store).isIntact)
        // An answer the encoder does not convert (here a node event) keeps its domain JSON.
        _ = try await WireAnswer.$current.withValue(encoder) {
            try await harness.workflow.recordNode(RecordNode(caseNumber: first.number.description, nodeCode: "execution_notice_sent"),
                                                  by: Harness.court0105, requestID: "node-after-upgrade")
        }
        let node = try #require(try await store.keptAnswer(principal: Harness.court0105.principal.uri, requestID: "node-after-upgrade"))
        #expect(node.wire == nil && node.json != nil)
    }
}
