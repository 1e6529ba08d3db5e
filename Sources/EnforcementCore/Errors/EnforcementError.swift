/// The one error type of the domain: a code, the field it concerns, the rule broken, and a message.
///
/// The server maps ``Code`` to a gRPC status in one place; messages name the field and the rule
/// so that a caller always learns what was wrong.
public struct EnforcementError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; extensible, like `RPCError.Code`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// A field of the request is malformed or breaks a rule on its own.
        public static let invalidArgument = Code("invalid argument")
        /// The named entity does not exist (or is not visible to the caller).
        public static let notFound = Code("not found")
        /// The request is well-formed but the current state forbids it.
        public static let failedPrecondition = Code("failed precondition")
        /// A request id was reused with another payload, or the entity already exists.
        public static let alreadyExists = Code("already exists")
        /// The caller is known but has no right to do this.
        public static let permissionDenied = Code("permission denied")
        /// The caller could not be identified.
        public static let unauthenticated = Code("unauthenticated")
        /// The service could not be reached or did not answer in time; the call may be retried.
        public static let unavailable = Code("unavailable")
        /// Too many attempts (e.g. wrong access codes): locked out for a while.
        public static let resourceExhausted = Code("resource exhausted")
        /// A bug or a broken store; never the caller's fault.
        public static let internalError = Code("internal error")

        public var description: String { name }
    }

    public var code: Code
    /// The request field concerned, e.g. `debtors[0].id_number`.
    public var field: String?
    public var message: String
    /// The rule broken, as a stable UPPER_SNAKE_CASE code a program can branch on (sent as
    /// `google.rpc.ErrorInfo.reason`); nil where only the code's generic reason applies.
    public var rule: String?

    public init(_ code: Code, field: String? = nil, _ message: String, reason: String? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.rule = reason
    }

    public static func invalid(_ field: String, _ message: String, reason: String? = nil) -> EnforcementError {
        EnforcementError(.invalidArgument, field: field, message, reason: reason)
    }

    public static func precondition(_ message: String, field: String? = nil, reason: String? = nil) -> EnforcementError {
        EnforcementError(.failedPrecondition, field: field, message, reason: reason)
    }

    /// The stable reason code: the rule's own, else the code's (`INVALID_ARGUMENT`, `NOT_FOUND`, …).
    public var reason: String {
        rule ?? String(code.name.uppercased().map { $0 == " " ? "_" : $0 })
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }
}
