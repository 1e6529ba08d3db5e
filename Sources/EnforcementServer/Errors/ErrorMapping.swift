public import EnforcementCore
public import GRPCCore

/// The one place where domain error codes become gRPC status codes.
public enum ErrorMapping {
    /// Metadata key carrying the request field an error concerns.
    public static let fieldKey = "enforcement-field"
    /// The longest message (and field name) an error carries to the caller, in UTF-8 bytes: a
    /// message that repeats what the caller sent is cut here, whatever it quotes.
    public static let maxMessageBytes = 1_024

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
            if let field = error.field { metadata.addString(truncated(field, to: 128), forKey: fieldKey) }
            return RPCError(code: code(for: error.code), message: truncated(error.description, to: maxMessageBytes), metadata: metadata)
        default:
            return RPCError(code: .internalError, message: "internal error; the server log has the details")
        }
    }

    /// At most `limit` UTF-8 bytes of `text`, cut at a character boundary, marked with `…` when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= limit - 3 else { break }
            result.append(character)
            bytes += size
        }
        return result + "…"
    }
}
