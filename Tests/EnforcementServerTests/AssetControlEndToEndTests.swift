import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import Testing

/// The over-freeze scenario of issue 15 over mTLS with three banks' certificates: a case seeking
/// ¥100,000 can no longer freeze ¥100,000 at every bank; when the debtor pays part of the debt,
/// the platform itself asks the latest bank to release the excess, and the bank answers it.
@Suite("Asset control across three banks over mTLS", .serialized)
struct AssetControlEndToEndTests {
    @Test("freezes at three banks stay within the case's room; money arriving releases the excess; the total controlled ends equal to the outstanding amount")
    func overFreezeScenario() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")).number.description }
            func freeze(_ bank: String, _ fen: Int64) async throws -> ControlRequest {
                try await server.client { court in
                    try await court.freeze(FreezeAsset(caseNumber: number, institutionID: bank, assetKind: .deposit, assetIdentifier: "\(bank)-6222",
                                                       amountFen: fen, endOn: "2027-03-10", documentNumber: "（2026）沪0105执1号之一"))
                }
            }
            func answer(_ request: ControlRequest, _ identity: String, controlled: Int64) async throws -> ControlRequest {
                try await server.client(identity, user: nil) { bank in
                    try await bank.answerControl(AnswerControl(controlRequestID: request.id, controlledFen: controlled,
                                                               startOn: request.action == .freeze ? "2026-03-10" : "",
                                                               endOn: request.action == .freeze ? "2027-03-10" : ""))
                }
            }
            // ¥100,000 at ICBC fits the room (¥101,400 with the ¥1,400 fee).
            let icbc = try await freeze("ICBC-SH", 10_000_000)
            #expect(icbc.amount?.fen == 10_000_000 && icbc.askedAmount == nil)
            // ¥100,000 more at CCB is cut to the ¥1,400 left, with the figures.
            let ccb = try await freeze("CCB-SH", 10_000_000)
            #expect(ccb.amount?.fen == 140_000 && ccb.askedAmount?.fen == 10_000_000 && ccb.note?.contains("核减为¥1400.00") == true)
            // Nothing left for ABC: FAILED_PRECONDITION, nothing written.
            let journal = try await server.application.store.journalEntries(after: 0, limit: 1000).count
            let refused = await #expect(throws: EnforcementError.self) { _ = try await freeze("ABC-SH", 10_000_000) }
            #expect(refused?.code == .failedPrecondition && refused?.field == "amount_fen")
            #expect(try await server.application.store.journalEntries(after: 0, limit: 1000).count == journal)

            // ICBC holds only ¥60,000; CCB its ¥1,400: ¥40,000 of room again, which ABC fills.
            _ = try await answer(icbc, "bank-icbc-sh", controlled: 6_000_000)
            _ = try await answer(ccb, "bank-ccb-sh", controlled: 140_000)
            let abc = try await freeze("ABC-SH", 10_000_000)
            #expect(abc.amount?.fen == 4_000_000)
            _ = try await answer(abc, "bank-abc-sh", controlled: 4_000_000)

            // The debtor pays ¥30,000 into escrow: ¥71,400 outstanding, ¥101,400 held.
            let account = try await server.client { try #require(try await $0.balance(ofCase: number).accounts.first?.number) }
            _ = try await server.client("custodian-boc-sh", user: nil) {
                try await $0.reportReceipt(ReportReceipt(bankTransactionID: "BOC-IN-30000", payerName: "上海某某贸易有限公司", payerAccount: "6222000000000009",
                                                         amountFen: 3_000_000, accountWritten: account.description,
                                                         receivedAt: ISO8601DateFormatter().string(from: server.clock.now())))
            }
            // ABC, served last, receives the platform's own partial release of ¥30,000.
            let page = try await server.client("bank-abc-sh", user: nil) { try await $0.pullRequests(after: 0, unansweredOnly: true) }
            let release = try #require(page.requests.first { $0.action == .release })
            #expect(release.automatic == true && release.freezeRequestID == abc.id && release.amount?.fen == 3_000_000)
            #expect(release.note?.contains("解除超标的冻结") == true)
            #expect(try await server.client("bank-icbc-sh", user: nil) { try await $0.pullRequests(after: 0, unansweredOnly: true) }
                .requests.allSatisfy { $0.action == .query })
            // An answer that does not fit the partial release is refused; the right one is taken.
            let misfit = await #expect(throws: EnforcementError.self) { _ = try await answer(release, "bank-abc-sh", controlled: 0) }
            #expect(misfit?.code == .invalidArgument && misfit?.field == "result.controlled_fen")
            _ = try await answer(release, "bank-abc-sh", controlled: 1_000_000)

            try await server.client { court in
                let requests = try await court.controlRequests(ofCase: number)
                let controlled = requests.filter { $0.action == .freeze && $0.control?.status.isLive == true }
                    .reduce(Int64(0)) { $0 + ($1.control?.remaining.fen ?? 0) }
                #expect(controlled == 7_140_000, "the total controlled equals the outstanding amount")
                let room = try await court.room(ofCase: number)
                #expect(room.outstanding.fen == 7_140_000 && room.credited.fen == 3_000_000 && room.room.fen == 0 && room.excess.fen == 0)
                #expect(requests.filter { $0.action == .release }.count == 1)
                let timeline = try await court.timeline(number).map(\.nodeCode)
                #expect(timeline.contains("excess_release_requested"))
            }
        }
    }
}
