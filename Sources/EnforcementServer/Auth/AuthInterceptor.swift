public import EnforcementCore
public import GRPCCore
public import Logging

/// Authenticates every call from its client certificate, applies the ``AuthorisationTable``,
/// maps every error to a status in one place, and logs the call with its principal and request id.
public struct AuthInterceptor: ServerInterceptor {
    let deployment: Deployment
    let logger: Logger

    public init(deployment: Deployment, logger: Logger) {
        self.deployment = deployment
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        var logger = self.logger
        logger[metadataKey: "rpc.method"] = "\(context.descriptor.fullyQualifiedMethod)"
        logger[metadataKey: "peer"] = "\(context.remotePeer)"
        if let requestID = request.metadata[stringValues: CallerIdentity.requestIDKey].first(where: { _ in true }) {
            logger[metadataKey: "request.id"] = "\(requestID)"
        }
        do {
            let principal = try CallerIdentity.principal(of: context)
            logger[metadataKey: "principal"] = "\(principal.uri)"
            guard let role = principal.role(in: deployment) else {
                throw EnforcementError(.unauthenticated, "the client certificate names a principal this deployment does not know")
            }
            let user = try CallerIdentity.user(in: request.metadata)
            if let denial = AuthorisationTable.check(
                method: context.descriptor.fullyQualifiedMethod, role: role, user: user)
            {
                throw denial
            }
            let caller = Caller(principal: principal, user: user)
            var response = try await CallerIdentity.$current.withValue(caller) {
                try await next(request, context)
            }
            // A streaming handler runs in the response's producer, after this returns: give it the
            // caller and the same error mapping.
            if case .success(var contents) = response.accepted {
                let producer = contents.producer
                let logger = logger
                contents.producer = { writer in
                    do {
                        return try await CallerIdentity.$current.withValue(caller) { try await producer(writer) }
                    } catch {
                        throw Self.map(error, logger: logger)
                    }
                }
                response.accepted = .success(contents)
            }
            logger.debug("rpc accepted")
            return response
        } catch {
            throw Self.map(error, logger: logger)
        }
    }

    private static func map(_ error: any Error, logger: Logger) -> RPCError {
        let mapped = ErrorMapping.rpcError(for: error)
        if mapped.code == .internalError {
            logger.error("rpc failed", metadata: ["error": "\(String(reflecting: error))"])
        } else {
            logger.debug("rpc refused", metadata: ["status": "\(mapped.code)", "reason": "\(mapped.message)"])
        }
        return mapped
    }
}
