import EnforcementCore
import Foundation
import NIOSSL
import PostgresNIO

extension PostgresStore.Configuration {
    /// The URL's parameters; the last of a repeated name counts.
    static func query(_ components: URLComponents) -> [String: String] {
        Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
    }

    /// How a connection to PostgreSQL is protected: libpq's `sslmode` values that never fall back
    /// to plain text once TLS was asked for.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"

        /// Without `sslmode`: none on the loopback interface, verify-full elsewhere.
        static func `default`(host: String) -> TLSMode {
            ["127.0.0.1", "localhost", "::1"].contains(host) ? .disable : .verifyFull
        }

        /// The mode a database URL asks for (nil when it names none that is allowed), for logs.
        public static func of(url: String) -> TLSMode? {
            guard let components = URLComponents(string: url), let host = components.host else { return nil }
            return TLSMode(rawValue: PostgresStore.Configuration.query(components)["sslmode"] ?? TLSMode.default(host: host).rawValue)
        }

        init(_ text: String) throws {
            guard let mode = TLSMode(rawValue: text) else {
                throw EnforcementError(
                    .invalidArgument, field: "database_url",
                    "sslmode must be verify-full, verify-ca, require or disable (prefer and allow could fall back to plain text)")
            }
            self = mode
        }

        /// The driver's TLS setting; reads the PEM files now.
        func connectionTLS(rootCertificates: String?, certificate: String?, key: String?) throws -> PostgresConnection.Configuration.TLS {
            guard self != .disable else {
                guard rootCertificates == nil, certificate == nil, key == nil else {
                    throw EnforcementError(.invalidArgument, field: "database_url", "sslrootcert, sslcert and sslkey need an sslmode other than disable")
                }
                return .disable
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            switch self {
            case .verifyFull: tls.certificateVerification = .fullVerification
            case .verifyCA: tls.certificateVerification = .noHostnameVerification
            // As libpq: `require` with a root certificate given checks the chain, as `verify-ca` does.
            case .require: tls.certificateVerification = rootCertificates == nil ? .none : .noHostnameVerification
            case .disable: tls.certificateVerification = .none
            }
            if let rootCertificates {
                tls.trustRoots = .certificates(try Self.read("sslrootcert", rootCertificates) { try NIOSSLCertificate.fromPEMFile($0) })
            }
            switch (certificate, key) {
            case (nil, nil): break
            case (let certificate?, let key?):
                tls.certificateChain = try Self.read("sslcert", certificate) { try NIOSSLCertificate.fromPEMFile($0) }.map { .certificate($0) }
                tls.privateKey = .privateKey(try Self.read("sslkey", key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
            default:
                throw EnforcementError(.invalidArgument, field: "database_url", "sslcert and sslkey come together")
            }
            do {
                return .require(try NIOSSLContext(configuration: tls))
            } catch {
                throw EnforcementError(.invalidArgument, field: "database_url", "the TLS settings cannot be used: \(error)")
            }
        }

        private static func read<T>(_ name: String, _ path: String, _ load: (String) throws -> T) throws -> T {
            do {
                let value = try load(path)
                if let certificates = value as? [NIOSSLCertificate], certificates.isEmpty {
                    throw EnforcementError(.invalidArgument, field: "database_url", "\(name) \(path) holds no PEM certificate")
                }
                return value
            } catch let error as EnforcementError {
                throw error
            } catch {
                throw EnforcementError(.invalidArgument, field: "database_url", "\(name) \(path) cannot be used: \(error)")
            }
        }
    }
}
