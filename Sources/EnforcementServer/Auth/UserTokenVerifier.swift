public import EnforcementAPI
public import EnforcementCore
public import Foundation
import Crypto
import GRPCCore
import JWTKit
public import Logging
import Synchronization

/// Each court's registered signing keys: a JSON file naming, per principal URI, the JWKS file of
/// that court's public keys (paths relative to the file). A court rotates by adding its new key to
/// its JWKS, signing with it, and removing the old key once the old tokens have expired (an hour at
/// most); the server reads a changed file within seconds, no restart.
///
/// ```json
/// { "urn:enforcement:court:沪0105": "court-0105.jwks.json",
///   "urn:enforcement:command-centre:沪": "command-centre.jwks.json" }
/// ```
public final class UserKeyRegistry: Sendable {
    /// One court's ES256 public keys by key id: a token's `kid` selects its key, and an unknown
    /// `kid` is refused (never a fallback to another key).
    typealias CourtKeys = [String: ES256PublicKey]

    struct State {
        var keys: [Principal: CourtKeys] = [:]
        var stamps: [String: Date] = [:]
        var checked = ContinuousClock.now
        /// Counts the readings of the files: a token verified under an earlier reading is checked again.
        var generation = 0
    }

    public let file: URL
    let recheck: Duration
    let state: Mutex<State>
    let logger: Logger

    /// Reads the registry and every JWKS it names; an unreadable one is an error at start.
    public init(file: URL, recheck: Duration = .seconds(2), logger: Logger = Logger(label: "user-keys")) throws {
        self.file = file
        self.recheck = recheck
        self.logger = logger
        let (keys, stamps) = try Self.load(file)
        state = Mutex(State(keys: keys, stamps: stamps))
    }

    /// The keys of `principal` and the reading they come from, re-reading the files if one changed
    /// since the last look.
    func keys(for principal: Principal) -> (keys: CourtKeys, generation: Int) {
        let (current, due) = state.withLock { state -> ((CourtKeys, Int), Bool) in
            let due = ContinuousClock.now - state.checked >= recheck
            if due { state.checked = .now }
            return ((state.keys[principal] ?? [:], state.generation), due)
        }
        guard due, changed() else { return current }
        do {
            try reload()
        } catch {
            // A court's broken JWKS must not lock every court out: the keys read before stay.
            logger.error("user keys not reloaded; the previous keys stay", metadata: ["file": "\(file.path)", "error": "\(error)"])
        }
        return state.withLock { ($0.keys[principal] ?? [:], $0.generation) }
    }

    /// Reads the files again now.
    public func reload() throws {
        let (keys, stamps) = try Self.load(file)
        state.withLock {
            $0.keys = keys
            $0.stamps = stamps
            $0.checked = .now
            $0.generation += 1
        }
        logger.notice("user keys loaded", metadata: ["principals": "\(keys.count)", "keys": "\(keys.values.map(\.count).reduce(0, +))"])
    }

    /// The principals with registered keys.
    public var principals: Set<Principal> { state.withLock { Set($0.keys.keys) } }

    private func changed() -> Bool {
        let stamps = state.withLock { $0.stamps }
        return stamps.contains { path, stamp in Self.modified(path) != stamp }
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    static func load(_ file: URL) throws -> ([Principal: CourtKeys], [String: Date]) {
        let data = try Data(contentsOf: file)
        guard let entries = try JSONSerialization.jsonObject(with: data) as? [String: String] else {
            throw ConfigurationError("\(file.path): expected an object of principal URI → JWKS file")
        }
        var stamps: [String: Date] = [file.path: modified(file.path) ?? .distantPast]
        var keys: [Principal: CourtKeys] = [:]
        for (uri, path) in entries {
            let principal: Principal
            do { principal = try Principal(uri: uri) } catch { throw ConfigurationError("\(file.path): \(error.message)") }
            let jwksFile = path.hasPrefix("/") ? URL(fileURLWithPath: path) : file.deletingLastPathComponent().appendingPathComponent(path)
            stamps[jwksFile.path] = modified(jwksFile.path) ?? .distantPast
            keys[principal] = try courtKeys(jwksFile)
        }
        return (keys, stamps)
    }

    /// Only EC P-256 keys for ES256 are accepted; a key's id is its `kid` or its RFC 7638 thumbprint.
    static func courtKeys(_ file: URL) throws -> CourtKeys {
        let jwks: JWKS
        do { jwks = try JSONDecoder().decode(JWKS.self, from: Data(contentsOf: file)) } catch {
            throw ConfigurationError("\(file.path) is not a JWKS document: \(error)")
        }
        var keys: CourtKeys = [:]
        for jwk in jwks.keys {
            guard jwk.keyType == .ecdsa, jwk.curve == .ecdsa(.p256), let x = jwk.x, let y = jwk.y,
                  jwk.algorithm == nil || jwk.algorithm == .es256
            else {
                throw ConfigurationError("\(file.path): every key is an EC P-256 key for ES256")
            }
            let key = try ES256PublicKey(parameters: (x, y))
            let kid = try jwk.keyIdentifier?.string ?? UserToken.thumbprint(key)
            keys[kid] = key
        }
        guard !keys.isEmpty else { throw ConfigurationError("\(file.path) holds no key") }
        return keys
    }
}

/// Verifies the user token of a court's or the command centre's call, and answers the user it names.
public struct UserTokenVerifier: Sendable {
    /// `required`: every call of a court or the command centre carries a valid token. `optional`: a
    /// call without one may still name its user in `enforcement-user` (unverified, logged), for a
    /// court still moving to tokens.
    public enum Mode: String, Sendable {
        case required, optional
    }

    public let registry: UserKeyRegistry
    public let audience: String
    public let mode: Mode
    let clock: any WallClock
    let throttle = LogThrottle()
    let verified = VerifiedTokens()

    public init(registry: UserKeyRegistry, audience: String = UserToken.defaultAudience, mode: Mode = .required, clock: any WallClock) {
        self.registry = registry
        self.audience = audience
        self.mode = mode
        self.clock = clock
    }

    /// The roles a principal's users may hold; other roles in a token grant nothing.
    static func assignable(to role: Role) -> Set<UserRole>? {
        switch role {
        case .cityCourt, .externalCourt: UserRole.courtRoles
        case .commandCentre: [.commandOfficer]
        case .institution, .custodianBank, .creditPlatform, .system: nil
        }
    }

    /// The user of a call by `principal`: nil for a principal that calls by certificate alone,
    /// UNAUTHENTICATED for a court or the command centre without a valid token.
    func user(of principal: Principal, role: Role, metadata: Metadata, logger: Logger) async throws(EnforcementError) -> CourtUser? {
        guard let assignable = Self.assignable(to: role) else { return nil }
        let header = metadata[stringValues: UserToken.metadataKey].first(where: { _ in true })
        guard let header else {
            if mode == .optional, let name = try CallerIdentity.user(in: metadata) {
                if let suppressed = throttle.admit("legacy \(principal.uri)") {
                    logger.warning("a call names its user without a token (ENFORCEMENT_USER_TOKENS=optional): roles unverified",
                                   metadata: ["principal": "\(principal.uri)", "suppressed": "\(suppressed)"])
                }
                return CourtUser(id: name, name: "\(name)（未经令牌验证）", roles: assignable, verified: false)
            }
            throw Self.refused("the call carries no user token: send authorization: Bearer <JWT signed by the court's key>")
        }
        guard header.utf8.count <= UserToken.maximumLength + UserToken.scheme.utf8.count,
              header.prefix(UserToken.scheme.count).lowercased() == UserToken.scheme.lowercased()
        else {
            throw Self.refused("the authorization metadata is not a Bearer token of at most \(UserToken.maximumLength) bytes")
        }
        // Spaces and tabs around the token (Foundation's trimming by character set cost as much as the
        // signature check here).
        let raw = header.utf8.dropFirst(UserToken.scheme.utf8.count)
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let token = raw.firstIndex { !blank($0) }.flatMap { first in
            raw.lastIndex { !blank($0) }.map { last in String(decoding: raw[first...last], as: UTF8.self) }
        } ?? ""
        return try await verify(token, principal: principal, assignable: assignable)
    }

    func verify(_ token: String, principal: Principal, assignable: Set<UserRole>) async throws(EnforcementError) -> CourtUser {
        let (keys, generation) = registry.keys(for: principal)
        let remembered = VerifiedTokens.Key(principal: principal, token: token)
        if let claims = verified.claims(of: remembered, generation: generation) {
            return try check(claims, principal: principal, assignable: assignable)
        }
        let claims = try await signed(token, principal: principal, keys: keys)
        let user = try check(claims, principal: principal, assignable: assignable)
        verified.keep(claims, of: remembered, bytes: token.utf8.count, generation: generation, now: clock.now())
        return user
    }

    /// The claims of `token` once its signature verifies with one of the court's registered keys.
    func signed(_ token: String, principal: Principal, keys courtKeys: UserKeyRegistry.CourtKeys) async throws(EnforcementError) -> UserTokenClaims {
        // The header decides nothing but which of the court's keys to try, and only ES256 is accepted:
        // `alg: none`, HS256 with the public key as secret, and every other algorithm are refused here.
        let header: JWTHeader
        do { header = try DefaultJWTParser().parse(Array(token.utf8), as: UserTokenClaims.self).header } catch {
            throw Self.refused("the user token is not a well-formed JWT with the platform's claims (iss, aud, sub, name, roles, iat, exp)")
        }
        guard header.alg == "ES256" else {
            throw Self.refused("user tokens are signed with ES256; this one names \(String((header.alg ?? "no algorithm").prefix(20)))")
        }
        guard let kid = header.kid, !kid.isEmpty else { throw Self.refused("the user token names no key (kid)") }
        guard let key = courtKeys[kid] else {
            throw Self.refused("key \(String(kid.prefix(64))) is not a registered key of \(principal.uri)")
        }
        let claims: UserTokenClaims
        do {
            // A collection with this one key: the signature is checked with ES256 and this key only.
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: key)
            claims = try await keys.verify(Array(token.utf8), as: UserTokenClaims.self)
        } catch {
            throw Self.refused("the user token's signature does not verify with key \(String(kid.prefix(64)))")
        }
        return claims
    }

    /// The user named by signed `claims`, if they are the court's, for this platform, within their
    /// time, and well formed. Checked on every call, also for a token verified before.
    func check(_ claims: UserTokenClaims, principal: Principal, assignable: Set<UserRole>) throws(EnforcementError) -> CourtUser {
        guard (try? Principal(uri: claims.iss.value)) == principal else {
            throw Self.refused("the user token was issued by \(String(claims.iss.value.prefix(80))), not by \(principal.uri) whose certificate calls")
        }
        guard claims.aud.value.contains(audience) else { throw Self.refused("the user token is for another audience, not \(audience)") }
        let now = clock.now()
        let skew = UserToken.clockSkew
        guard claims.exp.value.addingTimeInterval(skew) > now else { throw Self.refused("the user token has expired") }
        guard claims.iat.value.addingTimeInterval(-skew) <= now, (claims.nbf?.value ?? now).addingTimeInterval(-skew) <= now else {
            throw Self.refused("the user token is not valid yet")
        }
        guard claims.exp.value <= now.addingTimeInterval(UserToken.maximumLifetime + skew),
              claims.exp.value.timeIntervalSince(claims.iat.value) <= UserToken.maximumLifetime
        else {
            throw Self.refused("a user token lives at most \(Int(UserToken.maximumLifetime)) seconds")
        }
        func printable(_ text: String) -> Bool {
            (1...64).contains(text.count) && text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value != 127 }
        }
        guard printable(claims.sub.value), printable(claims.name) else {
            throw Self.refused("the user token's sub and name are 1 to 64 printable characters")
        }
        guard claims.roles.count <= 16 else { throw Self.refused("a user token names at most 16 roles") }
        let roles = Set(claims.roles.compactMap(UserRole.init(rawValue:))).intersection(assignable)
        return CourtUser(id: claims.sub.value, name: claims.name, roles: roles)
    }

    static func refused(_ reason: String) -> EnforcementError {
        EnforcementError(.unauthenticated, field: "authorization", reason, reason: "USER_TOKEN_REJECTED")
    }
}

/// User tokens whose signature verified, by principal and the token's SHA-256: a court's tool sends
/// the same token with every call until it expires, and each call parsed it twice and checked its
/// ES256 signature again. A remembered token is still checked on every call for everything that
/// depends on the time (expiry, not-before) and its claims, so an expired one is refused as before;
/// it is trusted only under the reading of the key files that verified it, so a key the court
/// removed stops its tokens at the next reading. Only tokens that verified are kept, so filling the
/// table takes a court's signing key. It holds at most `capacity` tokens of at most `byteCapacity`
/// bytes together (the claims kept are part of the token, so they are smaller); when either would
/// be passed, the expired tokens are dropped, and if that is not enough, all.
final class VerifiedTokens: Sendable {
    struct Key: Hashable {
        let principal: Principal
        let digest: SHA256Digest

        init(principal: Principal, token: String) {
            self.principal = principal
            digest = SHA256.hash(data: Array(token.utf8))
        }
    }

    struct Entry {
        let claims: UserTokenClaims
        let generation: Int
        let bytes: Int
    }

    struct Table {
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    let capacity: Int
    let byteCapacity: Int
    private let table = Mutex(Table())

    init(capacity: Int = 10_000, byteCapacity: Int = 8 << 20) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
    }

    var count: Int { table.withLock { $0.entries.count } }
    var bytes: Int { table.withLock { $0.bytes } }

    /// The claims of a token verified under the key files' reading `generation`.
    func claims(of key: Key, generation: Int) -> UserTokenClaims? {
        table.withLock { table in
            guard let entry = table.entries[key] else { return nil }
            guard entry.generation == generation else {
                table.entries[key] = nil
                table.bytes -= entry.bytes
                return nil
            }
            return entry.claims
        }
    }

    /// Remembers the claims of a token of `bytes` bytes that verified under `generation`.
    func keep(_ claims: UserTokenClaims, of key: Key, bytes: Int, generation: Int, now: Date) {
        guard bytes <= byteCapacity else { return }
        table.withLock { table in
            func full() -> Bool { table.entries.count >= capacity || table.bytes + bytes > byteCapacity }
            if let old = table.entries.removeValue(forKey: key) { table.bytes -= old.bytes }
            if full() {
                table.entries = table.entries.filter {
                    $0.value.claims.exp.value.addingTimeInterval(UserToken.clockSkew) > now && $0.value.generation == generation
                }
                table.bytes = table.entries.values.reduce(0) { $0 + $1.bytes }
                if full() {
                    table.entries.removeAll(keepingCapacity: true)
                    table.bytes = 0
                }
            }
            table.entries[key] = Entry(claims: claims, generation: generation, bytes: bytes)
            table.bytes += bytes
        }
    }
}
