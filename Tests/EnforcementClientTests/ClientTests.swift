import EnforcementClient
import EnforcementCore
import Foundation
import Testing

@Suite("Client library")
struct ClientTests {
    @Test("development configuration points at the server's PKI under the data directory")
    func developmentPaths() {
        let config = ClientConfiguration.development(dataDirectory: "/srv/data", identity: "court-0101", port: 9000, user: "clerk")
        #expect(config.certificate == "/srv/data/pki/clients/court-0101.pem")
        #expect(config.privateKey == "/srv/data/pki/clients/court-0101-key.pem")
        #expect(config.trustedCA == "/srv/data/pki/ca.pem")
        #expect(config.port == 9000)
        #expect(config.user == "clerk")
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
