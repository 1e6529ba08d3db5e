import Crypto
import EnforcementAPI
import EnforcementClient
import EnforcementCore
@testable import EnforcementServer
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import JWTKit
import Logging
import Testing

/// The tokens a caller could forge or misuse, each of which the server must refuse (issue 13).
enum BadToken: String, CaseIterable, Sendable {
    case none = "no token"
    case otherCourtsKey = "signed by another court's key"
    case issuedByOtherCourt = "issued (iss) by another court than the certificate's"
    case expired = "expired"
    case future = "not yet valid"
    case wrongAudience = "for another audience"
    case tampered = "payload changed after signing"
    case algNone = "alg: none"
    case hs256WithPublicKey = "HS256 with the public key as secret"
    case unknownKey = "signed by a key the court never registered"
    case tooLong = "lives longer than an hour"
    case notBearer = "not a Bearer token"
}

extension TestServer {
    /// The identity that calls `rule` as a court or the command centre.
    static func tokenIdentity(_ rule: AuthorisationTable.Rule) -> String? {
        if rule.roles.contains(.cityCourt) { return "court-0105" }
        if rule.roles.contains(.externalCourt) { return "court-su0102" }
        if rule.roles.contains(.commandCentre) { return "command-centre" }
        return nil
    }

    /// The metadata of one bad token for a call by `identity` as `user`.
    func metadata(_ bad: BadToken, identity: String, user: CourtUser) async throws -> Metadata {
        let now = clock.now()
        let principal = try #require(ClientConfiguration.developmentPrincipals[identity])
        let other = identity == "court-0101" ? "court-0105" : "court-0101"
        func claims(_ audience: String = UserToken.defaultAudience, issuer: String = principal.uri, iat: Date = now, lifetime: TimeInterval = 600) -> UserTokenClaims {
            UserTokenClaims(issuer: issuer, audience: audience, subject: user.id, name: user.name, roles: user.roles.map(\.rawValue),
                            issuedAt: iat, expires: iat.addingTimeInterval(lifetime))
        }
        switch bad {
        case .none:
            return [:]
        case .otherCourtsKey:
            let signer = try await signer(other, issuer: principal.uri)
            return Self.bearer(try await signer.sign(claims()))
        case .issuedByOtherCourt:
            let otherPrincipal = try #require(ClientConfiguration.developmentPrincipals[other])
            return Self.bearer(try await signer(identity).sign(claims(issuer: otherPrincipal.uri)))
        case .expired:
            return Self.bearer(try await signer(identity).sign(claims(iat: now.addingTimeInterval(-7_200), lifetime: 3_600)))
        case .future:
            return Self.bearer(try await signer(identity).sign(claims(iat: now.addingTimeInterval(600))))
        case .wrongAudience:
            return Self.bearer(try await signer(identity).sign(claims("urn:enforcement:another-platform")))
        case .tampered:
            let token = try await signer(identity).sign(claims())
            var parts = token.split(separator: ".").map(String.init)
            var forged = claims()
            forged.sub = .init(value: "someone-else")
            forged.roles = UserRole.allCases.map(\.rawValue)
            parts[1] = Self.base64URL(try JSONEncoder().encode(forged))
            return Self.bearer(parts.joined(separator: "."))
        case .algNone:
            let header = Self.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            return Self.bearer("\(header).\(Self.base64URL(try JSONEncoder().encode(claims())))." )
        case .hs256WithPublicKey:
            // The classic confusion: HMAC keyed with the court's public key, which anyone can read.
            let pem = try String(contentsOf: pki.signingKey(identity), encoding: .utf8)
            let publicPEM = try P256.Signing.PrivateKey(pemRepresentation: pem).publicKey.pemRepresentation
            let kid = try UserToken.thumbprint(try .init(pem: publicPEM))
            let header = Self.base64URL(Data(#"{"alg":"HS256","kid":"\#(kid)","typ":"JWT"}"#.utf8))
            let body = Self.base64URL(try JSONEncoder().encode(claims()))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(body)".utf8), using: SymmetricKey(data: Data(publicPEM.utf8)))
            return Self.bearer("\(header).\(body).\(Self.base64URL(Data(mac)))")
        case .unknownKey:
            let signer = try await UserTokenSigner(privateKeyPEM: P256.Signing.PrivateKey().pemRepresentation, issuer: principal.uri)
            return Self.bearer(try await signer.sign(claims()))
        case .tooLong:
            return Self.bearer(try await signer(identity).sign(claims(lifetime: 7_200)))
        case .notBearer:
            var metadata: Metadata = [:]
            metadata.addString("Basic " + (try await token(identity, user: user)), forKey: UserToken.metadataKey)
            return metadata
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

@Suite("User tokens and roles (issue 13)", .serialized)
struct UserTokenTests {
    /// Every mutating RPC a court or the command centre calls.
    static let mutating: [(String, AuthorisationTable.Rule)] = AuthorisationTable.rules
        .filter { $0.value.mutates && TestServer.tokenIdentity($0.value) != nil }
        .map { ($0.key.fullyQualifiedMethod, $0.value) }
        .sorted { $0.0 < $1.0 }

    @Test("every mutating RPC × (no token, each bad token, a valid token of the wrong role, one of the right role): UNAUTHENTICATED, PERMISSION_DENIED, past authorisation; nothing written")
    func matrix() async throws {
        #expect(Self.mutating.count >= 30)
        try await TestServer.with { server in
            var calls = 0
            for (method, rule) in Self.mutating {
                let identity = try #require(TestServer.tokenIdentity(rule))
                let assignable: Set<UserRole> = identity == "command-centre" ? [.commandOfficer] : UserRole.courtRoles
                let right = CourtUser(id: "right-user", roles: rule.userRoles.isEmpty ? assignable : rule.userRoles.intersection(assignable))
                try await server.rawGRPC(certificate: server.pki.clientCertificate(identity).path) { client in
                    for bad in BadToken.allCases {
                        let metadata = try await server.metadata(bad, identity: identity, user: right)
                        let code = await callAny(method, client, metadata: metadata)
                        #expect(code == .unauthenticated, "\(method) with \(bad.rawValue): \(String(describing: code))")
                        calls += 1
                    }
                    if !rule.userRoles.isEmpty {
                        let wrong = CourtUser(id: "wrong-user", roles: assignable.subtracting(rule.userRoles))
                        let code = await callAny(method, client, metadata: TestServer.bearer(try await server.token(identity, user: wrong)))
                        #expect(code == .permissionDenied, "\(method) with roles \(wrong.roles): \(String(describing: code))")
                        calls += 1
                    }
                    let code = await callAny(method, client, metadata: TestServer.bearer(try await server.token(identity, user: right)))
                    #expect(code != .unauthenticated && code != .permissionDenied, "\(method) with roles \(right.roles): \(String(describing: code))")
                    calls += 1
                }
            }
            #expect(calls > 400)
            // An empty request is refused by every mutating RPC but one: a dashboard link needs no
            // field (the caller's own scope), so the right role's call made exactly one link.
            let journal = try await server.application.store.journalEntries(after: 0, limit: 100)
            #expect(journal.map(\.action) == ["dashboard.link"], "no other call of the matrix wrote anything")
        }
    }

    @Test("reads need a token too (any role), and a read with a bad token is refused")
    func reads() async throws {
        try await TestServer.with { server in
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                let user = CourtUser(id: "clerk-a", roles: [.clerk])
                for bad in BadToken.allCases {
                    let metadata = try await server.metadata(bad, identity: "court-0105", user: user)
                    #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: metadata) == .unauthenticated, "\(bad.rawValue)")
                }
                let noRoles = TestServer.bearer(try await server.token("court-0105", user: CourtUser(id: "visitor", roles: [])))
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: noRoles) == nil)
                // Spaces and tabs around the token are not part of it; inside it they break it.
                let token = try await server.token("court-0105", user: user)
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(" \t" + token + "\t ")) == nil)
                let broken = String(token.prefix(20)) + " " + String(token.dropFirst(20))
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(broken)) == .unauthenticated)
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(" \t ")) == .unauthenticated)
            }
        }
    }

    @Test("the skew: a token issued 50 s ahead of the server's clock or expired 50 s ago still counts; 70 s does not")
    func skew() async throws {
        try await TestServer.with { server in
            let user = CourtUser(id: "judge-li", roles: [.judge])
            let now = server.clock.now()
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                for (issued, lifetime, ok) in [(50.0, 600.0, true), (70, 600, false), (-650, 600, true), (-670, 600, false)] {
                    let token = try await server.token("court-0105", user: user, issuedAt: now.addingTimeInterval(issued), lifetime: lifetime)
                    let code = await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(token))
                    #expect((code == nil) == ok, "issued \(issued) s: \(String(describing: code))")
                }
            }
        }
    }

    @Test("a token verified once is remembered, yet the same token is refused once it expires on the server's clock")
    func rememberedTokenExpires() async throws {
        try await TestServer.with { server in
            let user = CourtUser(id: "judge-li", roles: [.judge])
            let token = try await server.token("court-0105", user: user, lifetime: 600)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                for _ in 0..<3 {
                    #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(token)) == nil)
                }
                server.clock.set(server.clock.now().addingTimeInterval(600 + UserToken.clockSkew - 1))
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(token)) == nil)
                server.clock.set(server.clock.now().addingTimeInterval(2))
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(token)) == .unauthenticated)
            }
            // A token remembered for one court's certificate counts for no other.
            let fresh = try await server.token("court-0105", user: user, lifetime: 600)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(fresh)) == nil)
            }
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0101").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(fresh)) == .unauthenticated)
            }
        }
    }

    @Test("the remembered tokens: kept per principal and reading of the key files, at most their count and bytes, expired ones dropped first")
    func verifiedTokensTable() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let court = try Principal(uri: "urn:enforcement:court:沪0105"), other = try Principal(uri: "urn:enforcement:court:沪0101")
        func claims(_ subject: String, expires: Date) -> UserTokenClaims {
            UserTokenClaims(issuer: court.uri, audience: UserToken.defaultAudience, subject: subject, name: subject, roles: ["judge"],
                            issuedAt: expires.addingTimeInterval(-600), expires: expires)
        }
        let table = VerifiedTokens(capacity: 3)
        let live = now.addingTimeInterval(600), gone = now.addingTimeInterval(-UserToken.clockSkew - 1)
        table.keep(claims("a", expires: live), of: .init(principal: court, token: "a"), bytes: 100, generation: 1, now: now)
        #expect(table.claims(of: .init(principal: court, token: "a"), generation: 1)?.sub.value == "a")
        #expect(table.claims(of: .init(principal: other, token: "a"), generation: 1) == nil, "another principal's certificate")
        #expect(table.claims(of: .init(principal: court, token: "a"), generation: 2) == nil, "a later reading of the key files")
        #expect(table.claims(of: .init(principal: court, token: "a"), generation: 1) == nil, "forgotten once the reading changed")
        table.keep(claims("b", expires: gone), of: .init(principal: court, token: "b"), bytes: 100, generation: 1, now: now)
        table.keep(claims("c", expires: live), of: .init(principal: court, token: "c"), bytes: 100, generation: 1, now: now)
        table.keep(claims("d", expires: live), of: .init(principal: court, token: "d"), bytes: 100, generation: 1, now: now)
        #expect(table.count == 3)
        // Full: the expired token goes first.
        table.keep(claims("e", expires: live), of: .init(principal: court, token: "e"), bytes: 100, generation: 1, now: now)
        #expect(table.count == 3)
        #expect(table.claims(of: .init(principal: court, token: "b"), generation: 1) == nil)
        #expect(table.claims(of: .init(principal: court, token: "c"), generation: 1) != nil)
        // Full of live tokens: all are forgotten (each is verified again on its next call).
        table.keep(claims("f", expires: live), of: .init(principal: court, token: "f"), bytes: 100, generation: 1, now: now)
        #expect(table.count == 1)
        #expect(table.claims(of: .init(principal: court, token: "f"), generation: 1) != nil)
        // The bytes bound: a token larger than the whole table is not kept; one that would pass it
        // makes room the same way.
        let small = VerifiedTokens(capacity: 100, byteCapacity: 1_000)
        small.keep(claims("big", expires: live), of: .init(principal: court, token: "big"), bytes: 1_001, generation: 1, now: now)
        #expect(small.count == 0 && small.bytes == 0)
        for name in ["g", "h"] {
            small.keep(claims(name, expires: live), of: .init(principal: court, token: name), bytes: 400, generation: 1, now: now)
        }
        small.keep(claims("g", expires: live), of: .init(principal: court, token: "g"), bytes: 400, generation: 1, now: now)
        #expect(small.count == 2 && small.bytes == 800, "the same token again replaces its entry")
        small.keep(claims("i", expires: live), of: .init(principal: court, token: "i"), bytes: 400, generation: 1, now: now)
        #expect(small.count == 1 && small.bytes == 400)
        #expect(small.claims(of: .init(principal: court, token: "i"), generation: 1) != nil)
        #expect(small.claims(of: .init(principal: court, token: "i"), generation: 2) == nil)
        #expect(small.count == 0 && small.bytes == 0, "an entry of an old reading is dropped with its bytes")
    }

    @Test("the faked chain over the wire: one tool naming three users is refused; only three verified users in their roles pay out")
    func fakedChain() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling(handlingJudge: "judge-li")).number.description }
            let account = try await server.client { try #require(try await $0.balance(ofCase: number).accounts.first?.number) }
            let at = ISO8601DateFormatter().string(from: server.clock.now())
            _ = try await server.client("custodian-boc-sh") {
                try await $0.reportReceipt(ReportReceipt(bankTransactionID: "IN-1", payerName: "甲", payerAccount: "1", amountFen: 100_000,
                                                         accountWritten: account.description, receivedAt: at))
            }
            let payout = try await server.client(user: "judge-li") {
                try await $0.proposePayout(ProposePayout(caseNumber: number, escrowAccount: account.description, purpose: .payee, payeeName: "张三",
                                                         payeeAccount: "1", payeeBank: "b", amountFen: 50_000))
            }
            let journal = try await server.journalCount()
            // The old way: a free name in metadata. Refused before any rule runs.
            var legacy = ClientConfiguration.development(dataDirectory: server.directory.path, identity: "court-0105", port: server.port)
            legacy.legacyUser = "赵局长"
            legacy.maxAttempts = 1
            let named = await #expect(throws: EnforcementError.self) {
                try await EnforcementClient.with(legacy) { _ = try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .bureauChief)) }
            }
            #expect(named?.code == .unauthenticated)
            // The judge's own valid token at the bureau-chief stage: the role is the token's.
            let asJudge = await #expect(throws: EnforcementError.self) {
                try await server.client(user: "judge-li") { _ = try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .bureauChief)) }
            }
            #expect(asJudge?.code == .permissionDenied)
            #expect(try await server.journalCount() == journal, "nothing written by the refusals")
            _ = try await server.client(user: "chief-zhao") { try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .bureauChief)) }
            let approved = try await server.client(user: "finance-qian") { try await $0.approvePayout(ApprovePayout(payoutID: payout.id, stage: .finance)) }
            #expect(approved.status == .approved && approved.approvals.map(\.user) == ["judge-li", "chief-zhao", "finance-qian"])
            let entries = try await server.application.store.journalEntries(after: 0, limit: 100)
            #expect(entries.suffix(3).map { $0.user ?? "" } == ["judge-li", "chief-zhao", "finance-qian"])
        }
    }

    @Test("time limits: the extension over the wire — a clerk asks, a judge cannot approve, the president does")
    func extensionByRole() async throws {
        try await TestServer.with { server in
            let number = try await server.client { try await $0.fileCase(goodFiling()).number.description }
            let asked = try await server.client(user: "clerk-sun") { try await $0.extendLimit(ExtendLimit(caseNumber: number, months: 2, reason: "拍卖程序中")) }
            #expect(asked.extensionRequest?.months == 2 && asked.extensionRequest?.requestedBy == "clerk-sun" && asked.extensionMonths == 0)
            for user in ["judge-li", "chief-zhao", "clerk-sun"] {
                let refused = await #expect(throws: EnforcementError.self) {
                    try await server.client(user: user) { _ = try await $0.decideExtension(DecideExtension(caseNumber: number, approve: true, documentNumber: "批1")) }
                }
                #expect(refused?.code == .permissionDenied, "\(user)")
            }
            let approved = try await server.client(user: "president-wu") {
                try await $0.decideExtension(DecideExtension(caseNumber: number, approve: true, documentNumber: "（2026）沪0105执批1号"))
            }
            #expect(approved.extensionMonths == 2 && approved.extensionRequest == nil)
            let entry = try #require(try await server.application.store.journalEntries(after: 0, limit: 100).last)
            #expect(entry.action == "case.decide_extension" && entry.user == "president-wu")
        }
    }

    @Test("key rotation: a second key in the court's JWKS signs at once, the old one until it is removed")
    func rotation() async throws {
        try await TestServer.with { server in
            let user = CourtUser(id: "judge-li", roles: [.judge])
            let oldToken = try await server.token("court-0105", user: user)
            try server.pki.addSigningKey("court-0105")
            try server.application.userKeys.reload()
            let newToken = try await server.token("court-0105", user: user)
            #expect(oldToken != newToken)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(oldToken)) == nil)
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(newToken)) == nil)
            }
            // The court retires the old key: only the newest stays registered.
            try server.pki.addSigningKey("court-0105", retiring: true)
            try server.application.userKeys.reload()
            let newest = try await server.token("court-0105", user: user)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(oldToken)) == .unauthenticated)
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(newToken)) == .unauthenticated)
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(newest)) == nil)
            }
        }
    }

    @Test("a changed JWKS file is read again without a restart")
    func reloadOnChange() async throws {
        try await TestServer.with { server in
            let user = CourtUser(id: "judge-li", roles: [.judge])
            try await Task.sleep(for: .milliseconds(1_100))  // a new modification time
            try server.pki.addSigningKey("court-0105", retiring: true)
            try await Task.sleep(for: .seconds(2.2))  // past the registry's recheck interval
            let token = try await server.token("court-0105", user: user)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                #expect(await callAny("enforcement.v1.CaseService/ListCases", client, metadata: TestServer.bearer(token)) == nil)
            }
        }
    }

    @Test("ENFORCEMENT_USER_TOKENS=optional: the old enforcement-user metadata is accepted, journaled as unverified; a bad token is still refused")
    func optionalMode() async throws {
        try await TestServer.with(configure: { $0.userTokens = .optional }) { server in
            var legacy = ClientConfiguration.development(dataDirectory: server.directory.path, identity: "court-0105", port: server.port)
            legacy.legacyUser = "李法官"
            legacy.maxAttempts = 1
            let filed = try await EnforcementClient.with(legacy) { try await $0.fileCase(goodFiling()) }
            let entry = try #require(try await server.application.store.journalEntries(after: 0, limit: 10).last)
            #expect(entry.user == "李法官" && entry.userName?.contains("未经令牌验证") == true)
            try await server.rawGRPC(certificate: server.pki.clientCertificate("court-0105").path) { client in
                let bad = try await server.metadata(.expired, identity: "court-0105", user: CourtUser(id: "x", roles: [.judge]))
                #expect(await callAny("enforcement.v1.CaseService/GetCase", client, metadata: bad) == .unauthenticated)
            }
            _ = filed
        }
    }

    @Test("the server refuses to start with TLS files but no registry of user keys")
    func productionNeedsKeys() throws {
        var configuration = ServerConfiguration()
        configuration.tls = .init(certificateChain: "/nonexistent", privateKey: "/nonexistent", clientCA: "/nonexistent")
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID())")
        defer { try? FileManager.default.removeItem(at: configuration.dataDirectory) }
        #expect(throws: ConfigurationError.self) { _ = try EnforcementApplication(configuration: configuration, logger: .init(label: "t")) }
    }
}

@Suite("User-token settings")
struct UserTokenSettingsTests {
    @Test("ENFORCEMENT_USER_TOKENS is required (the default) or optional; anything else stops the start")
    func mode() throws {
        #expect(try ServerConfiguration(environment: [:]).userTokens == .required)
        #expect(try ServerConfiguration(environment: ["ENFORCEMENT_USER_TOKENS": "optional"]).userTokens == .optional)
        #expect(throws: ConfigurationError.self) { _ = try ServerConfiguration(environment: ["ENFORCEMENT_USER_TOKENS": "off"]) }
        #expect(throws: ConfigurationError.self) { _ = try ServerConfiguration(environment: ["ENFORCEMENT_TOKEN_AUDIENCE": ""]) }
        let keys = try ServerConfiguration(environment: ["ENFORCEMENT_USER_KEYS": "/etc/enforcement/user-keys.json"])
        #expect(keys.userKeysFile?.path == "/etc/enforcement/user-keys.json")
    }

    @Test("a JWKS with a key that is not EC P-256, or no key, is refused when the registry is read")
    func badJWKS() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = directory.appendingPathComponent("user-keys.json")
        try Data(#"{"urn:enforcement:court:沪0105": "court.jwks.json"}"#.utf8).write(to: registry)
        for jwks in [#"{"keys":[]}"#, #"{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"h"}]}"#, "not json",
                     #"{"keys":[{"kty":"EC","crv":"P-384","x":"AA","y":"AA","kid":"p384"}]}"#] {
            try Data(jwks.utf8).write(to: directory.appendingPathComponent("court.jwks.json"))
            #expect(throws: (any Error).self, "\(jwks)") { _ = try UserKeyRegistry(file: registry) }
        }
    }
}
