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
    /// The plaintext health listener.
    let healthPort: Int
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

    /// Runs `body` against a fresh server; with `keeping`, on that data directory, left in place
    /// afterwards (a restart of the same server).
    static func with(keeping kept: URL? = nil, configure: (inout ServerConfiguration) -> Void = { _ in },
                     _ body: (TestServer) async throws -> Void) async throws {
        let directory = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("enforcement-test-\(UUID())")
        defer { if kept == nil { try? FileManager.default.removeItem(at: directory) } }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.publicPort = 0
        configuration.healthPort = 0
        configuration.metricsPort = 0
        configuration.dashboardPort = 0
        configuration.dataDirectory = directory
        configure(&configuration)
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
                                    publicPort: try await application.publicListeningPort, healthPort: try await application.healthListeningPort,
                                    clock: clock, application: application)
            defer { application.beginGracefulShutdown() }
            try await body(server)
        }
    }

    /// The client library's configuration as `identity`; a court's or the command centre's calls
    /// carry tokens for `user` (default: the identity's usual user) minted on the server's clock.
    func clientConfiguration(_ identity: String, user: String? = nil) -> ClientConfiguration {
        let courtUser = ClientConfiguration.developmentPrincipals[identity] == nil ? nil : Self.user(user ?? Self.defaultUser(identity), identity: identity)
        let clock = self.clock
        var config = ClientConfiguration.development(dataDirectory: directory.path, identity: identity, port: port, user: courtUser,
                                                     now: { clock.now() })
        config.maxAttempts = 1
        config.timeout = .seconds(10)
        return config
    }

    /// The Swift client library as `identity` (and, for a court or the command centre, as `user`).
    func client<R: Sendable>(_ identity: String = "court-0105", user: String? = nil, _ body: (EnforcementClient) async throws -> R) async throws -> R {
        try await EnforcementClient.with(clientConfiguration(identity, user: user), body)
    }

    static func defaultUser(_ identity: String) -> String {
        switch identity {
        case "command-centre": "duty-officer"
        case "court-0101": "judge-wang"
        case "court-su0102": "judge-zhou"
        default: "judge-li"
        }
    }

    /// The user `id` with the role its id names: judge-…, clerk-…, chief-… (bureau chief), finance-…,
    /// president-…, duty-… (command officer), all-… (every role its principal may hold).
    static func user(_ id: String, identity: String) -> CourtUser {
        let roles: [String: Set<UserRole>] = [
            "judge": [.judge], "clerk": [.clerk], "chief": [.bureauChief], "finance": [.finance], "president": [.president],
            "duty": [.commandOfficer], "all": identity == "command-centre" ? [.commandOfficer] : UserRole.courtRoles,
        ]
        return CourtUser(id: id, roles: roles[String(id.prefix(while: { $0 != "-" }))] ?? [])
    }

    /// A token signed with `identity`'s development key (what its court's sign-on issues).
    func token(_ identity: String, user: CourtUser, issuedAt: Date? = nil, lifetime: TimeInterval = 900) async throws -> String {
        try await signer(identity).token(for: user, now: issuedAt ?? clock.now(), lifetime: lifetime)
    }

    func signer(_ identity: String, issuer: String? = nil, audience: String = UserToken.defaultAudience) async throws -> UserTokenSigner {
        let principal = try #require(ClientConfiguration.developmentPrincipals[identity])
        return try await UserTokenSigner(privateKeyPEM: String(contentsOf: pki.signingKey(identity), encoding: .utf8),
                                         issuer: issuer ?? principal.uri, audience: audience)
    }

    /// `authorization: Bearer <token>` metadata.
    static func bearer(_ token: String) -> Metadata {
        var metadata: Metadata = [:]
        metadata.addString(UserToken.scheme + token, forKey: UserToken.metadataKey)
        return metadata
    }

    /// Metadata of a valid token of `identity`'s user holding every role its principal may hold
    /// (none for a principal that calls by certificate alone).
    func fullyEntitled(_ identity: String) async throws -> Metadata {
        guard ClientConfiguration.developmentPrincipals[identity] != nil else { return [:] }
        return Self.bearer(try await token(identity, user: Self.user("all-roles", identity: identity)))
    }

    /// The generated client over a raw transport, for calls the library would not make.
    func raw<R: Sendable>(
        certificate: String?, trustedCA: String? = nil,
        _ body: (Enforcement_V1_CaseService.Client<HTTP2ClientTransport.Posix>) async throws -> R
    ) async throws -> R {
        try await rawGRPC(certificate: certificate, trustedCA: trustedCA) { try await body(.init(wrapping: $0)) }
    }

    func rawGRPC<R: Sendable>(
        certificate: String?, trustedCA: String? = nil, port: Int? = nil, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R
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
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port ?? self.port), transportSecurity: security)
        return try await withGRPCClient(transport: transport) { try await body($0) }
    }

    /// A client of the plaintext health listener (no TLS, no certificate).
    func plaintextHealth<R: Sendable>(_ body: (Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: healthPort), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { try await body(.init(wrapping: $0)) }
    }
}

extension TestServer {
    /// Walks the authorisation table over the wire: every method (by its generated descriptor) ×
    /// every role a certificate can carry. An allowed call must get past authorisation; any other
    /// must be PERMISSION_DENIED. Each call is made with an empty request.
    func walkTable(_ methods: [MethodDescriptor], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for role in Role.allCases where role != .system {
            let identity = try #require(TestServer.identityForRole[role], sourceLocation: sourceLocation)
            let metadata = try await fullyEntitled(identity)
            try await rawGRPC(certificate: pki.clientCertificate(identity).path) { client in
                for method in methods {
                    let rule = try #require(AuthorisationTable.rules[method], sourceLocation: sourceLocation)
                    let code = await callAny(method.fullyQualifiedMethod, client, metadata: metadata)
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

/// Calls any method by its full name with an empty request (zero bytes: every field at its default)
/// and `metadata`; answers the status code, nil on success. A `Watch…` method is server-streaming:
/// an open stream counts as success.
func callAny(_ fullMethod: String, _ client: GRPCClient<HTTP2ClientTransport.Posix>, metadata: Metadata = [:]) async -> RPCError.Code? {
    let parts = fullMethod.split(separator: "/").map(String.init)
    guard parts.count == 2 else { return .unimplemented }
    let descriptor = MethodDescriptor(fullyQualifiedService: parts[0], method: parts[1])
    var options = CallOptions.defaults
    options.timeout = .seconds(5)
    let request = ClientRequest(message: [UInt8](), metadata: metadata)
    do {
        if parts[1].hasPrefix("Watch") {
            try await client.serverStreaming(request: request, descriptor: descriptor, serializer: RawBytes(), deserializer: RawBytes(),
                                             options: options) { try await firstMessageOrTimeout($0) }
        } else {
            _ = try await client.unary(request: request, descriptor: descriptor, serializer: RawBytes(), deserializer: RawBytes(),
                                       options: options) { try $0.message }
        }
        return nil
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}

/// Messages as their bytes, for calls of any method.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
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

/// A filing that passes every check; `handlingJudge` (a user id) proposes its payouts.
func goodFiling(handlingJudge: String? = nil) -> FileCase {
    FileCase(
        titleDocument: "（2025）沪0105民初88号",
        applicants: [PartyInput(isPerson: true, name: "张三", idNumber: "11010519491231002X", phone: "13812345678")],
        debtors: [PartyInput(isPerson: false, name: "上海某某贸易有限公司", idNumber: "91310000MA1FL8XQ37")],
        amountSoughtFen: 10_000_000, handlingJudge: handlingJudge)
}
