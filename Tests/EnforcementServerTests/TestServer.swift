import EnforcementAPI
import EnforcementClient
import EnforcementCore
import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Testing

/// A real server on 127.0.0.1 (free port) over mTLS, with a development PKI in a temporary directory.
struct TestServer {
    let directory: URL
    let port: Int
    /// The public listener (disclosure lookups, server TLS only).
    let publicPort: Int
    let clock: ManualWallClock
    let application: EnforcementApplication

    var pki: DevelopmentPKI { DevelopmentPKI(directory: directory.appendingPathComponent("pki")) }

    /// Extra identities beyond the defaults, one per remaining role, plus a certificate naming no principal.
    static let extraIdentities: [DevelopmentPKI.Identity] = []

    /// The development identity for each role.
    static let identityForRole: [Role: String] = [
        .cityCourt: "court-0105", .externalCourt: "court-su0102", .commandCentre: "command-centre",
        .institution: "bank-icbc-sh", .custodianBank: "custodian-boc-sh", .creditPlatform: "credit-platform",
    ]

    static func with(_ body: (TestServer) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("enforcement-test-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.publicPort = 0
        configuration.dataDirectory = directory
        let pki = configuration.developmentPKI
        try pki.ensure(identities: DevelopmentPKI.defaultIdentities + extraIdentities)
        try pki.issueClient(name: "no-principal", uri: nil)
        try pki.issueClient(name: "system", uri: Principal.system("control-monitor").uri)
        // Certificates of our CA naming principals this deployment does not know (issue 12, finding 4).
        try pki.issueClient(name: "command-centre-su", uri: Principal.commandCentre(try CourtCode("苏")).encodedURI)
        try pki.issueClient(name: "unknown-bank", uri: Principal.institution("EVIL-BANK").encodedURI)
        let clock = ManualWallClock(CalendarDate(year: 2026, month: 3, day: 10))
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        let application = try EnforcementApplication(configuration: configuration, clock: clock, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await application.run() }
            let server = TestServer(directory: directory, port: try await application.listeningPort,
                                    publicPort: try await application.publicListeningPort, clock: clock, application: application)
            defer { application.beginGracefulShutdown() }
            try await body(server)
        }
    }

    func clientConfiguration(_ identity: String, user: String? = "judge-li") -> ClientConfiguration {
        var config = ClientConfiguration.development(dataDirectory: directory.path, identity: identity, port: port, user: user)
        config.maxAttempts = 1
        config.timeout = .seconds(10)
        return config
    }

    /// The Swift client library as `identity`.
    func client<R: Sendable>(_ identity: String = "court-0105", user: String? = "judge-li", _ body: (EnforcementClient) async throws -> R) async throws -> R {
        try await EnforcementClient.with(clientConfiguration(identity, user: user), body)
    }

    /// The generated client over a raw transport, for calls the library would not make.
    func raw<R: Sendable>(
        certificate: String?, trustedCA: String? = nil,
        _ body: (Enforcement_V1_CaseService.Client<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        try await rawGRPC(certificate: certificate, trustedCA: trustedCA) { try await body(.init(wrapping: $0)) }
    }

    /// The generated ControlService client over a raw transport.
    func rawControl<R: Sendable>(
        _ identity: String, _ body: (Enforcement_V1_ControlService.Client<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        try await rawGRPC(certificate: pki.clientCertificate(identity).path) { try await body(.init(wrapping: $0)) }
    }

    func rawGRPC<R: Sendable>(
        certificate: String?, trustedCA: String? = nil, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        let ca = trustedCA ?? pki.caCertificate.path
        let security: HTTP2ClientTransport.Posix.TransportSecurity
        if let certificate {
            security = .mTLS(
                certificateChain: [.file(path: certificate, format: .pem)],
                privateKey: .file(path: certificate.replacingOccurrences(of: ".pem", with: "-key.pem"), format: .pem)
            ) { $0.trustRoots = .certificates([.file(path: ca, format: .pem)]) }
        } else {
            security = .tls { $0.trustRoots = .certificates([.file(path: ca, format: .pem)]) }
        }
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: security)
        return try await withGRPCClient(transport: transport) { try await body($0) }
    }
}

extension TestServer {
    /// Walks the authorisation table over the wire for one service: every method × every role
    /// a certificate can carry. An allowed call must get past authorisation; any other must be
    /// PERMISSION_DENIED. `call` makes one call with an empty request and answers its status.
    func walkTable(
        service: String, methods: [String],
        call: (_ method: String, _ client: GRPCClient<HTTP2ClientTransport.Posix>) async -> RPCError.Code?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for role in Role.allCases where role != .system {
            let identity = try #require(TestServer.identityForRole[role], sourceLocation: sourceLocation)
            try await rawGRPC(certificate: pki.clientCertificate(identity).path) { client in
                for method in methods {
                    let rule = try #require(AuthorisationTable.rules["\(service)/\(method)"], sourceLocation: sourceLocation)
                    let code = await call(method, client)
                    if rule.roles.contains(role) {
                        #expect(code != .permissionDenied && code != .unauthenticated,
                                "\(role) → \(method) should pass authorisation, got \(String(describing: code))", sourceLocation: sourceLocation)
                    } else {
                        #expect(code == .permissionDenied, "\(role) → \(method) should be denied, got \(String(describing: code))",
                                sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }
}

/// An allowed caller gets an open stream: take its first message or give up after a moment.
func firstMessageOrTimeout<Message: Sendable>(_ response: StreamingClientResponse<Message>) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { for try await _ in response.messages { return } }
        group.addTask { try await Task.sleep(for: .milliseconds(300)) }
        try await group.next()
        group.cancelAll()
    }
}

/// A filing that passes every check.
func goodFiling() -> FileCase {
    FileCase(
        titleDocument: "（2025）沪0105民初88号",
        applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "13812345678")],
        debtors: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: "91310000MA1FL8XQ37")],
        amountSoughtFen: 10_000_000)
}
