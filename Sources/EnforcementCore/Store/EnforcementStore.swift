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

    public init(caller: Caller, requestID: String, action: String, requestHash: String, payload: String, at: Date) {
        self.caller = caller
        self.requestID = requestID
        self.action = action
        self.requestHash = requestHash
        self.payload = payload
        self.at = at
    }
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
public protocol CaseReader: FundsReader, DelegationReader, DeterrenceReader, NotificationReader {
    func enforcementCase(_ number: CaseNumber) throws -> EnforcementCase?
    /// Cases matching the filter with a position after `after`, in filing order; with each its position.
    func cases(matching filter: CaseFilter, after: Int64, limit: Int) throws -> [(position: Int64, record: EnforcementCase)]
    func nodeEvents(of number: CaseNumber) throws -> [NodeEvent]

    // Network asset control.
    func controlRequest(_ id: String) throws -> ControlRequest?
    func controlRequests(ofCase number: CaseNumber) throws -> [ControlRequest]
    /// Requests addressed to `institution` with a position after `after`, in position order.
    func controlRequests(institution: String, after: Int64, unansweredOnly: Bool, limit: Int) throws -> [ControlRequest]
    /// The highest request position so far (0 when there is none).
    func lastControlPosition() throws -> Int64
    /// Freeze requests on one asset (see `ControlRequest.assetKey`), in position order.
    func freezes(onAsset key: String) throws -> [ControlRequest]
    /// Renew, release and deduct requests that act on a freeze, in position order.
    func requests(actingOn freezeID: String) throws -> [ControlRequest]
    /// Pending requests due before `instant` that have no overdue reminder yet.
    func overdueRequests(at instant: Date, limit: Int) throws -> [ControlRequest]
    /// Freeze requests whose active control ends on or before `day`.
    func activeFreezes(endingOnOrBefore day: CalendarDate, limit: Int) throws -> [ControlRequest]
    func reminders(_ filter: ReminderFilter) throws -> [Reminder]
    /// Cases whose next re-query after a 终本 closing falls on or before `day`, with the round due.
    func dueRequeries(on day: CalendarDate, limit: Int) throws -> [(caseNumber: CaseNumber, round: Int)]
}

/// Writes inside one transaction; nothing is visible until the whole write commits.
public protocol CaseTransaction: CaseReader, FundsTransaction, DelegationTransaction, DeterrenceTransaction, NotificationTransaction {
    /// The next sequence number for (year, court, type), starting at 1; never reused.
    func nextSequence(year: Int, court: CourtCode, type: CaseType) throws -> Int
    func insert(_ record: EnforcementCase) throws
    func update(_ record: EnforcementCase) throws
    /// Appends a node event and returns it with its sequence.
    func append(_ event: NodeEvent) throws -> NodeEvent

    /// Inserts a request and returns it with its position and id.
    func insert(_ request: ControlRequest) throws -> ControlRequest
    func update(_ request: ControlRequest) throws
    /// Appends a reminder and returns it with its sequence.
    func append(_ reminder: Reminder) throws -> Reminder
    /// Sets (or, with nil, removes) the next re-query round of a case and its day.
    func scheduleRequery(_ number: CaseNumber, round: Int?, on day: CalendarDate?) throws
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
