public import EnforcementAPI
public import EnforcementCore
public import Foundation

/// Gives the user token of the next call.
public protocol UserTokenSource: Sendable {
    func token() async throws -> String
}

/// A fixed token (one a court's sign-on issued, or a test's).
public struct StaticUserToken: UserTokenSource {
    public let value: String
    public init(_ value: String) { self.value = value }
    public func token() async throws -> String { value }
}

/// Mints short-lived user tokens with a court's private key, as a court's sign-on would: what
/// `enforcectl` does with the development keys. A token is reused until 2 minutes before it ends.
public actor UserTokenMinter: UserTokenSource {
    let privateKeyFile: String
    let issuer: String
    let audience: String
    let user: CourtUser
    let lifetime: TimeInterval
    let now: @Sendable () -> Date
    var signer: UserTokenSigner?
    var current: (token: String, expires: Date)?

    public init(privateKeyFile: String, issuer: String, audience: String = UserToken.defaultAudience, user: CourtUser,
                lifetime: TimeInterval = 900, now: @escaping @Sendable () -> Date = { Date() }) {
        self.privateKeyFile = privateKeyFile
        self.issuer = issuer
        self.audience = audience
        self.user = user
        self.lifetime = lifetime
        self.now = now
    }

    public func token() async throws -> String {
        let instant = now()
        if let current, current.expires.timeIntervalSince(instant) > 120 { return current.token }
        let signer = try await loadSigner()
        let token = try await signer.token(for: user, now: instant, lifetime: lifetime)
        current = (token, instant.addingTimeInterval(lifetime))
        return token
    }

    private func loadSigner() async throws -> UserTokenSigner {
        if let signer { return signer }
        guard let pem = try? String(contentsOfFile: privateKeyFile, encoding: .utf8) else {
            throw EnforcementError(.unauthenticated, "user-token signing key \(privateKeyFile) cannot be read (has the server made its development PKI?)")
        }
        let made = try await UserTokenSigner(privateKeyPEM: pem, issuer: issuer, audience: audience)
        signer = made
        return made
    }
}
