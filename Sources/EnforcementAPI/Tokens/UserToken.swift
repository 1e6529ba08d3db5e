public import EnforcementCore
public import Foundation
import Crypto
public import JWTKit

/// The user token a court's sign-on issues for one of its users, and the platform verifies: a JWT
/// signed with the court's own key (ES256), sent as `authorization: Bearer <token>` on every call of
/// a court or the command centre. Part of the wire contract, so the server and the client library
/// read and write the same claims.
///
/// ```
/// header  {"alg":"ES256","kid":"<RFC 7638 thumbprint of the court's key>","typ":"JWT"}
/// payload {"iss":"urn:enforcement:court:沪0105","aud":"urn:enforcement:platform","sub":"li.fang",
///          "name":"李芳","roles":["judge"],"iat":…,"exp":…}     exp at most 1 hour after iat
/// ```
public struct UserTokenClaims: JWTPayload, Equatable {
    /// The court's principal URI (as in its certificate): the token is valid only on that court's connection.
    public var iss: IssuerClaim
    /// The platform (``UserToken/defaultAudience`` unless the deployment says otherwise).
    public var aud: AudienceClaim
    /// The user id in the court's sign-on.
    public var sub: SubjectClaim
    public var name: String
    /// judge, clerk, bureau_chief, finance, president, command_officer.
    public var roles: [String]
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim
    public var nbf: NotBeforeClaim?

    public init(issuer: String, audience: String, subject: String, name: String, roles: [String], issuedAt: Date, expires: Date,
                notBefore: Date? = nil) {
        iss = IssuerClaim(value: issuer)
        aud = AudienceClaim(value: [audience])
        sub = SubjectClaim(value: subject)
        self.name = name
        self.roles = roles
        iat = IssuedAtClaim(value: issuedAt)
        exp = ExpirationClaim(value: expires)
        nbf = notBefore.map { NotBeforeClaim(value: $0) }
    }

    /// Times are checked by the verifier against the server's clock, with its skew; nothing here.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

public enum UserToken {
    /// The metadata key (the gRPC convention) and its scheme.
    public static let metadataKey = "authorization"
    public static let scheme = "Bearer "
    /// The platform's audience unless `ENFORCEMENT_TOKEN_AUDIENCE` names another.
    public static let defaultAudience = "urn:enforcement:platform"
    /// The longest a token may live, and the clock skew allowed on every time claim.
    public static let maximumLifetime: TimeInterval = 3_600
    public static let clockSkew: TimeInterval = 60
    /// A longer header is refused before it is parsed.
    public static let maximumLength = 8_192

    /// The RFC 7638 thumbprint of a P-256 public key, the key id (`kid`) of its JWK.
    public static func thumbprint(_ key: ES256PublicKey) throws -> String {
        guard let parameters = key.parameters else { throw JWTError.invalidJWK(reason: "a P-256 key without coordinates") }
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(parameters.x)","y":"\#(parameters.y)"}"#
        return Data(SHA256.hash(data: Data(canonical.utf8))).base64URLEncoded
    }

    /// A JWKS document (`{"keys":[…]}`) of public keys, each with its thumbprint as `kid` and `alg` ES256.
    public static func jwks(_ keys: [ES256PublicKey]) throws -> String {
        let entries = try keys.map { key -> String in
            guard let parameters = key.parameters else { throw JWTError.invalidJWK(reason: "a P-256 key without coordinates") }
            return #"{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"\#(try thumbprint(key))","x":"\#(parameters.x)","y":"\#(parameters.y)"}"#
        }
        return "{\"keys\":[\n  " + entries.joined(separator: ",\n  ") + "\n]}\n"
    }
}

/// Signs user tokens with a court's private key: what a court's sign-on does, and what the
/// development tools (enforcectl, the tests) do with the development keys.
public struct UserTokenSigner: Sendable {
    let keys: JWTKeyCollection
    let kid: String
    public let issuer: String
    public let audience: String

    /// `pem`: the court's P-256 private key; `issuer`: its principal URI.
    public init(privateKeyPEM pem: String, issuer: String, audience: String = UserToken.defaultAudience) async throws {
        let key = try ES256PrivateKey(pem: pem)
        kid = try UserToken.thumbprint(key.publicKey)
        keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        self.issuer = issuer
        self.audience = audience
    }

    /// A token for `user`, valid from `now` for `lifetime` (at most an hour).
    public func token(for user: CourtUser, now: Date = Date(), lifetime: TimeInterval = 900) async throws -> String {
        let claims = UserTokenClaims(
            issuer: issuer, audience: audience, subject: user.id, name: user.name, roles: user.roles.sorted().map(\.rawValue),
            issuedAt: now, expires: now.addingTimeInterval(min(lifetime, UserToken.maximumLifetime)))
        return try await sign(claims)
    }

    /// Signs any claims (tests use it for tokens the server must refuse).
    public func sign(_ claims: UserTokenClaims) async throws -> String {
        try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
