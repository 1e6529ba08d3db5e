public import Foundation

/// Network asset control: requests to institutions (with their control state), reminders and the
/// re-queries after 终本.
public protocol ControlReader {
    func request(_ id: String) throws -> ControlRequest?
    func requests(ofCase number: CaseNumber) throws -> [ControlRequest]
    /// Requests addressed to `institution` with a position after `after`, in position order.
    func requests(institution: String, after: Int64, unansweredOnly: Bool, limit: Int) throws -> [ControlRequest]
    /// The highest request position so far (0 when there is none).
    func lastPosition() throws -> Int64
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
    /// Deductions a bank answered with money moved before `instant` whose receipt has not arrived
    /// and that have no reminder yet.
    func deductionsAwaitingReceipt(answeredBefore instant: Date, limit: Int) throws -> [ControlRequest]
    /// Requests of one court or one institution served in a period, in position order (oversight exports).
    func requests(_ filter: ControlLogFilter) throws -> [ControlRequest]
    func standingOrder(_ id: String) throws -> StandingFreezeOrder?
    func standingOrders(ofCase number: CaseNumber) throws -> [StandingFreezeOrder]
    /// Active standing orders with a position after `after`, in position order.
    func activeStandingOrders(after: Int64, limit: Int) throws -> [StandingFreezeOrder]
}

public protocol ControlWriter: ControlReader {
    /// Inserts a request and returns it with its position and id.
    func insert(_ request: ControlRequest) throws -> ControlRequest
    func update(_ request: ControlRequest) throws
    /// Appends a reminder and returns it with its sequence.
    func append(_ reminder: Reminder) throws -> Reminder
    /// Sets (or, with nil, removes) the next re-query round of a case and its day.
    func scheduleRequery(_ number: CaseNumber, round: Int?, on day: CalendarDate?) throws
    /// Inserts a standing order and returns it with its position and id.
    func insert(_ order: StandingFreezeOrder) throws -> StandingFreezeOrder
    func update(_ order: StandingFreezeOrder) throws
}
