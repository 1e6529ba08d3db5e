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
    /// The user inside a court principal (judge, clerk, …), sent as `enforcement-user`.
    public var user: String?
    /// Deadline of one attempt.
    public var timeout: Duration = .seconds(15)
    /// Attempts of a call that failed with UNAVAILABLE or DEADLINE_EXCEEDED (same request id each time).
    public var maxAttempts = 4

    public init(host: String = "127.0.0.1", port: Int = 8443, certificate: String, privateKey: String, trustedCA: String, user: String? = nil) {
        self.host = host
        self.port = port
        self.certificate = certificate
        self.privateKey = privateKey
        self.trustedCA = trustedCA
        self.user = user
    }

    /// The development identity `name` (e.g. `court-0105`) from the server's self-made PKI under `dataDirectory`.
    public static func development(
        dataDirectory: String = "data", identity: String, host: String = "127.0.0.1", port: Int = 8443, user: String? = nil
    ) -> ClientConfiguration {
        let pki = URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki")
        return ClientConfiguration(
            host: host, port: port,
            certificate: pki.appendingPathComponent("clients/\(identity).pem").path,
            privateKey: pki.appendingPathComponent("clients/\(identity)-key.pem").path,
            trustedCA: pki.appendingPathComponent("ca.pem").path, user: user)
    }
}
