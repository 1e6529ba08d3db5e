public import Foundation

/// What a write is: who asks, under which request id, for which action, with which payload hash.
public struct WriteContext: Sendable {
    public var caller: Caller
    public var requestID: String
    /// The action's name for the journal, e.g. `case.file`.
    public var action: String
    /// SHA-256 of the action and its canonical payload; a replay must match it.
    public var requestHash: String
    /// The canonical payload, kept in the journal as the "what".
    public var payload: String
    public var at: Date
}

/// Filters for listing cases.
public struct CaseFilter: Hashable, Sendable {
    public var court: CourtCode?
    public var handlingJudge: String?
    public var status: CaseStatus?
    /// Only pending cases whose last day is before this date.
    public var overdueAsOf: CalendarDate?

    public init(court: CourtCode? = nil, handlingJudge: String? = nil, status: CaseStatus? = nil, overdueAsOf: CalendarDate? = nil) {
        self.court = court
        self.handlingJudge = handlingJudge
        self.status = status
        self.overdueAsOf = overdueAsOf
    }
}

/// Reads inside one consistent snapshot.
public protocol CaseReader {
    func enforcementCase(_ number: CaseNumber) throws -> EnforcementCase?
    /// Cases matching the filter with a position after `after`, in filing order; with each its position.
    func cases(matching filter: CaseFilter, after: Int64, limit: Int) throws -> [(position: Int64, record: EnforcementCase)]
    func nodeEvents(of number: CaseNumber) throws -> [NodeEvent]
}

/// Writes inside one transaction; nothing is visible until the whole write commits.
public protocol CaseTransaction: CaseReader {
    /// The next sequence number for (year, court, type), starting at 1; never reused.
    func nextSequence(year: Int, court: CourtCode, type: CaseType) throws -> Int
    func insert(_ record: EnforcementCase) throws
    func update(_ record: EnforcementCase) throws
    /// Appends a node event and returns it with its sequence.
    func append(_ event: NodeEvent) throws -> NodeEvent
}

/// The persistence port of the domain. One implementation per database, all passing one conformance suite.
public protocol EnforcementStore: Sendable {
    /// Runs `body` in one transaction together with the journal entry and the idempotency record.
    ///
    /// If (caller's principal, request id) was seen with the same hash, returns the stored response
    /// without running `body`; with another hash, throws `alreadyExists`. `body` returns the response
    /// and the subject (e.g. the case number) named in the journal.
    func write<Response: Codable & Sendable>(
        _ context: WriteContext,
        _ body: @escaping @Sendable (any CaseTransaction) throws -> (response: Response, subject: String)
    ) async throws -> Response

    func read<Value: Sendable>(_ body: @escaping @Sendable (any CaseReader) throws -> Value) async throws -> Value

    /// Journal entries with a sequence after `after`, in order.
    func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry]
}
