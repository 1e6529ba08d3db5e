import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing


let fundsMethods = Enforcement_V1_FundsService.Method.descriptors.map(\.method)

extension TestServer {
    func journalCount() async throws -> Int { try await application.store.journalEntries(after: 0, limit: 100_000).count }
}

@Suite("Case funds over mTLS", .serialized)
struct FundsEndToEndTests {
    static let court: Set<Role> = [.cityCourt]
    static let bank: Set<Role> = [.custodianBank]
    static let expected: [(String, Set<Role>, Bool)] = [
        ("OpenEscrowAccount", court, true), ("ReportReceipt", bank, true), ("MatchReceipt", [.cityCourt, .commandCentre], true), ("ReverseTransfer", court, true),
        ("ProposePayout", court, true), ("ApprovePayout", court, true), ("RejectPayout", court, true), ("ConfirmPayout", bank, true), ("FailPayout", bank, true),
        ("HoldPayouts", court, true), ("GetBalance", [.cityCourt, .commandCentre], false), ("GetStatement", [.cityCourt, .commandCentre], false),
        ("ListReceipts", [.cityCourt, .commandCentre, .custodianBank], false), ("ListSuspense", [.cityCourt, .commandCentre, .custodianBank], false),
        ("ListPayouts", [.cityCourt, .commandCentre, .custodianBank], false), ("ListOutbox", [.cityCourt, .commandCentre], false),
        ("ListFundsReminders", [.cityCourt, .commandCentre, .custodianBank], false),
        ("Reconcile", [.commandCentre, .custodianBank], false), ("CheckLedger", [.commandCentre, .custodianBank], false),
    ]

    @Test("the table grants exactly these roles for FundsService", arguments: expected)
    func expectedTable(_ method: String, _ roles: Set<Role>, _ mutates: Bool) throws {
        let rule = try #require(AuthorisationTable.rule("enforcement.v1.FundsService/\(method)"))
        #expect(rule.roles == roles)
        #expect(rule.mutates == mutates)
        #expect(fundsMethods.count == Self.expected.count)
    }

    @Test("the table walked over the wire: every FundsService RPC × every role; nothing written")
    func matrix() async throws {
        try await TestServer.with { server in
            try await server.walkTable(Enforcement_V1_FundsService.Method.descriptors)
            #expect(try await server.journalCount() == 0)
        }
    }

    @Test("filing → the custodian bank's receipt → payout through judge, bureau chief, finance → the bank executes → statement reconciles → outbox holds the pushes")
    func scenario() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")).number.description }
            let account = try await server.client { try #require(try await $0.balance(ofCase: number).accounts.first?.number) }
            let at = ISO8601DateFormatter().string(from: server.clock.now())
            let receipt = try await server.client("custodian-boc-sh", user: nil) {
                try await $0.reportReceipt(ReportReceipt(bankTransactionID: "BOC-IN-1", payerName: "某某公司", payerAccount: "6222000000000001",
                                                         amountFen: 8_000_000, accountWritten: account.description, receivedAt: at))
            }
            #expect(receipt.status == .credited && receipt.caseNumber?.description == number)
            let proposed = try await server.client(user: "judge-li") {
                try await $0.proposePayout(ProposePayout(caseNumber: number, escrowAccount: account.description, purpose: .payee, payeeName: "张三",
                                                         payeeAccount: "6217000000000002", payeeBank: "建设银行", amountFen: 7_000_000))
            }
            #expect(proposed.enforcementFee == Money(fen: 140_000) && proposed.status == .awaitingBureauChief)
            _ = try await server.client(user: "chief-zhao") { try await $0.approvePayout(ApprovePayout(payoutID: proposed.id, stage: .bureauChief)) }
            _ = try await server.client(user: "finance-qian") { try await $0.approvePayout(ApprovePayout(payoutID: proposed.id, stage: .finance)) }
            let paid = try await server.client("custodian-boc-sh", user: nil) { bank in
                let approved = try await bank.payouts(status: .approved)
                #expect(approved.map(\.id) == [proposed.id])
                return try await bank.confirmPayout(ConfirmPayout(payoutID: proposed.id, bankTransactionID: "BOC-OUT-1"))
            }
            #expect(paid.status == .paid)
            let day = server.clock.today()
            let report = try await server.client("command-centre", user: nil) {
                try await $0.reconcile(statementCSV: "\(day),BOC-IN-1,in,80000.00,某某公司,\(account)\n\(day),BOC-OUT-1,out,70000.00,张三,\(proposed.id)\n")
            }
            #expect(report.differences.isEmpty && report.matched == 2)
            let check = try await server.client("command-centre", user: nil) { try await $0.checkLedger() }
            #expect(check.problems.isEmpty && check.bank == Money(fen: 1_000_000) && check.escrow == Money(fen: 1_000_000))
            let outbox = try await server.client { try await $0.outbox(caseNumber: number) }
            #expect(outbox.filter { $0.template == "funds_received" }.map(\.recipient) == [.handlingJudge, .applicant, .debtor])
            #expect(outbox.filter { $0.template == "funds_paid_out" }.map(\.recipient) == [.handlingJudge, .applicant, .debtor])
            let balance = try await server.client { try await $0.balance(ofCase: number) }
            #expect(balance.accounts.first?.balance == Money(fen: 1_000_000))
        }
    }

    @Test("bad input over the wire: each refused with its status and field, nothing written")
    func badInput() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")).number.description }
            let account = try await server.client { try #require(try await $0.balance(ofCase: number).accounts.first?.number) }
            let at = ISO8601DateFormatter().string(from: server.clock.now())
            _ = try await server.client("custodian-boc-sh", user: nil) {
                try await $0.reportReceipt(ReportReceipt(bankTransactionID: "IN-1", payerName: "甲", payerAccount: "1", amountFen: 1_000,
                                                         accountWritten: account.description, receivedAt: at))
            }
            let payout = try await server.client(user: "judge-li") {
                try await $0.proposePayout(ProposePayout(caseNumber: number, escrowAccount: account.description, purpose: .payee, payeeName: "张三",
                                                         payeeAccount: "1", payeeBank: "b", amountFen: 600))
            }
            let journal = try await server.journalCount()
            func refused(_ identity: String = "court-0105", user: String? = "judge-li", _ body: @escaping (EnforcementClient) async throws -> Void) async -> EnforcementError? {
                await #expect(throws: EnforcementError.self) { try await server.client(identity, user: user) { try await body($0) } }
            }
            let above = await refused { _ = try await $0.proposePayout(ProposePayout(caseNumber: number, escrowAccount: account.description, purpose: .payee,
                                                                                     payeeName: "张三", payeeAccount: "1", payeeBank: "b", amountFen: 401)) }
            #expect(above?.code == .failedPrecondition && above?.field == "amount_fen")
            let judgeAsChief = await refused(user: "judge-li") { _ = try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .bureauChief)) }
            #expect(judgeAsChief?.code == .permissionDenied && judgeAsChief?.field == "authorization")
            let financeAsChief = await refused(user: "finance-qian") { _ = try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .bureauChief)) }
            #expect(financeAsChief?.code == .permissionDenied)
            let outOfOrder = await refused(user: "finance-qian") { _ = try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .finance)) }
            #expect(outOfOrder?.code == .failedPrecondition && outOfOrder?.field == "stage")
            let unapproved = await refused("custodian-boc-sh", user: nil) { _ = try await $0.confirmPayout(ConfirmPayout(payoutID: payout.id, bankTransactionID: "X")) }
            #expect(unapproved?.code == .failedPrecondition)
            let changed = await refused("custodian-boc-sh", user: nil) {
                _ = try await $0.reportReceipt(ReportReceipt(bankTransactionID: "IN-1", payerName: "甲", payerAccount: "1", amountFen: 1_001,
                                                             accountWritten: account.description, receivedAt: at))
            }
            #expect(changed?.code == .alreadyExists && changed?.field == "bank_transaction_id")
            let negative = await refused("custodian-boc-sh", user: nil) {
                _ = try await $0.reportReceipt(ReportReceipt(bankTransactionID: "IN-2", payerName: "甲", payerAccount: "1", amountFen: -5,
                                                             accountWritten: account.description, receivedAt: at))
            }
            #expect(negative?.code == .invalidArgument && negative?.field == "amount_fen")
            let badLine = await refused("command-centre", user: nil) { _ = try await $0.reconcile(statementCSV: "2026-03-10,IN-1,in,ten,a,b") }
            #expect(badLine?.code == .invalidArgument && badLine?.field == "statement")
            let otherCourt = await refused("court-0101") { _ = try await $0.balance(ofCase: number) }
            #expect(otherCourt?.code == .notFound)
            #expect(try await server.journalCount() == journal)
        }
    }
}
