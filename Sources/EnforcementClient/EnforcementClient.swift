public import EnforcementCore
import EnforcementAPI
import Foundation
public import GRPCCore
import GRPCNIOTransportHTTP2

/// The Swift client library: domain types in and out, a deadline on every call, and safe retries.
///
/// Each mutating call gets a fresh request id (or the caller's), reused on every retry after
/// UNAVAILABLE or DEADLINE_EXCEEDED, so a retry can never apply a change twice.
public struct EnforcementClient: Sendable {
    let cases: Enforcement_V1_CaseService.Client<HTTP2ClientTransport.Posix>
    let controls: Enforcement_V1_ControlService.Client<HTTP2ClientTransport.Posix>
    let funds: Enforcement_V1_FundsService.Client<HTTP2ClientTransport.Posix>
    let delegations: Enforcement_V1_DelegationService.Client<HTTP2ClientTransport.Posix>
    let deterrence: Enforcement_V1_DeterrenceService.Client<HTTP2ClientTransport.Posix>
    let disclosure: Enforcement_V1_DisclosureService.Client<HTTP2ClientTransport.Posix>
    let notifications: Enforcement_V1_NotificationService.Client<HTTP2ClientTransport.Posix>
    let fields: Enforcement_V1_FieldService.Client<HTTP2ClientTransport.Posix>
    let analysis: Enforcement_V1_AnalysisService.Client<HTTP2ClientTransport.Posix>
    let supervision: Enforcement_V1_SupervisionService.Client<HTTP2ClientTransport.Posix>
    let command: Enforcement_V1_CommandService.Client<HTTP2ClientTransport.Posix>
    let configuration: ClientConfiguration

    /// Connects, runs `body` with a client, and closes the connection when `body` returns.
    public static func with<Result: Sendable>(
        _ configuration: ClientConfiguration, _ body: (EnforcementClient) async throws -> Result
    ) async throws -> Result {
        for path in [configuration.certificate, configuration.privateKey, configuration.trustedCA]
        where !FileManager.default.fileExists(atPath: path) {
            throw EnforcementError(.unauthenticated, "TLS file \(path) does not exist (has the server made its development PKI?)")
        }
        return try await withGRPCClient(transport: try configuration.transport()) { grpc in
            try await body(EnforcementClient(cases: .init(wrapping: grpc), controls: .init(wrapping: grpc), funds: .init(wrapping: grpc),
                                       delegations: .init(wrapping: grpc), deterrence: .init(wrapping: grpc), disclosure: .init(wrapping: grpc),
                                       notifications: .init(wrapping: grpc), fields: .init(wrapping: grpc), analysis: .init(wrapping: grpc),
                                       supervision: .init(wrapping: grpc), command: .init(wrapping: grpc), configuration: configuration))
        }
    }

    /// A new request id: a random UUID.
    public static func newRequestID() -> String { UUID().uuidString.lowercased() }

    // MARK: Case workflow

    public func fileCase(_ command: FileCase, requestID: String = newRequestID()) async throws -> CaseSummary {
        try CaseSummary(try await call(requestID) { try await cases.fileCase(.init(command, requestID: requestID), metadata: $0, options: $1) })
    }

    public func getCase(_ number: String) async throws -> CaseSummary {
        var request = Enforcement_V1_GetCaseRequest()
        request.caseNumber = number
        return try CaseSummary(try await call(nil) { try await cases.getCase(request, metadata: $0, options: $1) })
    }

    /// One page of cases; pass the returned token to read the next page (empty at the end).
    public func listCases(
        court: String? = nil, handlingJudge: String? = nil, status: CaseStatus? = nil, overdueOnly: Bool = false,
        pageSize: Int = 50, pageToken: String = ""
    ) async throws -> (cases: [CaseSummary], nextPageToken: String) {
        var request = Enforcement_V1_ListCasesRequest()
        request.courtCode = court ?? ""
        request.handlingJudge = handlingJudge ?? ""
        request.status = status.map(Enforcement_V1_CaseStatus.init) ?? .unspecified
        request.overdueOnly = overdueOnly
        request.pageSize = Int32(clamping: pageSize)
        request.pageToken = pageToken
        let response = try await call(nil) { try await cases.listCases(request, metadata: $0, options: $1) }
        return (try response.cases.map(CaseSummary.init), response.nextPageToken)
    }

    public func assignJudge(_ command: AssignJudge, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_AssignJudgeRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.assignJudge(request, metadata: $0, options: $1) })
    }

    public func recordNode(_ command: RecordNode, requestID: String = newRequestID()) async throws -> NodeEvent {
        let request = Enforcement_V1_RecordNodeRequest(command, requestID: requestID)
        return try NodeEvent(try await call(requestID) { try await cases.recordNode(request, metadata: $0, options: $1) })
    }

    public func suspend(_ command: SuspendCase, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_SuspendCaseRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.suspendCase(request, metadata: $0, options: $1) })
    }

    public func resume(_ command: ResumeCase, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_ResumeCaseRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.resumeCase(request, metadata: $0, options: $1) })
    }

    public func extendLimit(_ command: ExtendLimit, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_ExtendLimitRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.extendLimit(request, metadata: $0, options: $1) })
    }

    /// The court president approves or refuses the extension a case awaits.
    public func decideExtension(_ command: DecideExtension, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_DecideExtensionRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.decideExtension(request, metadata: $0, options: $1) })
    }

    public func close(_ command: CloseCase, requestID: String = newRequestID()) async throws -> CaseSummary {
        let request = Enforcement_V1_CloseCaseRequest(command, requestID: requestID)
        return try CaseSummary(try await call(requestID) { try await cases.closeCase(request, metadata: $0, options: $1) })
    }

    public func timeline(_ number: String) async throws -> [NodeEvent] {
        var request = Enforcement_V1_GetTimelineRequest()
        request.caseNumber = number
        return try await call(nil) { try await cases.getTimeline(request, metadata: $0, options: $1) }.events.map(NodeEvent.init)
    }

    /// The catalogue of process nodes with their deadline rules, as the server knows it.
    public func processNodes() async throws -> [ProcessNode] {
        try await call(nil) { try await cases.listProcessNodes(.init(), metadata: $0, options: $1) }.nodes.map(ProcessNode.init)
    }

    // MARK: Calls

    /// Runs one RPC with its metadata and call options (a deadline, grpc-swift's retry policy);
    /// reads carry no request id and are retried the same way (they change nothing).
    func call<Response: Sendable>(
        _ requestID: String?, _ rpc: (Metadata, CallOptions) async throws -> Response
    ) async throws -> Response {
        try await Self.perform(configuration, requestID: requestID, rpc)
    }

    /// One call with the metadata made once (so every attempt carries the same request id and
    /// token) and `callOptions`; a failure arrives as the domain error it stands for.
    static func perform<Response: Sendable>(
        _ configuration: ClientConfiguration, requestID: String?, _ rpc: (Metadata, CallOptions) async throws -> Response
    ) async throws -> Response {
        let metadata = try await Self.metadata(configuration, requestID: requestID)
        do {
            return try await rpc(metadata, callOptions(configuration))
        } catch let error as RPCError {
            throw Self.domainError(error)
        }
    }

    /// The options of every call: the deadline and grpc-swift's retry policy. Only UNAVAILABLE is
    /// retried (the server was unreachable or going away; a write's request id makes its retry
    /// safe), with backoff from 200 ms doubling to 2 s. DEADLINE_EXCEEDED is not: gRPC's deadline
    /// spans every attempt, and a caller that wants more time retries the call itself with the
    /// same request id.
    public static func callOptions(_ configuration: ClientConfiguration) -> CallOptions {
        var options = CallOptions.defaults
        options.timeout = configuration.timeout
        if configuration.maxAttempts > 1 {
            options.executionPolicy = .retry(RetryPolicy(
                maxAttempts: configuration.maxAttempts, initialBackoff: .milliseconds(200), maxBackoff: .seconds(2),
                backoffMultiplier: 2, retryableStatusCodes: [.unavailable]))
        }
        return options
    }

    /// The metadata of every call: the user's token and, for a change, its request id.
    public static func metadata(_ configuration: ClientConfiguration, requestID: String?) async throws -> Metadata {
        var metadata: Metadata = [:]
        if let source = configuration.userToken {
            metadata.addString(UserToken.scheme + (try await source.token()), forKey: UserToken.metadataKey)
        }
        if let user = configuration.legacyUser { metadata.addString(user, forKey: ErrorMapping.legacyUserKey) }
        if let requestID { metadata.addString(requestID, forKey: ErrorMapping.requestIDKey) }
        return metadata
    }

    /// The server's status as the domain error it came from, with the field and reason it named.
    static func domainError(_ error: RPCError) -> EnforcementError { ErrorMapping.domainError(error) }
}
