@testable import EnforcementClient
import EnforcementCore
import Foundation
import GRPCCore
import Testing

@Suite("Client library")
struct ClientTests {
    @Test("development configuration points at the server's PKI under the data directory")
    func developmentPaths() {
        let config = ClientConfiguration.development(dataDirectory: "/srv/data", identity: "court-0101", port: 9000,
                                                     user: CourtUser(id: "clerk-sun", roles: [.clerk]))
        #expect(config.certificate == "/srv/data/pki/clients/court-0101.pem")
        #expect(config.privateKey == "/srv/data/pki/clients/court-0101-key.pem")
        #expect(config.trustedCA == "/srv/data/pki/ca.pem")
        #expect(config.port == 9000)
        #expect(config.userToken is UserTokenMinter, "a development court's calls carry minted tokens")
        let bank = ClientConfiguration.development(dataDirectory: "/srv/data", identity: "bank-icbc-sh", user: CourtUser(id: "x", roles: []))
        #expect(bank.userToken == nil, "an institution calls by certificate alone")
        #expect(config.timeout == .seconds(15))
    }

    @Test("request ids are fresh per call")
    func requestIDs() {
        #expect(EnforcementClient.newRequestID() != EnforcementClient.newRequestID())
    }

    @Test("missing certificate files are reported before connecting")
    func missingFiles() async {
        let config = ClientConfiguration.development(dataDirectory: "/nonexistent", identity: "court-0105")
        let error = await #expect(throws: EnforcementError.self) { try await EnforcementClient.with(config) { _ in () } }
        #expect(error?.code == .unauthenticated)
    }
}

@Suite("Client retries")
struct ClientRetryTests {
    let configuration = ClientConfiguration(certificate: "c", privateKey: "k", trustedCA: "a", userToken: StaticUserToken("t.o.k"))

    @Test("UNAVAILABLE and DEADLINE_EXCEEDED are retried with the same request id and user token")
    func retriesReuseRequestID() async throws {
        let attempts = Attempts()
        let answer = try await EnforcementClient.withRetries(configuration, requestID: "req-42") { metadata, options in
            let n = attempts.record(Array(metadata[stringValues: "enforcement-request-id"]) + Array(metadata[stringValues: "authorization"]))
            #expect(options.timeout == .seconds(15))
            if n == 1 { throw RPCError(code: .unavailable, message: "connection refused") }
            if n == 2 { throw RPCError(code: .deadlineExceeded, message: "slow") }
            return "done"
        }
        #expect(answer == "done")
        #expect(attempts.seen == Array(repeating: ["req-42", "Bearer t.o.k"], count: 3))
    }

    @Test("other statuses are not retried and arrive as domain errors with their field")
    func noRetryOnDomainErrors() async throws {
        let attempts = Attempts()
        let error = await #expect(throws: EnforcementError.self) {
            try await EnforcementClient.withRetries(configuration, requestID: "r") { _, _ -> String in
                _ = attempts.record([])
                var metadata: Metadata = [:]
                metadata.addString("amount_sought_fen", forKey: "enforcement-field")
                throw RPCError(code: .invalidArgument, message: "amount_sought_fen: must be positive", metadata: metadata)
            }
        }
        #expect(attempts.seen.count == 1)
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "amount_sought_fen")
        #expect(error?.message == "must be positive")
    }

    @Test("after the last attempt UNAVAILABLE is reported as unavailable")
    func givesUp() async throws {
        var quick = configuration
        quick.maxAttempts = 2
        let attempts = Attempts()
        let error = await #expect(throws: EnforcementError.self) {
            try await EnforcementClient.withRetries(quick, requestID: "r") { _, _ -> String in
                _ = attempts.record([])
                throw RPCError(code: .unavailable, message: "down")
            }
        }
        #expect(attempts.seen.count == 2)
        #expect(error?.code == .unavailable)
    }
}

/// Counts attempts across the retry closure.
final class Attempts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var seen: [[String]] = []

    func record(_ values: [String]) -> Int {
        lock.withLock {
            seen.append(values)
            return seen.count
        }
    }
}
