import CoreMetrics
import EnforcementAPI
public import EnforcementCore
import EnforcementPostgres
import EnforcementSQLite
import Foundation
import GRPCCore
public import GRPCNIOTransportHTTP2
public import Logging
public import ServiceLifecycle

/// The server: the gRPC listener over mTLS with its services, as one `Service` for a `ServiceGroup`.
public final class EnforcementApplication: Service {
    public typealias Transport = HTTP2ServerTransport.Posix

    public let configuration: ServerConfiguration
    public let store: any EnforcementStore
    public let workflow: CaseWorkflow
    public let control: ControlWorkflow
    public let funds: FundsWorkflow
    public let delegations: DelegationWorkflow
    /// The deadline monitors; the executable runs `monitorServices` in its ServiceGroup, tests call `sweep()`.
    public let controlMonitor: ControlMonitor
    public let fundsMonitor: FundsMonitor
    public let delegationMonitor: DelegationMonitor
    public let deterrence: DeterrenceWorkflow
    public let deterrenceMonitor: DeterrenceMonitor
    public let exportWriter: DishonestExportWriter
    public let disclosure: DisclosureWorkflow
    public let notifications: NotificationWorkflow
    public let field: FieldWorkflow
    public let analysis: AnalysisWorkflow
    public let supervision: SupervisionWorkflow
    public let supervisionMonitor: SupervisionMonitor
    public let dashboardAccess: DashboardAccess
    /// The wall screen's HTTPS listener, if configured; `run()` serves it beside the gRPC listeners.
    public let dashboard: DashboardServer?
    private let transport: Transport
    private let server: GRPCServer<Transport>
    /// The public listener (disclosure lookups without client certificates), if configured.
    private let publicTransport: Transport?
    private let publicServer: GRPCServer<Transport>?
    private let logger: Logger
    /// The plaintext health listener (grpc.health.v1 only), if configured.
    private let healthTransport: Transport?
    private let healthServer: GRPCServer<Transport>?
    /// Whether the server serves (grpc.health.v1), and the probe of the store that feeds it.
    public let health: ServingHealth
    public let healthProbe: StoreHealthProbe
    /// The metrics of this server, and their plain-HTTP listener if configured.
    public let metrics: ServerMetrics
    private let metricsEndpoint: MetricsEndpoint?
    /// The connection limits of the main and public listeners.
    public let connectionGuard: ConnectionGuard
    public let publicConnectionGuard: ConnectionGuard
    /// Live streams per principal on the main listener.
    public let streamQuota: StreamQuota
    /// Each court's registered user-token keys.
    public let userKeys: UserKeyRegistry

    /// Builds the application: opens the store, makes the development PKI if no TLS files are
    /// configured, and prepares (but does not start) the listener.
    public init(
        configuration: ServerConfiguration, clock: any WallClock = SystemWallClock(),
        store: (any EnforcementStore)? = nil, logger: Logger
    ) throws {
        self.configuration = configuration
        self.logger = logger
        try Self.prepareDataDirectory(configuration)
        let metrics = ServerMetrics()
        self.metrics = metrics
        metricsEndpoint = configuration.metricsPort.map { MetricsEndpoint(host: configuration.metricsHost, port: $0, metrics: metrics) }
        let store = try store ?? Self.openStore(configuration, logger: logger, metrics: metrics.factory)
        try Self.restrictDatabaseFiles(configuration)
        self.store = store
        let courts = CourtRegistry.shanghai
        let institutions = try configuration.institutionsFile.map { try InstitutionRegistry(contentsOf: $0) } ?? .development
        let calendar = try configuration.holidaysFile.map { try WorkingCalendar(parsing: String(contentsOf: $0, encoding: .utf8)) } ?? WorkingCalendar()
        let domain = Domain(store: store, clock: clock, courts: courts, institutions: institutions,
                            feed: ChangeFeed(pollInterval: configuration.watchPollInterval), calendar: calendar)
        workflow = CaseWorkflow(domain: domain)
        control = ControlWorkflow(domain: domain)
        funds = FundsWorkflow(domain: domain, custodian: configuration.custodianBank)
        controlMonitor = ControlMonitor(workflow: control)
        fundsMonitor = FundsMonitor(funds: funds)
        delegations = DelegationWorkflow(domain: domain)
        delegationMonitor = DelegationMonitor(delegations: delegations)
        deterrence = DeterrenceWorkflow(domain: domain)
        deterrenceMonitor = DeterrenceMonitor(deterrence: deterrence)
        exportWriter = DishonestExportWriter(deterrence: deterrence, directory: configuration.exportsDirectory)
        disclosure = DisclosureWorkflow(domain: domain)
        field = FieldWorkflow(domain: domain, blobs: try FileEvidenceStore(directory: configuration.evidenceStoreDirectory),
                              policy: FieldPolicy(maxEvidenceBytes: configuration.maxEvidenceBytes))
        analysis = AnalysisWorkflow(domain: domain)
        supervision = SupervisionWorkflow(domain: domain)
        supervisionMonitor = SupervisionMonitor(domain: domain, policy: supervision.policy)
        dashboardAccess = DashboardAccess(domain: domain, linkSeconds: configuration.dashboardLinkSeconds)
        var adapters: [ChannelKind: any NotificationChannel] = [:]
        let developmentChannel = FileChannel(file: configuration.notificationsFile)
        for kind in ChannelKind.allCases {
            adapters[kind] = configuration.channelGateways[kind].map { HTTPGatewayChannel(endpoint: $0) } ?? developmentChannel
        }
        notifications = NotificationWorkflow(domain: domain, channels: adapters, partyChannel: configuration.partyChannel,
                                             maxAttempts: configuration.notifyMaxAttempts, baseDelay: configuration.notifyBaseDelay)

        let tls: ServerConfiguration.TLSFiles
        let userKeysFile: URL
        if let configured = configuration.tls {
            tls = configured
            guard let file = configuration.userKeysFile else {
                throw ConfigurationError("with the TLS files configured, ENFORCEMENT_USER_KEYS must name the registry of the courts' user-token keys")
            }
            userKeysFile = file
        } else {
            let pki = configuration.developmentPKI
            if try pki.ensure() {
                logger.notice(
                    "created development certificates", metadata: ["pki": "\(pki.directory.path)", "clients": "\(pki.directory.path)/clients"])
            }
            tls = .init(certificateChain: pki.serverCertificate.path, privateKey: pki.serverKey.path, clientCA: pki.caCertificate.path)
            userKeysFile = configuration.userKeysFile ?? pki.userKeys
        }
        let userKeys = try UserKeyRegistry(file: userKeysFile, logger: logger)
        self.userKeys = userKeys
        if configuration.userTokens == .optional {
            logger.warning("ENFORCEMENT_USER_TOKENS=optional: calls without a user token may name their user unverified")
        }
        let (access, screen) = (dashboardAccess, WallScreenWorkflow(cases: workflow))
        dashboard = try configuration.dashboardPort.map { port in
            try DashboardServer(access: access, screen: screen, host: configuration.host, port: port,
                                publicURL: configuration.dashboardURL, maxStreams: configuration.dashboardStreams,
                                certificateChain: tls.certificateChain, privateKey: tls.privateKey, logger: logger)
        }
        let connectionGuard = Self.mainConnectionGuard(configuration)
        self.connectionGuard = connectionGuard
        var publicLimits = connectionGuard.limits
        publicLimits.perAddress = min(publicLimits.perAddress, 8)
        var publicBudget = RequestBudget.Limits()
        publicBudget.perStream = 16 * 1_024 + 1_024
        publicBudget.perConnection = 256 * 1_024
        publicBudget.requestDeadline = .seconds(10)
        let publicConnectionGuard = ConnectionGuard(limits: publicLimits, budget: RequestBudget(limits: publicBudget))
        self.publicConnectionGuard = publicConnectionGuard
        let streamQuota = StreamQuota(perPrincipal: configuration.watchStreamsPerPrincipal)
        self.streamQuota = streamQuota
        transport = Self.mainTransport(configuration, tls: tls, connectionGuard: connectionGuard)
        let domainServices: [any RegistrableRPCService] = [
            CaseServiceAdapter(workflow: workflow), ControlServiceAdapter(workflow: control), FundsServiceAdapter(workflow: funds),
            DelegationServiceAdapter(workflow: delegations), DeterrenceServiceAdapter(workflow: deterrence),
            DisclosureServiceAdapter(workflow: disclosure), NotificationServiceAdapter(workflow: notifications),
            FieldServiceAdapter(workflow: field), AnalysisServiceAdapter(workflow: analysis),
            SupervisionServiceAdapter(workflow: supervision), CommandServiceAdapter(access: dashboardAccess, dashboard: dashboard)]
        let descriptors = try ContractDescriptors.load()
        let health = ServingHealth(services: Self.mainServiceNames)
        self.health = health
        healthProbe = StoreHealthProbe(store: store, clock: clock, health: health, interval: configuration.healthProbeInterval, logger: logger,
                                       metrics: metrics)
        let mainIndex = try ReflectionIndex(services: Self.mainServiceNames, descriptors: descriptors)
        server = GRPCServer(
            transport: transport,
            services: domainServices + [
                HealthServiceAdapter(health: health, listener: "main"),
                ReflectionServiceAdapter(index: mainIndex), ReflectionV1AlphaServiceAdapter(index: mainIndex)],
            interceptors: [EdgeInterceptor(metrics: metrics, logger: logger), AuthInterceptor(
                deployment: Deployment(courts: courts, institutions: institutions, custodianBank: configuration.custodianBank,
                                       creditPlatform: configuration.creditPlatform),
                tokens: UserTokenVerifier(registry: userKeys, audience: configuration.tokenAudience, mode: configuration.userTokens, clock: clock),
                streams: streamQuota, transfers: StreamQuota(perPrincipal: configuration.transferStreamsPerPrincipal), streamWriteLimit: configuration.streamWriteLimit, logger: logger)])
        if let publicPort = configuration.publicPort {
            // Server-only TLS: anyone may connect; the lookup is the only service here.
            let publicTransport = Transport(
                address: .ipv4(host: configuration.host, port: publicPort),
                transportSecurity: .tls(
                    certificateChain: [.file(path: tls.certificateChain, format: .pem)],
                    privateKey: .file(path: tls.privateKey, format: .pem)),
                config: .defaults { config in
                    config.rpc.maxRequestPayloadSize = 16 * 1024
                    config.http2.maxConcurrentStreams = 16
                    config.connection.maxIdleTime = .seconds(60)
                    config.connection.maxAge = configuration.maxConnectionAge
                    config.connection.maxGraceTime = configuration.maxGraceTime
                    config.channelDebuggingCallbacks = publicConnectionGuard.callbacks
                })
            self.publicTransport = publicTransport
            let publicIndex = try ReflectionIndex(services: Self.publicServiceNames, descriptors: descriptors)
            publicServer = GRPCServer(
                transport: publicTransport,
                services: [PublicDisclosureServiceAdapter(workflow: disclosure),
                           ReflectionServiceAdapter(index: publicIndex), ReflectionV1AlphaServiceAdapter(index: publicIndex)],
                interceptors: [EdgeInterceptor(metrics: metrics, logger: logger, refusals: .notice)])
        } else {
            publicTransport = nil
            publicServer = nil
        }
        if let healthPort = configuration.healthPort {
            // Plaintext for probes without a certificate: health and nothing else, with small limits.
            let healthTransport = Transport(
                address: .ipv4(host: configuration.healthHost, port: healthPort), transportSecurity: .plaintext,
                config: .defaults { config in
                    config.rpc.maxRequestPayloadSize = 1_024
                    config.http2.maxConcurrentStreams = 8
                    config.connection.maxIdleTime = .seconds(60)
                    config.connection.maxAge = configuration.maxConnectionAge
                    config.connection.maxGraceTime = .seconds(5)
                    config.channelDebuggingCallbacks = publicConnectionGuard.callbacks
                })
            self.healthTransport = healthTransport
            healthServer = GRPCServer(transport: healthTransport, services: [HealthServiceAdapter(health: health, listener: "health")],
                                      interceptors: [EdgeInterceptor(metrics: metrics, logger: logger, refusals: .notice)])
        } else {
            healthTransport = nil
            healthServer = nil
        }
    }

    /// The services of the main listener, as health and reflection name them.
    public static let mainServiceNames: [String] = [
        Enforcement_V1_CaseService.descriptor, Enforcement_V1_ControlService.descriptor, Enforcement_V1_FundsService.descriptor,
        Enforcement_V1_DelegationService.descriptor, Enforcement_V1_DeterrenceService.descriptor,
        Enforcement_V1_DisclosureService.descriptor, Enforcement_V1_NotificationService.descriptor, Enforcement_V1_FieldService.descriptor,
        Enforcement_V1_AnalysisService.descriptor, Enforcement_V1_SupervisionService.descriptor, Enforcement_V1_CommandService.descriptor,
        Grpc_Health_V1_Health.descriptor, Grpc_Reflection_V1_ServerReflection.descriptor, Grpc_Reflection_V1alpha_ServerReflection.descriptor,
    ].map(\.fullyQualifiedService)

    /// The services of the public listener.
    public static let publicServiceNames: [String] = [
        Enforcement_V1_PublicDisclosureService.descriptor, Grpc_Reflection_V1_ServerReflection.descriptor,
        Grpc_Reflection_V1alpha_ServerReflection.descriptor,
    ].map(\.fullyQualifiedService)

    /// The configured store: PostgreSQL when `ENFORCEMENT_DATABASE_URL` names one, else the SQLite file.
    static func openStore(_ configuration: ServerConfiguration, logger: Logger, metrics: any MetricsFactory) throws -> any EnforcementStore {
        guard let url = configuration.databaseURL else {
            return try SQLiteStore(path: configuration.databasePath, groupCommit: configuration.groupCommit, metrics: metrics)
        }
        var postgres = try PostgresStore.Configuration(url: url, groupCommit: configuration.groupCommit)
        postgres.answerTimeout = configuration.databaseAnswerTimeout
        return try PostgresStore(postgres, logger: logger, metrics: metrics)
    }

    /// The main listener's connection limits and request budget.
    public static func mainConnectionGuard(_ configuration: ServerConfiguration) -> ConnectionGuard {
        var limits = ConnectionGuard.Limits()
        limits.perAddress = configuration.connectionsPerAddress
        // Connections never take the last file descriptors: the store, the logs and the second
        // listener keep theirs, so running out of descriptors is a refused connection, not a stuck server.
        limits.total = min(configuration.maxConnections, max(16, (Self.openFileLimit() - 128) / 2))
        limits.firstStreamDeadline = configuration.firstStreamDeadline
        var budget = RequestBudget.Limits()
        budget.perStream = configuration.maxRequestBytes + 1_024
        budget.perConnection = 16 * configuration.maxRequestBytes
        budget.streamingPaths = ["/" + Enforcement_V1_FieldService.Method.UploadEvidence.descriptor.fullyQualifiedMethod]
        return ConnectionGuard(limits: limits, budget: RequestBudget(limits: budget))
    }

    /// The main listener's transport: mutual TLS against the deployment CA, with the configured
    /// message, stream and connection limits. The benchmark builds its echo ceiling on the same.
    public static func mainTransport(
        _ configuration: ServerConfiguration, tls: ServerConfiguration.TLSFiles, connectionGuard: ConnectionGuard
    ) -> Transport {
        Transport(
            address: .ipv4(host: configuration.host, port: configuration.port),
            transportSecurity: .mTLS(
                certificateChain: [.file(path: tls.certificateChain, format: .pem)],
                privateKey: .file(path: tls.privateKey, format: .pem)
            ) { tlsConfig in
                // Client certificates are verified against the deployment CA only, never the system store.
                tlsConfig.trustRoots = .certificates([.file(path: tls.clientCA, format: .pem)])
                tlsConfig.clientCertificateVerification = .noHostnameVerification
            },
            config: .defaults { config in
                config.rpc.maxRequestPayloadSize = configuration.maxRequestBytes
                config.http2.maxConcurrentStreams = configuration.maxConcurrentStreams
                // The window a client may send before the server acknowledges: the transport's 64 KiB
                // default holds an evidence upload to one window per round trip (see the configuration).
                config.http2.targetWindowSize = configuration.http2WindowBytes
                config.connection.maxIdleTime = configuration.maxIdleTime
                config.connection.maxAge = configuration.maxConnectionAge
                config.connection.maxGraceTime = configuration.maxGraceTime
                config.channelDebuggingCallbacks = connectionGuard.callbacks
            })
    }

    /// The soft limit of open file descriptors of this process.
    static func openFileLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1_024 }
        return limit.rlim_cur > UInt64(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }

    /// The data directory holds full ID and phone numbers: it is made (or tightened to) 0700, and
    /// every file the server creates from now on is readable by its owner only (umask 077).
    static func prepareDataDirectory(_ configuration: ServerConfiguration) throws {
        umask(0o077)
        let manager = FileManager.default
        try manager.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: configuration.dataDirectory.path)
    }

    /// The database and its WAL and shared-memory files are 0600, also when an older version made them 0644.
    static func restrictDatabaseFiles(_ configuration: ServerConfiguration) throws {
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: configuration.databasePath + suffix) {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.databasePath + suffix)
        }
    }

    /// The background services to run beside the application in one ServiceGroup.
    public var monitorServices: [DeadlineMonitorService] {
        [controlMonitor.service(interval: configuration.monitorInterval, logger: logger),
         fundsMonitor.service(interval: configuration.monitorInterval, logger: logger),
         delegationMonitor.service(interval: configuration.monitorInterval, logger: logger),
         deterrenceMonitor.service(interval: configuration.monitorInterval, logger: logger),
         exportWriter.service(interval: configuration.monitorInterval, logger: logger),
         field.service(interval: configuration.monitorInterval, logger: logger),
         supervisionMonitor.service(interval: configuration.monitorInterval, logger: logger),
         notifications.service(interval: configuration.notifyInterval, logger: logger)].map { $0.reporting(to: metrics) }
    }

    /// The bound port of the public listener (useful with port 0).
    public var publicListeningPort: Int {
        get async throws {
            guard let publicTransport, let port = try await publicTransport.listeningAddress.ipv4?.port else {
                throw ConfigurationError("the public listener is off or not listening on IPv4")
            }
            return port
        }
    }

    /// The bound port of the plaintext health listener (useful with port 0).
    public var healthListeningPort: Int {
        get async throws {
            guard let healthTransport, let port = try await healthTransport.listeningAddress.ipv4?.port else {
                throw ConfigurationError("the health listener is off or not listening on IPv4")
            }
            return port
        }
    }

    /// The bound port of the metrics listener (useful with port 0), once the server runs.
    public var metricsListeningPort: Int {
        get async throws {
            for _ in 0..<500 {
                if let port = metricsEndpoint?.listeningPort { return port }
                guard metricsEndpoint != nil else { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw ConfigurationError("the metrics listener is off or not listening")
        }
    }

    /// The bound port of the wall screen's listener (useful with port 0), once the server runs.
    public var dashboardListeningPort: Int {
        get async throws {
            for _ in 0..<500 {
                if let port = dashboard?.listeningPort { return port }
                guard dashboard != nil else { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw ConfigurationError("the wall screen's listener is off or not listening")
        }
    }

    /// The bound address once listening (useful with port 0).
    public var listeningPort: Int {
        get async throws {
            guard let port = try await transport.listeningAddress.ipv4?.port else {
                throw ConfigurationError("the server is not listening on IPv4")
            }
            return port
        }
    }

    /// Serves until graceful shutdown (SIGTERM/SIGINT through the ServiceGroup) or cancellation.
    public func run() async throws {
        // With PostgreSQL, other instances' writes wake this one's streams at once (the watchers'
        // periodic re-read stays as the fallback).
        let feed = workflow.feed
        let listener = (store as? PostgresStore).map { postgres in Task { await postgres.listen { feed.publish() } } }
        defer { listener?.cancel() }
        try await metricsEndpoint?.start()
        defer { if let metricsEndpoint { Task { await metricsEndpoint.stop() } } }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                if let healthServer = self.healthServer {
                    group.addTask { try await healthServer.serve() }
                }
                group.addTask {
                    defer {
                        // The listeners that serve the domain have closed: the health listener,
                        // which said NOT_SERVING all along, closes last.
                        self.health.endWatches(on: "health")
                        self.healthServer?.beginGracefulShutdown()
                    }
                    try await withThrowingTaskGroup(of: Void.self) { screen in
                        // The wall screen's listener closes once the gRPC listeners have (its event
                        // streams end with the change feed at graceful shutdown).
                        if let dashboard = self.dashboard { screen.addTask { try await dashboard.run() } }
                        try await withThrowingDiscardingTaskGroup { listeners in
                            listeners.addTask { try await self.server.serve() }
                            if let publicServer = self.publicServer {
                                listeners.addTask { try await publicServer.serve() }
                            }
                        }
                        screen.cancelAll()
                    }
                }
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
    }

    /// Stops accepting new calls, ends the institutions' request streams (they reconnect
    /// elsewhere or later) and lets in-flight calls finish.
    public func beginGracefulShutdown() {
        health.beginShutdown()
        health.endWatches(on: "main")
        server.beginGracefulShutdown()
        publicServer?.beginGracefulShutdown()
        workflow.feed.close()
    }
}
