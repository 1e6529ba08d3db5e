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
    /// The records this write reads and changes, named as `kind:id` (e.g. `case:（2026）沪0105执1号`),
    /// when the body touches nothing else but the rows every write touches (the journal, the
    /// command centre's counters, the feeds' positions, its own idempotency record). A store that
    /// runs writes of several servers side by side (PostgreSQL) runs writes with disjoint keys
    /// together; a write without keys runs alone, as every write does in SQLite.
    public var lockKeys: [String] = []

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
    public var type: CaseType?
    /// Filed on a day in this range (either end open).
    public var filedFrom: CalendarDate?
    public var filedTo: CalendarDate?
    /// Closed on a day in this range (either end open); either set means closed cases only.
    public var closedFrom: CalendarDate?
    public var closedTo: CalendarDate?
    public var closingMode: ClosingMode?
    /// Only cases not closed (pending or suspended).
    public var unclosed: Bool

    public init(court: CourtCode? = nil, handlingJudge: String? = nil, status: CaseStatus? = nil, overdueAsOf: CalendarDate? = nil,
                type: CaseType? = nil, filedFrom: CalendarDate? = nil, filedTo: CalendarDate? = nil, closedFrom: CalendarDate? = nil,
                closedTo: CalendarDate? = nil, closingMode: ClosingMode? = nil, unclosed: Bool = false) {
        self.court = court
        self.handlingJudge = handlingJudge
        self.status = status
        self.overdueAsOf = overdueAsOf
        self.type = type
        self.filedFrom = filedFrom
        self.filedTo = filedTo
        self.closedFrom = closedFrom
        self.closedTo = closedTo
        self.closingMode = closingMode
        self.unclosed = unclosed
    }
}

/// Cases, their node events and their parties' access codes.
public protocol CaseReader {
    func record(_ number: CaseNumber) throws -> EnforcementCase?
    /// Cases matching the filter with a position after `after`, in filing order; with each its position.
    func list(matching filter: CaseFilter, after: Int64, limit: Int) throws -> [(position: Int64, record: EnforcementCase)]
    func nodeEvents(of number: CaseNumber) throws -> [NodeEvent]
    /// Node events of every case after a sequence, in order.
    func nodeEvents(after sequence: Int64, limit: Int) throws -> [NodeEvent]
    /// SHA-256 hex of the access code of each party of a case that has one (key: `applicant:0`, `debtor:1`).
    func accessCodeHashes(of number: CaseNumber) throws -> [String: String]
}

public protocol CaseWriter: CaseReader {
    /// The next sequence number for (year, court, type), starting at 1; never reused.
    func nextSequence(year: Int, court: CourtCode, type: CaseType) throws -> Int
    func insert(_ record: EnforcementCase) throws
    func update(_ record: EnforcementCase) throws
    /// Appends a node event and returns it with its sequence.
    func append(_ event: NodeEvent) throws -> NodeEvent
    func setAccessCodeHash(_ hash: String, party: String, of number: CaseNumber, at: Date) throws
}

/// The stored answers of writes (the rest of idempotency lives inside `EnforcementStore.write`).
public protocol IdempotencyWriter {
    /// Deletes up to `limit` stored answers of `principal` older than `before` (a retention rule
    /// for principals whose requests are never retried, such as the public lookup).
    func pruneIdempotency(principal: String, before: Date, limit: Int) throws
}

/// Reads inside one consistent snapshot: one reader per aggregate.
public protocol StoreSnapshot {
    var cases: any CaseReader { get }
    var controls: any ControlReader { get }
    var ledger: any LedgerReader { get }
    var measures: any MeasureReader { get }
    var delegations: any DelegationReader { get }
    var outbox: any OutboxReader { get }
    var fields: any FieldReader { get }
    var figures: any FigureReader { get }
    var campaigns: any CampaignReader { get }
    var supervision: any SupervisionReader { get }
    var audit: any AuditReader { get }
}

/// One journal entry without its payload: what the wall screen's ticker shows.
public struct Activity: Hashable, Sendable {
    public var sequence: Int64
    public var at: Date
    public var principal: String
    public var action: String
    public var subject: String

    public init(sequence: Int64, at: Date, principal: String, action: String, subject: String) {
        self.sequence = sequence
        self.at = at
        self.principal = principal
        self.action = action
        self.subject = subject
    }
}

/// The journal and the kept answers, read.
public protocol AuditReader {
    /// The domain JSON kept as the answer of (principal, request id), if that write was made.
    func keptResponse(principal: String, requestID: String) throws -> String?
    /// Up to `limit` journal entries after `after`, in order, without payloads.
    func activity(after: Int64, limit: Int) throws -> [Activity]
    /// The sequence of the last journal entry (0 when empty).
    func lastJournalSequence() throws -> Int64
}

/// Writes inside one transaction, one writer per aggregate; nothing is visible until the whole
/// write commits.
public protocol StoreTransaction {
    var cases: any CaseWriter { get }
    var controls: any ControlWriter { get }
    var ledger: any LedgerWriter { get }
    var measures: any MeasureWriter { get }
    var delegations: any DelegationWriter { get }
    var outbox: any OutboxWriter { get }
    var fields: any FieldWriter { get }
    var figures: any FigureWriter { get }
    var campaigns: any CampaignWriter { get }
    var supervision: any SupervisionWriter { get }
    var idempotency: any IdempotencyWriter { get }
}

/// The persistence port of the domain: a write is one transaction value (`StoreTransaction`) whose
/// properties are the aggregates' writers, a read one snapshot of their readers. One implementation
/// per database; the workflow tests are the suite each must pass (today SQLite's).
public protocol EnforcementStore: Sendable {
    /// Runs `body` in one transaction together with the journal entry and the idempotency record.
    ///
    /// If (caller's principal, request id) was seen with the same hash, returns the stored response
    /// without running `body`; with another hash, throws `alreadyExists`. `body` returns the response
    /// and the subject (e.g. the case number) named in the journal.
    func write<Response: Codable & Sendable>(
        _ context: WriteContext,
        _ body: @escaping @Sendable (any StoreTransaction) throws -> (response: Response, subject: String)
    ) async throws -> Response

    func read<Value: Sendable>(_ body: @escaping @Sendable (any StoreSnapshot) throws -> Value) async throws -> Value

    /// Journal entries with a sequence after `after`, in order.
    func journalEntries(after: Int64, limit: Int) async throws -> [JournalEntry]

    /// Commits one tiny row (the store's heartbeat, no journal entry): throws when the store cannot
    /// be written now (a full disk, a read-only file, a lost database). The health service asks it.
    func checkWritable(at instant: Date) async throws
}
