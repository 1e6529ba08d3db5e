import CoreMetrics
import EnforcementCore
import EnforcementAPI
public import GRPCCore
public import Logging

/// The one error edge of every listener, and what the operator sees of each call. Outermost, it
/// turns whatever a call ends with into its status once (`ErrorMapping`: domain errors carry their
/// details; anything else is INTERNAL with nothing leaked and is logged), counts the call by method
/// and final status, times it, tracks the calls in flight and the live streams, and records each
/// bank answer's lag. Nothing inside it catches errors to map them again.
public struct EdgeInterceptor: ServerInterceptor {
    let metrics: ServerMetrics
    let logger: Logger
    /// The level of refusals in the log: debug on the main listener, where callers are known;
    /// notice (a line per method and status a minute at most) on the public and health listeners.
    let refusals: Logger.Level
    let throttle = LogThrottle()

    public init(metrics: ServerMetrics, logger: Logger, refusals: Logger.Level = .debug) {
        self.metrics = metrics
        self.logger = logger
        self.refusals = refusals
    }

    /// The answers whose lag is measured.
    static let answers: Set<String> = ["AnswerQuery", "AnswerControl", "AnswerDeduction"]

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = context.descriptor.fullyQualifiedMethod
        var logger = self.logger
        logger[metadataKey: "rpc.method"] = "\(method)"
        logger[metadataKey: "peer"] = "\(context.remotePeer)"
        if let requestID = request.metadata[stringValues: ErrorMapping.requestIDKey].first(where: { _ in true }) {
            logger[metadataKey: "request.id"] = "\(requestID.prefix(128))"
        }
        // The principal is read from the certificate only for a line that will be written.
        if logger.logLevel <= .debug || refusals != .debug, let principal = try? CallerIdentity.principal(of: context) {
            logger[metadataKey: "principal"] = "\(principal.uri)"
        }
        let start = ContinuousClock.now
        let inFlight = metrics.inFlight(method)
        inFlight.increment()
        let (metrics, throttle, refusals) = (self.metrics, self.throttle, self.refusals)
        let logged = logger
        /// Ends the call's accounting; answers the error as its status.
        let finish: @Sendable ((any Error)?) -> RPCError? = { error in
            inFlight.decrement()
            let mapped = error.map(ErrorMapping.rpcError(for:))
            metrics.finished(method, code: ServerMetrics.name(mapped?.code), after: start.duration(to: .now))
            guard let error, let mapped else {
                logged.debug("rpc finished", metadata: ["status": "OK"])
                return nil
            }
            if mapped.code == .internalError {
                // Every distinct failure is logged once a minute at most, with the count of repeats.
                let detail = String(String(reflecting: error).prefix(300))
                if let suppressed = throttle.admit(detail) {
                    var failed = logged
                    if failed[metadataKey: "principal"] == nil, let principal = try? CallerIdentity.principal(of: context) {
                        failed[metadataKey: "principal"] = "\(principal.uri)"
                    }
                    failed.error("rpc failed", metadata: ["status": "\(mapped.code)", "error": "\(detail)", "suppressed": "\(suppressed)"])
                }
            } else if refusals == .debug {
                logged.debug("rpc refused", metadata: ["status": "\(mapped.code)", "reason": "\(mapped.message)"])
            } else if let suppressed = throttle.admit("\(method) \(mapped.code)") {
                logged.log(level: refusals, "rpc refused", metadata: ["status": "\(mapped.code)", "suppressed": "\(suppressed)"])
            }
            return mapped
        }
        var response: StreamingServerResponse<Output>
        do {
            response = try await next(request, context)
        } catch {
            throw finish(error)!  // an error always maps to a status
        }
        switch response.accepted {
        case .success(var contents):
            let producer = contents.producer
            let stream = context.descriptor.method.hasPrefix("Watch") ? metrics.openStreams(context.descriptor.method) : nil
            let measuresLag = Self.answers.contains(context.descriptor.method)
            contents.producer = { writer in
                stream?.increment()
                defer { stream?.decrement() }
                do {
                    let trailers = try await producer(measuresLag ? RPCWriter(wrapping: LagObserver(inner: writer, metrics: metrics)) : writer)
                    _ = finish(nil)
                    return trailers
                } catch {
                    throw finish(error)!
                }
            }
            response.accepted = .success(contents)
        case .failure(let error):
            response.accepted = .failure(finish(error)!)
        }
        return response
    }
}
