import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import EnforcementSQLite
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf
import Testing

/// Idempotency answers kept in the wire format (issue 14): a replay answers the bytes of the
/// response message the first call answered, whatever happened to the case since.
@Suite("Kept answers in the wire format")
struct WireAnswerTests {
    /// One unary call with the request's bytes; answers the response's bytes.
    static func call(_ method: String, _ request: some SwiftProtobuf.Message, _ client: GRPCClient<HTTP2ClientTransport.Posix>,
                     metadata: Metadata) async throws -> [UInt8] {
        let parts = method.split(separator: "/").map(String.init)
        return try await client.unary(
            request: ClientRequest(message: try request.serializedBytes() as [UInt8], metadata: metadata),
            descriptor: MethodDescriptor(fullyQualifiedService: parts[0], method: parts[1]),
            serializer: RawBytes(), deserializer: RawBytes(), options: .defaults) { try $0.message }
    }

    @Test("a replay answers the first call's bytes after the case changed and time passed; the store keeps those bytes, not domain JSON")
    func replayIsByteForByte() async throws {
        try await TestServer.with { server in
            let store = try #require(server.application.store as? SQLiteStore)
            let court = "urn:enforcement:court:沪0105"
            var metadata = try await server.fullyEntitled("court-0105")
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                let filing = Enforcement_V1_FileCaseRequest(goodFiling(), requestID: "wire-file")
                let first = try await Self.call("enforcement.v1.CaseService/FileCase", filing, client, metadata: metadata)
                let filed = try Enforcement_V1_Case(serializedBytes: first)
                #expect(!filed.overdue && filed.handlingJudge.isEmpty)
                let kept = try #require(try await store.keptAnswer(principal: court, requestID: "wire-file"))
                #expect(kept.json == nil)
                #expect(kept.wire.map { [UInt8]($0) } == first)

                // The case changes and its limit passes.
                let assign = Enforcement_V1_AssignJudgeRequest(AssignJudge(caseNumber: filed.caseNumber, handlingJudge: "judge-zhou"), requestID: "wire-assign")
                _ = try await Self.call("enforcement.v1.CaseService/AssignJudge", assign, client, metadata: metadata)
                server.clock.advance(days: 400)
                metadata = try await server.fullyEntitled("court-0105")  // a fresh token at the new time
                var get = Enforcement_V1_GetCaseRequest()
                get.caseNumber = filed.caseNumber
                let now = try Enforcement_V1_Case(serializedBytes: try await Self.call("enforcement.v1.CaseService/GetCase", get, client, metadata: metadata))
                #expect(now.overdue && now.handlingJudge == "judge-zhou")

                let replay = try await Self.call("enforcement.v1.CaseService/FileCase", filing, client, metadata: metadata)
                #expect(replay == first, "the replay answers the first call's bytes")
                let journal = try await store.journalEntries(after: 0, limit: 100)
                #expect(journal.filter { $0.action == "case.file" }.count == 1)

                // Another kind of answer: a node event, and a launch's list of requests.
                let node = Enforcement_V1_RecordNodeRequest(RecordNode(caseNumber: filed.caseNumber, nodeCode: "execution_notice_sent"), requestID: "wire-node")
                let nodeFirst = try await Self.call("enforcement.v1.CaseService/RecordNode", node, client, metadata: metadata)
                #expect(try await Self.call("enforcement.v1.CaseService/RecordNode", node, client, metadata: metadata) == nodeFirst)
                #expect(try await store.keptAnswer(principal: court, requestID: "wire-node")?.wire.map { [UInt8]($0) } == nodeFirst)
                let launch = Enforcement_V1_LaunchQueryRequest(LaunchQuery(caseNumber: filed.caseNumber, documentNumber: "（2026）沪0105执1号之一"),
                                                               requestID: "wire-launch")
                let launched = try await Self.call("enforcement.v1.ControlService/LaunchQuery", launch, client, metadata: metadata)
                #expect(try Enforcement_V1_LaunchQueryResponse(serializedBytes: launched).requests.count >= 2)
                #expect(try await Self.call("enforcement.v1.ControlService/LaunchQuery", launch, client, metadata: metadata) == launched)
                #expect(try await store.keptAnswer(principal: court, requestID: "wire-launch")?.wire.map { [UInt8]($0) } == launched)
            }
        }
    }

    @Test("the same request id with another payload is still ALREADY_EXISTS, and a kept wire answer is not readable as a domain value")
    func mismatchAndCoreReplay() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling(), requestID: "wire-once").number.description }
            let mismatch = await #expect(throws: EnforcementError.self) {
                try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-x"), requestID: "wire-once") }
            }
            #expect(mismatch?.code == .alreadyExists)
            // The core called directly (no RPC encoder) with the id an RPC used: refused, nothing written.
            let caller = Caller(principal: .court(try CourtCode("沪0105")), user: CourtUser(id: TestServer.defaultUser("court-0105"), roles: [.judge, .clerk]))
            let error = await #expect(throws: EnforcementError.self) {
                try await server.application.workflow.fileCase(goodFiling(), by: caller, requestID: "wire-once")
            }
            #expect(error?.code == .alreadyExists)
            #expect(try await server.client { try await $0.listCases().cases.map(\.number.description) } == [number])
        }
    }
}
