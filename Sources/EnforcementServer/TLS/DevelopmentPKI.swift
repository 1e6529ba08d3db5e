public import EnforcementCore
public import Foundation
import Crypto
import EnforcementAPI
import JWTKit
import SwiftASN1
import X509

/// A self-made certificate authority for development: a CA, a server certificate for
/// `localhost`/`127.0.0.1`, and client certificates naming principals in their URI SAN.
///
/// Made once under `<data>/pki`; nobody has to run openssl to try the server.
public struct DevelopmentPKI: Sendable {
    /// A client identity to issue: a file name and the principal it names.
    public struct Identity: Sendable {
        public var name: String
        public var principal: Principal
        public init(name: String, principal: Principal) {
            self.name = name
            self.principal = principal
        }
    }

    /// The identities made on first start: two city courts, the command centre, three banks, the
    /// real-estate registry, the custodian bank, a court of another province, the public credit platform.
    public static let defaultIdentities: [Identity] = [
        Identity(name: "court-0105", principal: .court(try! CourtCode("沪0105"))),  // literal codes: valid by construction
        Identity(name: "court-0101", principal: .court(try! CourtCode("沪0101"))),
        Identity(name: "command-centre", principal: .commandCentre(try! CourtCode("沪"))),
        Identity(name: "bank-icbc-sh", principal: .institution("ICBC-SH")),
        Identity(name: "bank-ccb-sh", principal: .institution("CCB-SH")),
        Identity(name: "bank-abc-sh", principal: .institution("ABC-SH")),
        Identity(name: "registry-realestate-sh", principal: .institution("SH-REALESTATE")),
        Identity(name: "custodian-boc-sh", principal: .custodianBank("BOC-SH")),
        Identity(name: "court-su0102", principal: .court(try! CourtCode("苏0102"))),
        Identity(name: "credit-platform", principal: .creditPlatform("SH")),
    ]

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var caCertificate: URL { directory.appendingPathComponent("ca.pem") }
    public var serverCertificate: URL { directory.appendingPathComponent("server.pem") }
    public var serverKey: URL { directory.appendingPathComponent("server-key.pem") }
    public func clientCertificate(_ name: String) -> URL { directory.appendingPathComponent("clients/\(name).pem") }
    public func clientKey(_ name: String) -> URL { directory.appendingPathComponent("clients/\(name)-key.pem") }
    /// The user-token signing key of a development court (what its sign-on would hold), and its JWKS.
    public func signingKey(_ name: String) -> URL { directory.appendingPathComponent("users/\(name)-signing-key.pem") }
    public func jwks(_ name: String) -> URL { directory.appendingPathComponent("users/\(name).jwks.json") }
    /// The registry of every development court's JWKS (`ENFORCEMENT_USER_KEYS` in development).
    public var userKeys: URL { directory.appendingPathComponent("user-keys.json") }

    /// Whether a principal's users carry tokens (courts and the command centre).
    static func signsUserTokens(_ principal: Principal) -> Bool {
        switch principal {
        case .court, .commandCentre: true
        default: false
        }
    }

    /// True when the CA and server certificate already exist.
    public var exists: Bool { FileManager.default.fileExists(atPath: caCertificate.path) }

    /// Creates the CA, the server certificate and the client certificates, unless they exist;
    /// in an existing directory, issues only the identities added since it was made.
    /// Returns true when it created the CA.
    @discardableResult
    public func ensure(identities: [Identity] = defaultIdentities, now: Date = Date()) throws -> Bool {
        if exists {
            for identity in identities where !FileManager.default.fileExists(atPath: clientCertificate(identity.name).path) {
                try issueClient(name: identity.name, uri: identity.principal.encodedURI, now: now)
            }
            try ensureUserKeys(identities)
            return false
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("clients"), withIntermediateDirectories: true)
        let caKey = P256.Signing.PrivateKey()
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: try Self.caName(), subject: try Self.caName(), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        try write(ca.serializeAsPEM().pemString, to: caCertificate)
        try write(Certificate.PrivateKey(caKey).serializeAsPEM().pemString, to: caKeyFile, secret: true)
        try issue(
            commonName: "localhost",
            sans: [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))],
            usage: .serverAuth, certificate: serverCertificate, key: serverKey, now: now)
        for identity in identities {
            try issueClient(name: identity.name, uri: identity.principal.encodedURI, now: now)
        }
        try ensureUserKeys(identities)
        return true
    }

    /// Makes a user-token signing key and its JWKS for every court and command-centre identity that
    /// has none, and writes the registry naming them all.
    public func ensureUserKeys(_ identities: [Identity] = defaultIdentities) throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("users"), withIntermediateDirectories: true)
        var registry: [String: String] = [:]
        if let data = try? Data(contentsOf: userKeys), let existing = try JSONSerialization.jsonObject(with: data) as? [String: String] {
            registry = existing
        }
        for identity in identities where Self.signsUserTokens(identity.principal) {
            if !FileManager.default.fileExists(atPath: signingKey(identity.name).path) {
                try addSigningKey(identity.name)
            }
            registry[identity.principal.uri] = "users/\(identity.name).jwks.json"
        }
        let json = try JSONSerialization.data(withJSONObject: registry, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try write(String(decoding: json, as: UTF8.self), to: userKeys)
    }

    /// A new signing key for `name`: the JWKS keeps the keys already there (a rotation), and the
    /// new key signs from now on. `retiring` drops every older key from the JWKS at once.
    public func addSigningKey(_ name: String, retiring: Bool = false) throws {
        let key = P256.Signing.PrivateKey()
        var keys: [ES256PublicKey] = []
        if !retiring, let data = try? Data(contentsOf: jwks(name)) {
            for jwk in try JSONDecoder().decode(JWKS.self, from: data).keys {
                if let x = jwk.x, let y = jwk.y { keys.append(try ES256PublicKey(parameters: (x, y))) }
            }
        }
        keys.append(try ES256PublicKey(pem: key.publicKey.pemRepresentation))
        try write(key.pemRepresentation, to: signingKey(name), secret: true)
        try write(UserToken.jwks(keys), to: jwks(name))
    }

    /// Issues a client certificate signed by this CA; `uri` is its URI SAN (nil: none).
    public func issueClient(name: String, uri: String?, now: Date = Date()) throws {
        try issue(
            commonName: name, sans: uri.map { [.uniformResourceIdentifier($0)] } ?? [], usage: .clientAuth,
            certificate: clientCertificate(name), key: clientKey(name), now: now)
    }

    private var caKeyFile: URL { directory.appendingPathComponent("ca-key.pem") }

    private static func caName() throws -> DistinguishedName {
        try DistinguishedName {
            OrganizationName("Enforcement Platform (development)")
            CommonName("Enforcement Development CA")
        }
    }

    private func issue(commonName: String, sans: [GeneralName], usage: ExtendedKeyUsage.Usage, certificate: URL, key: URL, now: Date) throws {
        let caKey = try Certificate.PrivateKey(pemEncoded: String(decoding: try Data(contentsOf: caKeyFile), as: UTF8.self))
        let leafKey = P256.Signing.PrivateKey()
        let leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(leafKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(2 * 365 * 86_400),
            issuer: try Self.caName(), subject: try DistinguishedName { CommonName(commonName) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage])
                if !sans.isEmpty { SubjectAlternativeNames(sans) }
            },
            issuerPrivateKey: caKey)
        try write(leaf.serializeAsPEM().pemString, to: certificate)
        try write(Certificate.PrivateKey(leafKey).serializeAsPEM().pemString, to: key, secret: true)
    }

    private func write(_ text: String, to url: URL, secret: Bool = false) throws {
        try Data((text + "\n").utf8).write(to: url, options: .atomic)
        if secret {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
    }
}
