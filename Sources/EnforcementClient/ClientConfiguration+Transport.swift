public import GRPCNIOTransportHTTP2

extension ClientConfiguration {
    /// The HTTP/2 transport to the server: mutual TLS with the client's certificate, trusting only
    /// `trustedCA` for the server's.
    public func transport() throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: .ipv4(address: host, port: port),
            transportSecurity: .mTLS(
                certificateChain: [.file(path: certificate, format: .pem)],
                privateKey: .file(path: privateKey, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: trustedCA, format: .pem)])
            })
    }
}
