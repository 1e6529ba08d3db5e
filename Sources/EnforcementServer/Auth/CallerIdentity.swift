import EnforcementAPI
public import EnforcementCore
import GRPCCore
import GRPCNIOTransportHTTP2
public import X509

/// Reads the caller from a verified client certificate and the call's metadata.
public enum CallerIdentity {
    /// The old metadata key naming the user inside a court principal: read only with
    /// `ENFORCEMENT_USER_TOKENS=optional`, and then unverified (users are named by signed tokens).
    public static let userKey = ErrorMapping.legacyUserKey
    /// Metadata key the client library uses to repeat the request id, for logs.
    public static let requestIDKey = ErrorMapping.requestIDKey

    /// The caller of the RPC being handled; set by ``AuthInterceptor`` around the handler.
    @TaskLocal public static var current: Caller?

    /// The caller of the current RPC, or UNAUTHENTICATED if the interceptor did not run.
    public static func require() throws(EnforcementError) -> Caller {
        guard let caller = current else { throw EnforcementError(.unauthenticated, "no authenticated caller") }
        return caller
    }

    /// The principal named by the certificate's URI SAN. The transport has already verified the
    /// chain against the deployment CA; a missing or unusable certificate is UNAUTHENTICATED.
    public static func principal(of certificate: Certificate?) throws(EnforcementError) -> Principal {
        guard let certificate else {
            throw EnforcementError(.unauthenticated, "no verified client certificate")
        }
        let names: SubjectAlternativeNames?
        do { names = try certificate.extensions.subjectAlternativeNames } catch {
            throw EnforcementError(.unauthenticated, "client certificate has an unreadable subjectAltName")
        }
        let uris = (names ?? SubjectAlternativeNames()).compactMap { name -> String? in
            if case .uniformResourceIdentifier(let uri) = name, uri.hasPrefix("urn:enforcement:") { return uri }
            return nil
        }
        guard uris.count == 1 else {
            throw EnforcementError(.unauthenticated, "a client certificate must name exactly one urn:enforcement: principal, found \(uris.count)")
        }
        let principal = try Principal(uri: uris[0])
        if case .system = principal {
            throw EnforcementError(.unauthenticated, "a certificate cannot name the server's own system principal")
        }
        return principal
    }

    static func principal(of context: ServerContext) throws(EnforcementError) -> Principal {
        let transport = context.transportSpecific as? HTTP2ServerTransport.Posix.Context
        return try principal(of: transport?.peerCertificate)
    }

    /// The user named in the old metadata: 1-64 printable characters, no control characters.
    static func user(in metadata: Metadata) throws(EnforcementError) -> String? {
        guard let user = metadata[stringValues: userKey].first(where: { _ in true }) else { return nil }
        guard (1...64).contains(user.count), user.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else {
            throw EnforcementError.invalid("metadata.enforcement-user", "a user name is 1 to 64 printable characters")
        }
        return user
    }
}
