import EnforcementAPI
public import EnforcementCore
public import GRPCCore
public import Logging

/// Authenticates every call from its client certificate (and, for a court or the command centre,
/// its user token), applies the ``AuthorisationTable``, holds a live stream's slot of its
/// principal's quota, and runs the handler (and a streaming handler's producer) as its caller.
/// Errors pass through unmapped: ``EdgeInterceptor`` outside it is the one error edge.
public struct AuthInterceptor: ServerInterceptor {
    let deployment: Deployment
    let tokens: UserTokenVerifier
    let streams: StreamQuota
    /// Evidence uploads and downloads per principal at once.
    let transfers: StreamQuota
    /// How long one message of a live stream may wait for its reader before the stream is dropped.
    let streamWriteLimit: Duration
    let logger: Logger

    public init(deployment: Deployment, tokens: UserTokenVerifier, streams: StreamQuota = StreamQuota(),
                transfers: StreamQuota = StreamQuota(perPrincipal: 16), streamWriteLimit: Duration = .seconds(60), logger: Logger) {
        self.deployment = deployment
        self.tokens = tokens
        self.streams = streams
        self.transfers = transfers
        self.streamWriteLimit = streamWriteLimit
        self.logger = logger
    }

    /// The calls that move evidence bytes, each holding a slot of `transfers` while it runs.
    static let transferMethods: Set<MethodDescriptor> = [
        Enforcement_V1_FieldService.Method.UploadEvidence.descriptor, Enforcement_V1_FieldService.Method.DownloadEvidence.descriptor,
    ]

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var logger = self.logger
        logger[metadataKey: "rpc.method"] = "\(context.descriptor.fullyQualifiedMethod)"
        logger[metadataKey: "peer"] = "\(context.remotePeer)"
        if let requestID = request.metadata[stringValues: CallerIdentity.requestIDKey].first(where: { _ in true }) {
            logger[metadataKey: "request.id"] = "\(requestID.prefix(128))"
        }
        do {
            let principal = try CallerIdentity.principal(of: context)
            logger[metadataKey: "principal"] = "\(principal.uri)"
            guard let role = principal.role(in: deployment) else {
                throw EnforcementError(.unauthenticated, "the client certificate names a principal this deployment does not know")
            }
            // A court's and the command centre's users are named by the court's signed token.
            // (Health checks and reflection are open to any certificate of the CA, without a token.)
            let user = AuthorisationTable.rules[context.descriptor]?.needsUser == false
                ? nil : try await tokens.user(of: principal, role: role, metadata: request.metadata, logger: logger)
            if let user { logger[metadataKey: "user"] = "\(user.id)" }
            if let denial = AuthorisationTable.check(method: context.descriptor, role: role, user: user)
            {
                throw denial
            }
            let caller = Caller(principal: principal, user: user)
            // A live stream holds a slot of its principal's quota until it ends, however it ends.
            var slot: StreamQuota.Slot?
            if context.descriptor.method.hasPrefix("Watch") {
                guard let taken = streams.acquire(principal.uri) else {
                    throw EnforcementError(.resourceExhausted, "at most \(streams.perPrincipal) live streams per caller; close one first", reason: "STREAM_QUOTA_EXCEEDED")
                }
                slot = taken
            } else if Self.transferMethods.contains(context.descriptor) {
                guard let taken = transfers.acquire(principal.uri) else {
                    throw EnforcementError(.resourceExhausted, "at most \(transfers.perPrincipal) evidence uploads and downloads per caller at once; wait for one to end",
                                           reason: "STREAM_QUOTA_EXCEEDED")
                }
                slot = taken
            }
            var response: StreamingServerResponse<Output>
            do {
                response = try await CallerIdentity.$current.withValue(caller) {
                    try await next(request, context)
                }
            } catch {
                slot?.release()
                throw error
            }
            // A streaming handler runs in the response's producer, after this returns: give it the
            // caller, and end a live stream with its RPC.
            if case .success(var contents) = response.accepted {
                let producer = contents.producer
                let cancellation = context.cancellation
                let limit = streamWriteLimit
                contents.producer = { [slot] writer in
                    defer { slot?.release() }
                    guard slot != nil else {
                        return try await CallerIdentity.$current.withValue(caller) { try await producer(writer) }
                    }
                    // A live stream whose reader stops reading is dropped after `limit`, not held.
                    let patient = RPCWriter(wrapping: PatientWriter(inner: writer, limit: limit))
                    let run: @Sendable () async throws -> Metadata = {
                        try await CallerIdentity.$current.withValue(caller) { try await producer(patient) }
                    }
                    // gRPC signals a cancelled RPC (the client went away, the server stops) through
                    // the context, not by cancelling this task: a live stream must end with its RPC.
                    return try await withThrowingTaskGroup(of: Metadata.self) { group in
                        group.addTask { try await run() }
                        group.addTask {
                            try await cancellation.cancelled
                            throw RPCError(code: .cancelled, message: "the call was cancelled")
                        }
                        defer { group.cancelAll() }
                        return try await group.next()!  // two tasks were added: next() has a result
                    }
                }
                response.accepted = .success(contents)
            } else {
                slot?.release()
            }
            logger.debug("rpc accepted")
            return response
        }
    }
}

/// Passes messages on, but a message its reader has not taken within `limit` ends the stream
/// (RESOURCE_EXHAUSTED): a client that stops reading cannot hold a stream, its quota slot and the
/// page of requests behind it for ever. HTTP/2 flow control already bounds what waits to a window.
struct PatientWriter<Element: Sendable>: RPCWriterProtocol {
    let inner: RPCWriter<Element>
    let limit: Duration

    func write(_ element: Element) async throws {
        let written = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await inner.write(element)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next()!  // two tasks were added: next() has a result
        }
        guard written else {
            throw RPCError(code: .resourceExhausted, message: "the stream was not read for \(limit); it is closed: reconnect and read it")
        }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await write(element) }
    }
}
