import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import Testing

@Suite("End to end over mTLS on 127.0.0.1 through EnforcementClient", .serialized)
struct EndToEndTests {
    @Test("a court files, records a node, reads, lists and reads the timeline of a case")
    func caseLifecycle() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                let filed = try await client.fileCase(goodFiling())
                #expect(filed.number.description == "（2026）沪0105执1号")
                #expect(filed.enforcementFee == Money(fen: 140_000))
                _ = try await client.assignJudge(AssignJudge(caseNumber: filed.number.description, handlingJudge: "李法官"))
                let event = try await client.recordNode(RecordNode(caseNumber: "(2026)沪0105执1号", nodeCode: "execution_notice_sent", documentNumber: "通知1"))
                #expect(event.nodeCode == "execution_notice_sent")
                let judge = try await client.getCase(filed.number.description).handlingJudge
                #expect(judge == "李法官")
                let page = try await client.listCases()
                #expect(page.cases.map(\.number) == [filed.number])
                let timeline = try await client.timeline(filed.number.description)
                #expect(timeline.map(\.nodeCode) == ["case_filed", "network_query_launched", "handler_assigned", "execution_notice_sent"])
                let nodes = try await client.processNodes()
                #expect(nodes == ProcessNodeCatalogue.standard.nodes)
                #expect(nodes.first { $0.code == "handler_assigned" }?.deadline?.days == 7)
                let recorders = Set(timeline.map(\.recordedBy))
                #expect(recorders == ["urn:enforcement:court:沪0105#judge-li"])
            }
            try await server.client("command-centre", user: "duty") { centre in
                let cityWide = try await centre.listCases(court: "沪0105").cases
                #expect(cityWide.count == 1)
            }
        }
    }

    @Test("a retry with the same request id returns the same case; another payload is ALREADY_EXISTS")
    func idempotency() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                let first = try await client.fileCase(goodFiling(), requestID: "bank-retry-1")
                let again = try await client.fileCase(goodFiling(), requestID: "bank-retry-1")
                #expect(again.number == first.number)
                var other = goodFiling()
                other.amountSoughtFen = 1
                let error = await #expect(throws: EnforcementError.self) { try await client.fileCase(other, requestID: "bank-retry-1") }
                #expect(error?.code == .alreadyExists)
                #expect(error?.field == "request_id")
                let count = try await client.listCases().cases.count
                #expect(count == 1)
            }
        }
    }

    @Test("bad input answers INVALID_ARGUMENT naming the field; nothing is written")
    func invalidInput() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                var filing = goodFiling()
                filing.debtors[0].idNumber = "91310000MA1FL8XQ38"
                let error = await #expect(throws: EnforcementError.self) { try await client.fileCase(filing) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.field == "debtors[0].id_number")
                let message = error?.message ?? ""
                #expect(message.contains("GB 32100"))
                var negative = goodFiling()
                negative.amountSoughtFen = -5
                let amount = await #expect(throws: EnforcementError.self) { try await client.fileCase(negative) }
                #expect(amount?.field == "amount_sought_fen")
                let number = await #expect(throws: EnforcementError.self) { try await client.getCase("2026沪0105执1号") }
                #expect(number?.code == .invalidArgument)
                let listed = try await client.listCases().cases
                #expect(listed.isEmpty)
            }
            let journal = try await server.application.store.journalEntries(after: 0, limit: 10)
            #expect(journal.isEmpty)
        }
    }

    @Test("closing a closed case and 终本 before 3 months answer FAILED_PRECONDITION")
    func preconditions() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                let number = try await client.fileCase(goodFiling()).number.description
                let early = await #expect(throws: EnforcementError.self) {
                    try await client.close(CloseCase(caseNumber: number, mode: .terminationOfRound, documentNumber: "D"))
                }
                #expect(early?.code == .failedPrecondition)
                #expect(early?.field == "mode")
                _ = try await client.close(CloseCase(caseNumber: number, mode: .fullyEnforced, documentNumber: "D"))
                let twice = await #expect(throws: EnforcementError.self) {
                    try await client.close(CloseCase(caseNumber: number, mode: .withdrawn, documentNumber: "D2"))
                }
                #expect(twice?.code == .failedPrecondition)
                let mode = try await client.getCase(number).closingMode
                #expect(mode == .fullyEnforced)
            }
        }
    }

    @Test("a court reading another court's case is NOT_FOUND, as if it did not exist")
    func otherCourt() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            try await server.client("court-0101", user: "judge-wang") { other in
                let error = await #expect(throws: EnforcementError.self) { try await other.getCase(number) }
                #expect(error?.code == .notFound && error?.message.contains("沪0101") == false)
                let timeline = await #expect(throws: EnforcementError.self) { try await other.timeline(number) }
                #expect(timeline?.code == .notFound)
                let visible = try await other.listCases().cases
                #expect(visible.isEmpty)
            }
        }
    }
}
