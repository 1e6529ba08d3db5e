import ArgumentParser
import EnforcementServer
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `enforcement-server`: reads configuration, bootstraps logging, runs the application in a ServiceGroup.
@main
struct EnforcementServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforcement-server",
        abstract: "The court enforcement platform's gRPC server (mutual TLS).",
        discussion: """
            With no TLS files configured it makes a development CA, server and client certificates under
            <data-dir>/pki on first start. Environment: ENFORCEMENT_HOST, ENFORCEMENT_PORT, ENFORCEMENT_DATA_DIR,
            ENFORCEMENT_TLS_CERT, ENFORCEMENT_TLS_KEY, ENFORCEMENT_TLS_CLIENT_CA, ENFORCEMENT_INSTITUTIONS (a JSON
            file of assisting institutions; default: the development registry), ENFORCEMENT_MONITOR_SECONDS
            (deadline monitor period, default 60), ENFORCEMENT_PUBLIC_PORT (disclosure lookups, server TLS only, default 8444,
            `off` to disable), ENFORCEMENT_HOLIDAYS (a file of holidays, one YYYY-MM-DD per line, +YYYY-MM-DD for a working
            weekend day), ENFORCEMENT_NOTIFY_SMS_URL / _WECHAT_URL / _EMAIL_URL / _WEBHOOK_URL (notification gateways; without
            one a channel writes to <data-dir>/notifications.jsonl), ENFORCEMENT_NOTIFY_PARTY_CHANNEL (sms or wechat),
            ENFORCEMENT_NOTIFY_MAX_ATTEMPTS (default 5), ENFORCEMENT_NOTIFY_BASE_SECONDS (first retry delay, doubling,
            default 60), ENFORCEMENT_NOTIFY_SECONDS (delivery pass period, default 5), ENFORCEMENT_USER_KEYS (JSON file:
            principal URI → JWKS file of each court's user-token keys; required with the TLS files; default
            <data-dir>/pki/user-keys.json), ENFORCEMENT_USER_TOKENS (required, the default, or optional to also accept the
            old enforcement-user metadata unverified), ENFORCEMENT_TOKEN_AUDIENCE (default urn:enforcement:platform),
            ENFORCEMENT_GROUP_COMMIT (on, the default: concurrent writes share one durable commit; off: each commits alone),
            ENFORCEMENT_DATABASE_URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE: a PostgreSQL database shared by several
            servers instead of the SQLite file), ENFORCEMENT_WATCH_POLL_SECONDS (how often streams re-read for other
            instances' writes, default 1; with PostgreSQL, LISTEN/NOTIFY wakes them at once), ENFORCEMENT_HEALTH_PORT (plaintext
            grpc.health.v1 listener, default 8445, `off` to disable), ENFORCEMENT_HEALTH_HOST (default 127.0.0.1) and
            ENFORCEMENT_HEALTH_PROBE_SECONDS (how often the store is probed with a heartbeat commit, default 5),
            ENFORCEMENT_STREAM_WRITE_SECONDS (a live stream whose reader takes no message for this long is dropped, default 60),
            ENFORCEMENT_METRICS_PORT (plain-HTTP GET /metrics for Prometheus, default 9464, `off` to disable) and
            ENFORCEMENT_METRICS_HOST (default 127.0.0.1), ENFORCEMENT_DASHBOARD_PORT (the wall screen's HTTPS listener, default 8446,
            `off` to disable), ENFORCEMENT_DASHBOARD_URL (its address as browsers reach it, for the links; default https://<host>:<port>),
            ENFORCEMENT_DASHBOARD_LINK_SECONDS (how long a link may wait to be opened, 30-3600, default 300), LOG_LEVEL.
            """)

    @Option(help: "Listen address (default 127.0.0.1).") var host: String?
    @Option(help: "Listen port (default 8443).") var port: Int?
    @Option(help: "Public port for disclosure lookups (default 8444, or the listen port + 1 when --port is given; 'off' disables).")
    var publicPort: String?
    @Option(help: "Plaintext health-check port (grpc.health.v1, bound to 127.0.0.1; default 8445, or the listen port + 2 when --port is given; 'off' disables).")
    var healthPort: String?
    @Option(help: "Prometheus metrics port (plain HTTP GET /metrics, bound to 127.0.0.1; default 9464, or the listen port + 3 when --port is given; 'off' disables).")
    var metricsPort: String?
    @Option(help: "Wall-screen HTTPS port (default 8446, or the listen port + 4 when --port is given; 'off' disables).")
    var dashboardPort: String?
    @Option(help: "Data directory for the SQLite file and development PKI (default ./data).") var dataDir: String?

    func run() async throws {
        // StreamLogHandler flushes after every line, so logs redirected to a file appear at once.
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "enforcement-server")

        var config = try ServerConfiguration(environment: ProcessInfo.processInfo.environment)
        if let host { config.host = host }
        if let port {
            config.port = port
            if ProcessInfo.processInfo.environment["ENFORCEMENT_PUBLIC_PORT"] == nil { config.publicPort = port == 0 ? 0 : port + 1 }
            if ProcessInfo.processInfo.environment["ENFORCEMENT_HEALTH_PORT"] == nil { config.healthPort = port == 0 ? 0 : port + 2 }
            if ProcessInfo.processInfo.environment["ENFORCEMENT_METRICS_PORT"] == nil { config.metricsPort = port == 0 ? 0 : port + 3 }
            if ProcessInfo.processInfo.environment["ENFORCEMENT_DASHBOARD_PORT"] == nil { config.dashboardPort = port == 0 ? 0 : port + 4 }
        }
        if let metricsPort {
            if metricsPort == "off" {
                config.metricsPort = nil
            } else {
                guard let value = Int(metricsPort), (0...65535).contains(value) else { throw ValidationError("--metrics-port is 0-65535 or off") }
                config.metricsPort = value
            }
        }
        if let dashboardPort {
            if dashboardPort == "off" {
                config.dashboardPort = nil
            } else {
                guard let value = Int(dashboardPort), (0...65535).contains(value) else { throw ValidationError("--dashboard-port is 0-65535 or off") }
                config.dashboardPort = value
            }
        }
        if let healthPort {
            if healthPort == "off" {
                config.healthPort = nil
            } else {
                guard let value = Int(healthPort), (0...65535).contains(value) else { throw ValidationError("--health-port is 0-65535 or off") }
                config.healthPort = value
            }
        }
        if let publicPort {
            if publicPort == "off" {
                config.publicPort = nil
            } else {
                guard let value = Int(publicPort), (0...65535).contains(value) else { throw ValidationError("--public-port is 0-65535 or off") }
                config.publicPort = value
            }
        }
        if let dataDir { config.dataDirectory = URL(fileURLWithPath: dataDir) }

        let application = try EnforcementApplication(configuration: config, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application), .init(service: application.healthProbe)]
                    + application.monitorServices.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let pki = config.developmentPKI
        // The announcement waits for the listeners' ports. A listener that cannot start (its port
        // taken) never reports one, and that wait cannot be cancelled: so it runs beside the group,
        // and the group's failure ends the command at once, with the reason, instead of a server
        // that hangs half-started.
        let announcement = Task {
            do {
                let port = try await application.listeningPort
                let publicPort = config.publicPort == nil ? "off" : "\(config.host):\(try await application.publicListeningPort)"
                let healthPort = config.healthPort == nil ? "off" : "\(config.healthHost):\(try await application.healthListeningPort)"
                let metricsPort = config.metricsPort == nil ? "off" : "http://\(config.metricsHost):\(try await application.metricsListeningPort)/metrics"
                let dashboard = config.dashboardPort == nil ? "off" : "https://\(config.host):\(try await application.dashboardListeningPort)"
                logger.notice(
                    "listening",
                    metadata: [
                        "address": "\(config.host):\(port)", "public": "\(publicPort)", "health": "\(healthPort)", "metrics": "\(metricsPort)", "dashboard": "\(dashboard)", "database": "\(config.databaseDescription)",
                        "client-certificates": "\(config.tls == nil ? pki.directory.appendingPathComponent("clients").path : "(configured)")",
                    ])
            } catch {
                // A listener that did not start (its port taken: the group's own failure follows
                // with the cause) or has no IPv4 address to announce: the server stops.
                logger.critical("a listener did not start or has no IPv4 address to announce; stopping", metadata: ["error": "\(error)"])
                await group.triggerGracefulShutdown()
            }
        }
        defer { announcement.cancel() }
        do {
            try await group.run()
        } catch {
            logger.critical("the server stopped", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
