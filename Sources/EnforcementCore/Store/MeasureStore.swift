public import Foundation

/// Filters for listing measures.
public struct MeasureFilter: Hashable, Sendable {
    public var caseNumber: CaseNumber?
    public var court: CourtCode?
    public var kind: MeasureKind?
    public var status: MeasureStatus?
    /// Only measures with a removal due and still in force.
    public var removalDueOnly: Bool
    public var after: Int64
    public var limit: Int

    public init(caseNumber: CaseNumber? = nil, court: CourtCode? = nil, kind: MeasureKind? = nil, status: MeasureStatus? = nil,
                removalDueOnly: Bool = false, after: Int64 = 0, limit: Int = 100) {
        self.caseNumber = caseNumber
        self.court = court
        self.kind = kind
        self.status = status
        self.removalDueOnly = removalDueOnly
        self.after = after
        self.limit = limit
    }
}

/// Deterrence measures, the dishonest-list feed and its daily exports.
public protocol MeasureReader {
    func measure(_ id: String) throws -> Measure?
    func list(_ filter: MeasureFilter) throws -> [Measure]
    /// Feed entries with a position after `after`, in order.
    func feed(after: Int64, limit: Int) throws -> [DishonestFeedEntry]
    /// The last position of the feed (0 when empty).
    func lastDishonestFeedPosition() throws -> Int64
    /// The last position of an entry made before `instant` (0 when none).
    func lastDishonestFeedPosition(before instant: Date) throws -> Int64
    func dailyExport(_ day: CalendarDate) throws -> DailyExport?
    func lastDailyExport() throws -> DailyExport?
}

public protocol MeasureWriter: MeasureReader {
    /// Inserts a measure and returns it with its position and id.
    func insert(_ measure: Measure) throws -> Measure
    func update(_ measure: Measure) throws
    /// Appends a feed entry and returns it with its position.
    func append(_ entry: DishonestFeedEntry) throws -> DishonestFeedEntry
    func insert(_ export: DailyExport) throws
}
