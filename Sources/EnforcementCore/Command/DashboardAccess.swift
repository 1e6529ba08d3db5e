import Crypto
public import Foundation

/// What a wall-screen link (指挥中心大屏登录链接) grants: the caller who made it, the court it shows
/// (nil: the whole city) and when it expires. Kept by the store as the answer of the link's write,
/// under the hash of the link's secret, so every server sharing the database can redeem it.
public struct DashboardGrant: Codable, Hashable, Sendable {
    public var version = 1
    public var principal: String
    public var court: CourtCode?
    public var expiresAt: Date
}

/// A signed-in wall screen: kept as the answer of the link's one redemption.
public struct DashboardSession: Codable, Hashable, Sendable {
    public var version = 1
    public var principal: String
    public var court: CourtCode?
    /// SHA-256 (hex) of the session secret the cookie carries; the secret itself is stored nowhere.
    public var secretHash: String
    public var expiresAt: Date

    /// The caller the screen's reads are made as: the principal that made the link.
    public var caller: Caller {
        get throws(EnforcementError) { Caller(principal: try Principal(uri: principal)) }
    }

    /// The court a screen asks for (empty: the session's whole scope). A session made for one
    /// court sees that court only, also when the command centre made its link.
    public func court(asked raw: String) throws(EnforcementError) -> String {
        let asked = raw.trimmingWhitespace
        guard let court else { return asked }
        guard asked.isEmpty || asked == court.value else {
            throw EnforcementError(.permissionDenied, field: "court", "this screen shows \(court) only")
        }
        return court.value
    }
}

/// A link just made: the token goes into the URL once and is stored only as a hash.
public struct DashboardLink: Sendable {
    public var token: String
    public var grant: DashboardGrant
}

struct CreateDashboardLink: CaseCommand, Hashable {
    static let action = "dashboard.link"
    var court: CourtCode?
    var expiresAt: Date
}

struct OpenDashboardSession: CaseCommand, Hashable {
    static let action = "dashboard.login"
    var secretHash: String
    var expiresAt: Date
}

/// Logging in to the wall screen: one-time links made over gRPC by the command centre or a city
/// court, turned into a session once.
///
/// A link is `<principal>.<secret>` (both base64url); the store keeps the grant under
/// `dashboard-link/<sha256(secret)>` of that principal. Redeeming writes
/// `dashboard-login/<sha256(secret)>` with a fresh session secret: a second redemption carries
/// another secret, so the store refuses it as a reused request id with another payload. Both are
/// journal entries (who made a link, when it was used). The session cookie is
/// `<principal>.<sha256(link secret)>.<session secret>`.
public struct DashboardAccess: Sendable {
    public static let linkLifetimeRange = 30...3_600
    public let domain: Domain
    public let linkLifetime: Int
    public let sessionLifetime: Int

    /// Lifetimes in seconds: a link 5 minutes by default (30 s to 1 h), a session 12 hours.
    public init(domain: Domain, linkSeconds: Int = 300, sessionSeconds: Int = 12 * 3_600) {
        self.domain = domain
        linkLifetime = min(max(linkSeconds, Self.linkLifetimeRange.lowerBound), Self.linkLifetimeRange.upperBound)
        sessionLifetime = max(60, sessionSeconds)
    }

    /// A new link for the caller's own court (a court) or any court or the city (the command centre).
    public func createLink(court raw: String, by caller: Caller) async throws -> DashboardLink {
        let court = try domain.courtScope(raw, caller, what: "the wall screen's figures")
        let secret = Self.randomToken()
        let expiresAt = domain.clock.now().addingTimeInterval(Double(linkLifetime))
        let command = CreateDashboardLink(court: court, expiresAt: expiresAt)
        let context = try domain.writeContext(command, caller: caller, requestID: "dashboard-link/" + Self.hash(secret))
        let grant: DashboardGrant = try await domain.store.write(context) { _ in
            (DashboardGrant(principal: caller.principal.uri, court: court, expiresAt: expiresAt), "dashboard \(court?.value ?? "city")")
        }
        return DashboardLink(token: Self.encode(caller.principal.uri) + "." + secret, grant: grant)
    }

    /// Turns a link into a session once; a malformed, unknown, expired or used link is
    /// PERMISSION_DENIED (reason LINK_INVALID, LINK_EXPIRED or LINK_USED) and writes nothing.
    public func redeem(_ token: String) async throws -> (cookie: String, session: DashboardSession) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 512, parts.count == 2, let principal = Self.decode(parts[0]), Self.isToken(parts[1]),
              let caller = try? Caller(principal: Principal(uri: principal)) else { throw Self.invalidLink }
        let linkHash = Self.hash(String(parts[1]))
        guard let kept = try await domain.store.read({ try $0.audit.keptResponse(principal: principal, requestID: "dashboard-link/" + linkHash) }),
              let grant = try? JSONDecoder().decode(DashboardGrant.self, from: Data(kept.utf8)), grant.principal == principal else {
            throw Self.invalidLink
        }
        let now = domain.clock.now()
        guard now < grant.expiresAt else {
            throw EnforcementError(.permissionDenied, "the link expired at \(grant.expiresAt); ask for a new one", reason: "LINK_EXPIRED")
        }
        let secret = Self.randomToken()
        let expiresAt = now.addingTimeInterval(Double(sessionLifetime))
        let context = try domain.writeContext(OpenDashboardSession(secretHash: Self.hash(secret), expiresAt: expiresAt), caller: caller,
                                              requestID: "dashboard-login/" + linkHash)
        do {
            let session: DashboardSession = try await domain.store.write(context) { _ in
                (DashboardSession(principal: principal, court: grant.court, secretHash: Self.hash(secret), expiresAt: expiresAt),
                 "dashboard \(grant.court?.value ?? "city")")
            }
            return (Self.encode(principal) + "." + linkHash + "." + secret, session)
        } catch let error as EnforcementError where error.code == .alreadyExists {
            throw EnforcementError(.permissionDenied, "the link was used already; a link opens one session", reason: "LINK_USED")
        }
    }

    /// The session a cookie names, or UNAUTHENTICATED (malformed, unknown, expired).
    public func session(cookie: String) async throws -> DashboardSession {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard cookie.utf8.count <= 512, parts.count == 3, let principal = Self.decode(parts[0]), parts[1].utf8.count == 64,
              parts[1].utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }), Self.isToken(parts[2]) else {
            throw Self.noSession
        }
        guard let kept = try await domain.store.read({ try $0.audit.keptResponse(principal: principal, requestID: "dashboard-login/" + parts[1]) }),
              let session = try? JSONDecoder().decode(DashboardSession.self, from: Data(kept.utf8)),
              Self.sameDigest(session.secretHash, Self.hash(String(parts[2]))), domain.clock.now() < session.expiresAt else {
            throw Self.noSession
        }
        return session
    }

    static let invalidLink = EnforcementError(.permissionDenied, "this is not a valid wall-screen link", reason: "LINK_INVALID")
    public static let noSession = EnforcementError(.unauthenticated, "no wall-screen session; open a link from `enforcectl command dashboard-link`")

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64URL
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexadecimal
    }

    /// Compares two hex digests without stopping at the first difference.
    static func sameDigest(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func isToken(_ text: Substring) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    static func encode(_ text: String) -> String { Data(text.utf8).base64URL }

    static func decode(_ text: Substring) -> String? {
        guard !text.isEmpty, text.utf8.count <= 200 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }
    }
}

extension Data {
    /// Base64 with the URL alphabet and no padding (RFC 4648 §5).
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
