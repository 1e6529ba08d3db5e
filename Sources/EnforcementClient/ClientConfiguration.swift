public import EnforcementCore
public import Foundation

/// Where the server is and who the client is: TLS files, the user inside the principal, deadlines.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The client certificate (PEM) naming the caller's principal.
    public var certificate: String
    public var privateKey: String
    /// The CA that issued the server certificate.
    public var trustedCA: String
    /// The user token of every call (`authorization: Bearer …`) by a court or the command centre:
    /// from the court's sign-on, or minted with a development key (``UserTokenMinter``).
    public var userToken: (any UserTokenSource)?
    /// The old `enforcement-user` metadata, accepted only by a server with `ENFORCEMENT_USER_TOKENS=optional`.
    public var legacyUser: String?
    /// Deadline of a call, over all its attempts (gRPC's retry semantics).
    public var timeout: Duration = .seconds(15)
    /// Attempts of a call that failed with UNAVAILABLE (same request id each time), 1 to 5; grpc-swift's
    /// own retry policy makes them.
    public var maxAttempts = 4
    /// This device's clock: the time a field record says it was sent (the server compares it with its own).
    public var clock: @Sendable () -> Date = { Date() }

    public init(host: String = "127.0.0.1", port: Int = 8443, certificate: String, privateKey: String, trustedCA: String,
                userToken: (any UserTokenSource)? = nil) {
        self.host = host
        self.port = port
        self.certificate = certificate
        self.privateKey = privateKey
        self.trustedCA = trustedCA
        self.userToken = userToken
    }

    /// The development identity `name` (e.g. `court-0105`) from the server's self-made PKI under
    /// `dataDirectory`; for a court or the command centre, `user` gets tokens signed with that
    /// court's development key (`pki/users/<name>-signing-key.pem`).
    public static func development(
        dataDirectory: String = "data", identity: String, host: String = "127.0.0.1", port: Int = 8443, user: CourtUser? = nil,
        principal: Principal? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) -> ClientConfiguration {
        let pki = URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki")
        var configuration = ClientConfiguration(
            host: host, port: port,
            certificate: pki.appendingPathComponent("clients/\(identity).pem").path,
            privateKey: pki.appendingPathComponent("clients/\(identity)-key.pem").path,
            trustedCA: pki.appendingPathComponent("ca.pem").path)
        let signingKey = pki.appendingPathComponent("users/\(identity)-signing-key.pem")
        if let user, let issuer = principal ?? Self.developmentPrincipals[identity] {
            configuration.userToken = UserTokenMinter(privateKeyFile: signingKey.path, issuer: issuer.uri, user: user, now: now)
        }
        configuration.clock = now
        return configuration
    }

    /// The principals of the development identities whose users carry tokens.
    public static let developmentPrincipals: [String: Principal] = {
        var principals: [String: Principal] = [:]
        // Literal codes: valid by construction.
        for (name, code) in [("court-0105", "沪0105"), ("court-0101", "沪0101"), ("court-su0102", "苏0102")] {
            principals[name] = .court(try! CourtCode(code))
        }
        principals["command-centre"] = .commandCentre(try! CourtCode("沪"))
        return principals
    }()
}
