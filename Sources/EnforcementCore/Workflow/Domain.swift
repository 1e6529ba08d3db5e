public import Foundation
import Crypto

/// What every workflow works with: the store, the clock, the registries, the policies and the
/// change feed. One value, made once by the server (or a test) and handed to each workflow, so no
/// workflow reaches another's parts through it.
public struct Domain: Sendable {
    public let store: any EnforcementStore
    public let clock: any WallClock
    public let courts: CourtRegistry
    public let nodes: ProcessNodeCatalogue
    public let limits: TimeLimitPolicy
    /// The network's institutions: filing queries every connected one.
    public let institutions: InstitutionRegistry
    public let controlPolicy: ControlPolicy
    /// Wakes the watchers of streams (institutions' requests, delegated tasks, the dishonest feed) after a write.
    public let feed: ChangeFeed
    /// The rules of deterrence measures, and the working days their removals count in.
    public let deterrence: DeterrencePolicy
    public let calendar: WorkingCalendar

    public init(
        store: any EnforcementStore, clock: any WallClock, courts: CourtRegistry = .shanghai,
        nodes: ProcessNodeCatalogue = .standard, limits: TimeLimitPolicy = TimeLimitPolicy(),
        institutions: InstitutionRegistry = .development, controlPolicy: ControlPolicy = ControlPolicy(),
        feed: ChangeFeed = ChangeFeed(), deterrence: DeterrencePolicy = DeterrencePolicy(), calendar: WorkingCalendar = WorkingCalendar()
    ) {
        self.store = store
        self.clock = clock
        self.courts = courts
        self.nodes = nodes
        self.limits = limits
        self.institutions = institutions
        self.controlPolicy = controlPolicy
        self.feed = feed
        self.deterrence = deterrence
        self.calendar = calendar
    }

    func writeContext<Command: CaseCommand>(_ command: Command, caller: Caller, requestID: String) throws -> WriteContext {
        guard (1...128).contains(requestID.utf8.count), requestID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw EnforcementError.invalid("request_id", "a request id is 1 to 128 printable ASCII characters")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = String(decoding: try encoder.encode(command), as: UTF8.self)
        let digest = SHA256.hash(data: Data((Command.action + "\n" + payload).utf8))
        return WriteContext(
            caller: caller, requestID: requestID, action: Command.action,
            requestHash: digest.hexadecimal, payload: payload, at: clock.now())
    }

    /// The caller may read the case, or NOT_FOUND: outside its scope a case is answered as if it did
    /// not exist, and the message names only what the caller asked for (`asked`, by default the case
    /// number it gave), never the owner of a foreign object.
    func requireReadRight(_ caller: Caller, _ number: CaseNumber, asked: @autoclosure () -> String? = nil,
                          field: String = "case_number") throws(EnforcementError) {
        guard caller.mayRead(number) else { throw Self.outOfScope(asked() ?? "case \(number)", field: field) }
    }

    /// Reads one case the caller may read, in one snapshot: parses the number, checks the read
    /// right and that the case exists (NOT_FOUND otherwise, as for ``requireReadRight``), then `body`.
    func readCase<T: Sendable>(_ rawNumber: String, by caller: Caller,
                               _ body: @escaping @Sendable (any StoreSnapshot, EnforcementCase) throws -> T) async throws -> T {
        let number = try CaseNumber(parsing: rawNumber)
        try requireReadRight(caller, number)
        return try await store.read { reader in try body(reader, try CaseWorkflow.load(number, reader.cases)) }
    }

    /// The caller may change the case (its own court's), or NOT_FOUND as for ``requireReadRight``.
    func requireChangeRight(_ caller: Caller, _ number: CaseNumber, asked: @autoclosure () -> String? = nil,
                            field: String = "case_number") throws(EnforcementError) {
        guard caller.mayChange(number) else { throw Self.outOfScope(asked() ?? "case \(number)", field: field) }
    }

    /// The court a caller asks about in the command centre's views (figures, alerts): a city court
    /// its own (another is PERMISSION_DENIED, as the command centre's views say), the command centre
    /// any court of the city (unknown: NOT_FOUND) or the whole city (nil). Nobody else.
    func courtScope(_ raw: String, _ caller: Caller, what: String) throws(EnforcementError) -> CourtCode? {
        let text = raw.trimmingWhitespace
        if let own = caller.court {
            guard text.isEmpty || text == own.value else {
                throw EnforcementError(.permissionDenied, field: "court", "a court sees its own \(what) only")
            }
            guard courts.court(own) != nil else { throw EnforcementError(.permissionDenied, "\(what) are kept for the city's courts") }
            return own
        }
        guard caller.isCityWide else { throw EnforcementError(.permissionDenied, "\(what) are for the courts and the command centre") }
        if text.isEmpty { return nil }
        let code = try CourtCode(text, field: "court")
        guard courts.court(code) != nil else { throw EnforcementError(.notFound, field: "court", "no court \(code) in the city") }
        return code
    }

    /// The answer for an object outside the caller's scope: the same as for one that does not exist.
    public static func outOfScope(_ asked: String, field: String) -> EnforcementError {
        EnforcementError(.notFound, field: field, "no \(asked.prefix(80))")
    }
}
