public import EnforcementCore
public import GRPCCore

/// The one place where domain error codes become gRPC status codes.
public enum ErrorMapping {
    /// Metadata key carrying the request field an error concerns.
    public static let fieldKey = "enforcement-field"

    public static func code(for code: EnforcementError.Code) -> RPCError.Code {
        switch code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        case .alreadyExists: .alreadyExists
        case .permissionDenied: .permissionDenied
        case .unauthenticated: .unauthenticated
        case .resourceExhausted: .resourceExhausted
        case .unavailable: .unavailable
        default: .internalError
        }
    }

    /// Any error thrown below the RPC layer, as the client will see it. Errors that are neither
    /// domain nor RPC errors are bugs or store failures: INTERNAL, with no detail leaked.
    public static func rpcError(for error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case is CancellationError:
            return RPCError(code: .cancelled, message: "the call was cancelled")
        case let error as EnforcementError:
            var metadata: Metadata = [:]
            if let field = error.field { metadata.addString(field, forKey: fieldKey) }
            return RPCError(code: code(for: error.code), message: error.description, metadata: metadata)
        default:
            return RPCError(code: .internalError, message: "internal error; the server log has the details")
        }
    }
}
