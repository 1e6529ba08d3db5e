public import Foundation
public import EnforcementCore
import EnforcementPostgres
import EnforcementAPI

/// How the server runs: where it listens, where its data and certificates are, and its limits.
/// Every key name appears here and nowhere else.
public struct ServerConfiguration: Sendable {
    /// Listen address; 127.0.0.1 unless told otherwise.
    public var host = "127.0.0.1"
    /// Listen port; 0 picks a free one.
    public var port = 8443
    /// Holds the SQLite file and, in development, the self-made PKI.
    public var dataDirectory = URL(fileURLWithPath: "data")
    /// TLS material; nil means the development PKI under `<data>/pki`, made on first start.
    public var tls: TLSFiles?

    /// Largest request message accepted (bytes).
    public var maxRequestBytes = 1 << 20
    /// Concurrent streams one HTTP/2 connection may open (each may buffer up to `maxRequestBytes`).
    public var maxConcurrentStreams = 64
    /// The HTTP/2 flow-control window the server grants (bytes a client may send ahead of the server
    /// reading them, per stream and per connection; `ENFORCEMENT_HTTP2_WINDOW_KIB`). 256 KiB covers
    /// the bandwidth-delay product of a mobile link uploading evidence (20 Mbit/s at 100 ms is 250 KB)
    /// while keeping what unfinished streams can park small; a larger window speeds uploads on fast
    /// links at the price of more bytes buffered per stream (`scripts/bench-field.sh` shows both).
    public var http2WindowBytes = 256 << 10
    /// Open connections per caller IP address, and in all, on each listener.
    public var connectionsPerAddress = 16
    public var maxConnections = 1_024
    /// A connection that has not opened a stream this long after it was accepted (a TLS handshake
    /// that never ends, a refused certificate, a client that never calls) is closed.
    public var firstStreamDeadline: Duration = .seconds(10)
    /// Live `Watch…` streams one principal holds at once.
    public var watchStreamsPerPrincipal = 4
    /// Evidence uploads and downloads one principal (a court) runs at once (`ENFORCEMENT_TRANSFER_STREAMS`).
    public var transferStreamsPerPrincipal = 16
    /// The largest evidence file accepted (`ENFORCEMENT_EVIDENCE_MAX_MB`, default 200 MiB).
    public var maxEvidenceBytes: Int64 = 200 << 20
    /// Where evidence files live (`ENFORCEMENT_EVIDENCE_DIR`); `<data>/evidence` by default.
    public var evidenceDirectory: URL?
    /// A connection with no RPCs for this long is closed.
    public var maxIdleTime: Duration = .seconds(300)
    /// How long one message of a live stream may wait for a reader that stopped reading before the
    /// stream is dropped (`ENFORCEMENT_STREAM_WRITE_SECONDS`).
    public var streamWriteLimit: Duration = .seconds(60)
    /// A connection older than this is asked to go away (clients reconnect), spreading load.
    public var maxConnectionAge: Duration = .seconds(3600)
    /// Time given to in-flight RPCs when a connection is aged out or the server stops.
    public var maxGraceTime: Duration = .seconds(30)

    /// The assisting institutions (JSON); nil means the development registry shipped with the server.
    public var institutionsFile: URL?
    /// The custodian bank of the case-funds accounts: its certificate names `custodian-bank:<id>`.
    public var custodianBank = "BOC-SH"
    /// The public credit platform that reads the dishonest-debtor list: its certificate names `credit-platform:<id>`.
    public var creditPlatform = "SH"
    /// How often the control and funds monitors look for overdue answers, expiring freezes and re-queries.
    public var monitorInterval: Duration = .seconds(60)
    /// How often a stream re-reads the store for rows written by another server instance
    /// (`ENFORCEMENT_WATCH_POLL_SECONDS`); with PostgreSQL, LISTEN/NOTIFY wakes it at once and this is the fallback.
    public var watchPollInterval: Duration = .seconds(1)

    /// The public listener (disclosure lookups, server-only TLS, no client certificate); nil turns it off.
    public var publicPort: Int? = 8444
    /// The plaintext health listener (`grpc.health.v1.Health` only, no TLS), for load balancers and
    /// probes that hold no certificate; bound to 127.0.0.1 unless `healthHost` says otherwise; nil turns it off.
    public var healthPort: Int? = 8445
    public var healthHost = "127.0.0.1"
    /// The plain-HTTP metrics listener (`GET /metrics`, Prometheus text), bound to 127.0.0.1 unless
    /// `metricsHost` says otherwise; nil turns it off.
    public var metricsPort: Int? = 9464
    public var metricsHost = "127.0.0.1"
    /// The wall screen's HTTPS listener (server-only TLS with the main listener's certificate; a
    /// one-time link from `CreateDashboardLink` signs a browser in); on `host`; nil turns it off.
    public var dashboardPort: Int? = 8446
    /// The screen's address as browsers reach it (e.g. behind a load balancer), for the links;
    /// default `https://<host>:<bound port>`.
    public var dashboardURL: URL?
    /// How long a dashboard link may wait to be opened (30 s to 1 h; default 5 minutes).
    public var dashboardLinkSeconds = 300
    /// Wall screens connected at once to this server (each holds one event stream).
    public var dashboardStreams = 64
    /// How often the store is probed with a heartbeat commit (health is NOT_SERVING while it fails).
    public var healthProbeInterval: Duration = .seconds(5)
    /// Public holidays and working weekend days (one `YYYY-MM-DD` or `+YYYY-MM-DD` per line); none by default.
    public var holidaysFile: URL?
    /// Gateways of the notification channels (HTTP POST of a JSON message); a channel without one
    /// writes to `notifications.jsonl` in the data directory (the development adapter).
    public var channelGateways: [ChannelKind: URL] = [:]
    /// Parties are told by SMS (default) or WeChat at their mobile number.
    public var partyChannel: ChannelKind = .sms
    /// How often the notifier delivers due messages.
    public var notifyInterval: Duration = .seconds(5)
    /// Failed attempts before a message is a dead letter.
    public var notifyMaxAttempts = 5
    /// The first retry's delay; each later one doubles, up to an hour.
    public var notifyBaseDelay: Duration = .seconds(60)

    /// The registry of each court's user-token keys (principal URI → JWKS file); nil means the
    /// development PKI's `user-keys.json` (required when the TLS files are configured).
    public var userKeysFile: URL?
    /// Whether every court and command-centre call must carry a user token (the default), or may
    /// still name its user in the old `enforcement-user` metadata while a court moves over.
    public var userTokens: UserTokenVerifier.Mode = .required
    /// The audience (`aud`) user tokens must name.
    public var tokenAudience = UserToken.defaultAudience
    /// Whether concurrent writes share one durable commit (group commit, the default) or each
    /// commits alone (`ENFORCEMENT_GROUP_COMMIT=off`, for comparison).
    public var groupCommit = true
    /// `ENFORCEMENT_DATABASE_URL` (`postgres://USER:PASSWORD@HOST:PORT/DATABASE`): the PostgreSQL
    /// database several servers share, instead of the SQLite file in the data directory.
    public var databaseURL: String?
    /// How long the PostgreSQL store waits for one statement's answer before it closes the connection
    /// and answers UNAVAILABLE (`ENFORCEMENT_DATABASE_ANSWER_SECONDS`, default 30).
    public var databaseAnswerTimeout: Duration = .seconds(30)

    /// Where the records are, for logs: the SQLite file, or the PostgreSQL host and database (no
    /// password) and how the connection is protected.
    public var databaseDescription: String {
        guard let databaseURL, let url = URLComponents(string: databaseURL) else { return databasePath }
        let tls = PostgresStore.Configuration.TLSMode.of(url: databaseURL).map { $0 == .disable ? "no TLS" : "TLS \($0.rawValue)" } ?? "?"
        return "postgres://\(url.host ?? "?"):\(url.port ?? 5432)\(url.path) (\(tls))"
    }

    public struct TLSFiles: Sendable {
        public var certificateChain: String
        public var privateKey: String
        /// The deployment CA that issues client certificates; never the system trust store.
        public var clientCA: String

        public init(certificateChain: String, privateKey: String, clientCA: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
            self.clientCA = clientCA
        }
    }

    public init() {}

    /// Reads `ENFORCEMENT_HOST`, `ENFORCEMENT_PORT`, `ENFORCEMENT_DATA_DIR`, `ENFORCEMENT_INSTITUTIONS`, `ENFORCEMENT_CUSTODIAN_BANK`,
    /// `ENFORCEMENT_MONITOR_SECONDS`, `ENFORCEMENT_USER_KEYS`, `ENFORCEMENT_USER_TOKENS`, `ENFORCEMENT_TOKEN_AUDIENCE`, `ENFORCEMENT_GROUP_COMMIT`, `ENFORCEMENT_DATABASE_URL`, `ENFORCEMENT_WATCH_POLL_SECONDS`, and the three of `ENFORCEMENT_TLS_CERT`, `ENFORCEMENT_TLS_KEY`,
    /// `ENFORCEMENT_TLS_CLIENT_CA` together.
    public init(environment: [String: String]) throws {
        self.init()
        if let host = environment["ENFORCEMENT_HOST"] { self.host = host }
        if let text = environment["ENFORCEMENT_PORT"] {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ConfigurationError("ENFORCEMENT_PORT must be 0-65535, got \(text)")
            }
            self.port = port
        }
        if let dir = environment["ENFORCEMENT_DATA_DIR"] { dataDirectory = URL(fileURLWithPath: dir) }
        if let file = environment["ENFORCEMENT_INSTITUTIONS"] { institutionsFile = URL(fileURLWithPath: file) }
        if let bank = environment["ENFORCEMENT_CUSTODIAN_BANK"] {
            guard !bank.isEmpty, bank.count <= 64 else { throw ConfigurationError("ENFORCEMENT_CUSTODIAN_BANK must be 1-64 characters") }
            custodianBank = bank
        }
        if let platform = environment["ENFORCEMENT_CREDIT_PLATFORM"] {
            guard !platform.isEmpty, platform.count <= 64 else { throw ConfigurationError("ENFORCEMENT_CREDIT_PLATFORM must be 1-64 characters") }
            creditPlatform = platform
        }
        if let text = environment["ENFORCEMENT_CONNECTIONS_PER_ADDRESS"] {
            guard let count = Int(text), (1...10_000).contains(count) else {
                throw ConfigurationError("ENFORCEMENT_CONNECTIONS_PER_ADDRESS must be 1-10000, got \(text)")
            }
            connectionsPerAddress = count
        }
        if let text = environment["ENFORCEMENT_WATCH_STREAMS"] {
            guard let count = Int(text), (1...1_000).contains(count) else {
                throw ConfigurationError("ENFORCEMENT_WATCH_STREAMS must be 1-1000, got \(text)")
            }
            watchStreamsPerPrincipal = count
        }
        if let text = environment["ENFORCEMENT_TRANSFER_STREAMS"] {
            guard let count = Int(text), (1...1_000).contains(count) else {
                throw ConfigurationError("ENFORCEMENT_TRANSFER_STREAMS must be 1-1000, got \(text)")
            }
            transferStreamsPerPrincipal = count
        }
        if let text = environment["ENFORCEMENT_HTTP2_WINDOW_KIB"] {
            guard let kib = Int(text), (64...16_384).contains(kib) else {
                throw ConfigurationError("ENFORCEMENT_HTTP2_WINDOW_KIB must be 64-16384, got \(text)")
            }
            http2WindowBytes = kib << 10
        }
        if let text = environment["ENFORCEMENT_EVIDENCE_MAX_MB"] {
            guard let megabytes = Int64(text), (1...16_384).contains(megabytes) else {
                throw ConfigurationError("ENFORCEMENT_EVIDENCE_MAX_MB must be 1-16384, got \(text)")
            }
            maxEvidenceBytes = megabytes << 20
        }
        if let dir = environment["ENFORCEMENT_EVIDENCE_DIR"] { evidenceDirectory = URL(fileURLWithPath: dir) }
        if let text = environment["ENFORCEMENT_MONITOR_SECONDS"] {
            guard let seconds = Int(text), (1...86_400).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_MONITOR_SECONDS must be 1-86400, got \(text)")
            }
            monitorInterval = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_WATCH_POLL_SECONDS"] {
            guard let seconds = Int(text), (1...3_600).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_WATCH_POLL_SECONDS must be 1-3600, got \(text)")
            }
            watchPollInterval = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_PUBLIC_PORT"] {
            if text == "off" {
                publicPort = nil
            } else {
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ConfigurationError("ENFORCEMENT_PUBLIC_PORT must be 0-65535 or off, got \(text)")
                }
                publicPort = port
            }
        }
        if let text = environment["ENFORCEMENT_HEALTH_PORT"] {
            if text == "off" {
                healthPort = nil
            } else {
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ConfigurationError("ENFORCEMENT_HEALTH_PORT must be 0-65535 or off, got \(text)")
                }
                healthPort = port
            }
        }
        if let host = environment["ENFORCEMENT_HEALTH_HOST"] { healthHost = host }
        if let text = environment["ENFORCEMENT_STREAM_WRITE_SECONDS"] {
            guard let seconds = Int(text), (1...3_600).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_STREAM_WRITE_SECONDS must be 1-3600, got \(text)")
            }
            streamWriteLimit = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_HEALTH_PROBE_SECONDS"] {
            guard let seconds = Int(text), (1...300).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_HEALTH_PROBE_SECONDS must be 1-300, got \(text)")
            }
            healthProbeInterval = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_METRICS_PORT"] {
            if text == "off" {
                metricsPort = nil
            } else {
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ConfigurationError("ENFORCEMENT_METRICS_PORT must be 0-65535 or off, got \(text)")
                }
                metricsPort = port
            }
        }
        if let host = environment["ENFORCEMENT_METRICS_HOST"] { metricsHost = host }
        if let text = environment["ENFORCEMENT_DASHBOARD_PORT"] {
            if text == "off" {
                dashboardPort = nil
            } else {
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ConfigurationError("ENFORCEMENT_DASHBOARD_PORT must be 0-65535 or off, got \(text)")
                }
                dashboardPort = port
            }
        }
        if let text = environment["ENFORCEMENT_DASHBOARD_URL"] {
            guard let url = URL(string: text), url.scheme == "https", url.host != nil, url.query == nil else {
                throw ConfigurationError("ENFORCEMENT_DASHBOARD_URL must be an https:// URL without a query, got \(text)")
            }
            dashboardURL = url
        }
        if let text = environment["ENFORCEMENT_DASHBOARD_LINK_SECONDS"] {
            guard let seconds = Int(text), DashboardAccess.linkLifetimeRange.contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_DASHBOARD_LINK_SECONDS must be 30-3600, got \(text)")
            }
            dashboardLinkSeconds = seconds
        }
        if let file = environment["ENFORCEMENT_HOLIDAYS"] { holidaysFile = URL(fileURLWithPath: file) }
        for kind in ChannelKind.allCases {
            guard let text = environment["ENFORCEMENT_NOTIFY_\(kind.rawValue.uppercased())_URL"] else { continue }
            guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ConfigurationError("ENFORCEMENT_NOTIFY_\(kind.rawValue.uppercased())_URL must be an http(s) URL, got \(text)")
            }
            channelGateways[kind] = url
        }
        if let text = environment["ENFORCEMENT_NOTIFY_PARTY_CHANNEL"] {
            guard let kind = ChannelKind(rawValue: text), kind == .sms || kind == .wechat else {
                throw ConfigurationError("ENFORCEMENT_NOTIFY_PARTY_CHANNEL must be sms or wechat, got \(text)")
            }
            partyChannel = kind
        }
        if let text = environment["ENFORCEMENT_NOTIFY_BASE_SECONDS"] {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_NOTIFY_BASE_SECONDS must be 1-3600, got \(text)")
            }
            notifyBaseDelay = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_NOTIFY_SECONDS"] {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_NOTIFY_SECONDS must be 1-3600, got \(text)")
            }
            notifyInterval = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_NOTIFY_MAX_ATTEMPTS"] {
            guard let count = Int(text), (1...100).contains(count) else {
                throw ConfigurationError("ENFORCEMENT_NOTIFY_MAX_ATTEMPTS must be 1-100, got \(text)")
            }
            notifyMaxAttempts = count
        }
        if let file = environment["ENFORCEMENT_USER_KEYS"] { userKeysFile = URL(fileURLWithPath: file) }
        if let text = environment["ENFORCEMENT_USER_TOKENS"] {
            guard let mode = UserTokenVerifier.Mode(rawValue: text) else {
                throw ConfigurationError("ENFORCEMENT_USER_TOKENS must be required or optional, got \(text)")
            }
            userTokens = mode
        }
        if let audience = environment["ENFORCEMENT_TOKEN_AUDIENCE"] {
            guard (1...200).contains(audience.count) else { throw ConfigurationError("ENFORCEMENT_TOKEN_AUDIENCE must be 1-200 characters") }
            tokenAudience = audience
        }
        if let url = environment["ENFORCEMENT_DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError("ENFORCEMENT_DATABASE_URL must be postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            databaseURL = url
        }
        if let text = environment["ENFORCEMENT_DATABASE_ANSWER_SECONDS"] {
            guard let seconds = Int(text), (1...3_600).contains(seconds) else {
                throw ConfigurationError("ENFORCEMENT_DATABASE_ANSWER_SECONDS must be 1-3600, got \(text)")
            }
            databaseAnswerTimeout = .seconds(seconds)
        }
        if let text = environment["ENFORCEMENT_GROUP_COMMIT"] {
            switch text {
            case "on": groupCommit = true
            case "off": groupCommit = false
            default: throw ConfigurationError("ENFORCEMENT_GROUP_COMMIT must be on or off, got \(text)")
            }
        }
        let tlsKeys = ["ENFORCEMENT_TLS_CERT", "ENFORCEMENT_TLS_KEY", "ENFORCEMENT_TLS_CLIENT_CA"].map { environment[$0] }
        switch tlsKeys.compactMap({ $0 }).count {
        case 0: break
        case 3: tls = TLSFiles(certificateChain: tlsKeys[0]!, privateKey: tlsKeys[1]!, clientCA: tlsKeys[2]!)  // all three present
        default: throw ConfigurationError("set all of ENFORCEMENT_TLS_CERT, ENFORCEMENT_TLS_KEY, ENFORCEMENT_TLS_CLIENT_CA, or none")
        }
    }

    public var exportsDirectory: URL { dataDirectory.appendingPathComponent("exports") }
    public var evidenceStoreDirectory: URL { evidenceDirectory ?? dataDirectory.appendingPathComponent("evidence") }
    public var notificationsFile: URL { dataDirectory.appendingPathComponent("notifications.jsonl") }
    public var databasePath: String { dataDirectory.appendingPathComponent("enforcement.sqlite").path }
    public var developmentPKI: DevelopmentPKI { DevelopmentPKI(directory: dataDirectory.appendingPathComponent("pki")) }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
