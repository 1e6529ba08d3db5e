public import Foundation

/// Filters for listing delegated tasks.
public struct DelegationFilter: Hashable, Sendable {
    /// Tasks this court sent or received.
    public var court: CourtCode?
    public var status: DelegationStatus?
    public var sentFrom: Date?
    public var sentBefore: Date?
    public var after: Int64
    public var limit: Int

    public init(court: CourtCode? = nil, status: DelegationStatus? = nil, sentFrom: Date? = nil, sentBefore: Date? = nil,
                after: Int64 = 0, limit: Int = 100) {
        self.court = court
        self.status = status
        self.sentFrom = sentFrom
        self.sentBefore = sentBefore
        self.after = after
        self.limit = limit
    }
}

public protocol DelegationReader {
    func task(_ id: String) throws -> DelegationTask?
    func list(_ filter: DelegationFilter) throws -> [DelegationTask]
    /// Tasks addressed to `receiver` with a feed position after `after`, in feed order.
    func list(addressedTo receiver: CourtCode, after: Int64, limit: Int) throws -> [DelegationTask]
    func lastDelegationFeedPosition() throws -> Int64
}

public protocol DelegationWriter: DelegationReader {
    /// Inserts a task and returns it with its position, id and feed position.
    func insert(_ task: DelegationTask) throws -> DelegationTask
    /// Saves a task; with `readdressed`, moves it to the end of the feed (a new receiver).
    func update(_ task: DelegationTask, readdressed: Bool) throws -> DelegationTask
}
