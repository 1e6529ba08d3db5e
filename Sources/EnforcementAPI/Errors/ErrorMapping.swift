public import EnforcementCore
public import GRPCCore
public import GRPCProtobuf

/// The one edge between domain errors and gRPC statuses, for the server and the client alike:
/// the metadata keys, `EnforcementError → status` (code, message, `google.rpc.Status` details)
/// and its inverse.
public enum ErrorMapping {
    /// Metadata key carrying the request field an error concerns (kept beside the standard
    /// details for clients written against the first contract).
    public static let fieldKey = "enforcement-field"
    /// Metadata key of a change's request id (exactly-once writes).
    public static let requestIDKey = "enforcement-request-id"
    /// Metadata key of the user named without a token (only with ENFORCEMENT_USER_TOKENS=optional).
    public static let legacyUserKey = "enforcement-user"
    /// `google.rpc.ErrorInfo.domain` of every domain error.
    public static let errorDomain = "enforcement.court"
    /// The longest message (and field name) an error carries to the caller, in UTF-8 bytes: a
    /// message that repeats what the caller sent is cut here, whatever it quotes.
    public static let maxMessageBytes = 1_024
    /// How long a caller should wait before retrying an UNAVAILABLE write (the store was busy or
    /// briefly unreachable; the request id makes the retry safe).
    public static let retryDelay: Duration = .seconds(1)

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

    /// The domain code a status stands for (the inverse of `code(for:)`).
    public static func domainCode(for code: RPCError.Code) -> EnforcementError.Code {
        switch code {
        case .invalidArgument, .outOfRange: .invalidArgument
        case .notFound: .notFound
        case .failedPrecondition: .failedPrecondition
        case .alreadyExists: .alreadyExists
        case .permissionDenied: .permissionDenied
        case .unauthenticated: .unauthenticated
        case .resourceExhausted: .resourceExhausted
        case .unavailable, .deadlineExceeded: .unavailable
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
            return RPCError(error)
        default:
            return RPCError(code: .internalError, message: "internal error; the server log has the details")
        }
    }

    /// The standard details of a domain error: always `ErrorInfo` (reason, domain, the field);
    /// `BadRequest` for an invalid field, `PreconditionFailure` for a state conflict, `RetryInfo`
    /// where retrying can help.
    public static func details(of error: EnforcementError) -> [ErrorDetails] {
        let field = error.field.map { truncated($0, to: 128) }
        let message = truncated(error.message, to: maxMessageBytes)
        var details: [ErrorDetails] = [
            .errorInfo(reason: error.reason, domain: errorDomain, metadata: field.map { ["field": $0] } ?? [:]),
        ]
        switch error.code {
        case .invalidArgument:
            details.append(.badRequest(violations: [.init(field: field ?? "", description: message)]))
        case .failedPrecondition:
            details.append(.preconditionFailure(violations: [.init(type: error.reason, subject: field ?? "", description: message)]))
        case .unavailable:
            details.append(.retryInfo(delay: retryDelay))
        default:
            break
        }
        return details
    }

    /// The domain error a status stands for, with the field and reason its details (or, from an
    /// older server, the field trailer) name.
    public static func domainError(_ error: RPCError) -> EnforcementError {
        let status = try? error.unpackGoogleRPCStatus()
        let info = status?.details.lazy.compactMap(\.errorInfo).first
        let field = info?.metadata["field"] ?? error.metadata[stringValues: fieldKey].first(where: { _ in true })
        var message = error.message
        // The server's message starts with "field: "; keep the field separately.
        if let field, message.hasPrefix("\(field): ") { message.removeFirst(field.count + 2) }
        let code = domainCode(for: error.code)
        var domain = EnforcementError(code, field: field, message)
        if let reason = info?.reason, info?.domain == errorDomain, reason != domain.reason { domain.rule = reason }
        return domain
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

extension EnforcementError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code { ErrorMapping.code(for: code) }
    public var rpcErrorMessage: String { ErrorMapping.truncated(description, to: ErrorMapping.maxMessageBytes) }
    public var rpcErrorMetadata: Metadata {
        var metadata = GoogleRPCStatus(code: rpcErrorCode, message: rpcErrorMessage, details: ErrorMapping.details(of: self)).rpcErrorMetadata
        if let field { metadata.addString(ErrorMapping.truncated(field, to: 128), forKey: ErrorMapping.fieldKey) }
        return metadata
    }
}
