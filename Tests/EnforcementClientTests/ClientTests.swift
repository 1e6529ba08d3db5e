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

    @Test("every call carries grpc-swift's retry policy (UNAVAILABLE only, the configured attempts) and one deadline")
    func retryPolicy() throws {
        let options = EnforcementClient.callOptions(configuration)
        #expect(options.timeout == .seconds(15))
        let policy = try #require(options.executionPolicy?.retry)
        #expect(policy.maxAttempts == 4)
        #expect(policy.retryableStatusCodes == [.unavailable])
        var once = configuration
        once.maxAttempts = 1
        #expect(EnforcementClient.callOptions(once).executionPolicy == nil)
    }

    @Test("the metadata is made once per call: the request id and user token every attempt repeats")
    func metadataOncePerCall() async throws {
        let attempts = Attempts()
        let answer = try await EnforcementClient.perform(configuration, requestID: "req-42") { metadata, _ in
            _ = attempts.record(Array(metadata[stringValues: "enforcement-request-id"]) + Array(metadata[stringValues: "authorization"]))
            return "done"
        }
        #expect(answer == "done")
        #expect(attempts.seen == [["req-42", "Bearer t.o.k"]])
    }

    @Test("a status arrives as the domain error with its field")
    func noRetryOnDomainErrors() async throws {
        let error = await #expect(throws: EnforcementError.self) {
            try await EnforcementClient.perform(configuration, requestID: "r") { _, _ -> String in
                var metadata: Metadata = [:]
                metadata.addString("amount_sought_fen", forKey: "enforcement-field")
                throw RPCError(code: .invalidArgument, message: "amount_sought_fen: must be positive", metadata: metadata)
            }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "amount_sought_fen")
        #expect(error?.message == "must be positive")
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
