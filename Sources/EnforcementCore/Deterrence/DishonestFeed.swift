public import Foundation

/// The kind of a change to the published list.
public enum DishonestChange: String, Codable, Sendable, CaseIterable {
    case added, changed, removed
}

/// Performance status as published (履行情况).
public enum PerformanceStatus: String, Codable, Sendable, CaseIterable {
    /// 全部未履行
    case notPerformed = "not_performed"
    /// 部分履行
    case partlyPerformed = "partly_performed"
    /// 全部履行
    case performed

    public var nameZh: String {
        switch self {
        case .notPerformed: "全部未履行"
        case .partlyPerformed: "部分履行"
        case .performed: "全部履行"
        }
    }
}

/// One debtor's entry as the national list publishes it; a person's ID is masked.
public struct DishonestRecord: Hashable, Codable, Sendable {
    public var measureID: String
    public var name: String
    /// Masked for a person (`3423011964****3224`), in full for an organisation.
    public var idNumber: String
    public var isPerson: Bool
    /// An organisation's legal representative (name only).
    public var legalRepresentative: String?
    public var courtCode: String
    public var courtName: String
    public var caseNumber: String
    /// The enforcement title's document number (执行依据文号).
    public var basisDocument: String
    /// The obligation under the title (生效法律文书确定的义务).
    public var obligation: String
    public var performance: PerformanceStatus
    /// 失信被执行人行为具体情形
    public var behaviour: String
    public var ground: Int
    /// The listing decision's number.
    public var decisionDocument: String
    public var publishedOn: CalendarDate
    public var endsOn: CalendarDate?
    /// Set on a removal.
    public var removedOn: CalendarDate?
    public var removalReason: String?

    public init(measureID: String, name: String, idNumber: String, isPerson: Bool, legalRepresentative: String?, courtCode: String,
                courtName: String, caseNumber: String, basisDocument: String, obligation: String, performance: PerformanceStatus,
                behaviour: String, ground: Int, decisionDocument: String, publishedOn: CalendarDate, endsOn: CalendarDate?,
                removedOn: CalendarDate? = nil, removalReason: String? = nil) {
        self.measureID = measureID
        self.name = name
        self.idNumber = idNumber
        self.isPerson = isPerson
        self.legalRepresentative = legalRepresentative
        self.courtCode = courtCode
        self.courtName = courtName
        self.caseNumber = caseNumber
        self.basisDocument = basisDocument
        self.obligation = obligation
        self.performance = performance
        self.behaviour = behaviour
        self.ground = ground
        self.decisionDocument = decisionDocument
        self.publishedOn = publishedOn
        self.endsOn = endsOn
        self.removedOn = removedOn
        self.removalReason = removalReason
    }
}

/// One change of the list, at its position in the feed (the cursor a reader saves).
public struct DishonestFeedEntry: Hashable, Codable, Sendable {
    /// Assigned by the store; strictly increasing, never reused.
    public var position: Int64
    public var change: DishonestChange
    public var at: Date
    public var record: DishonestRecord

    public init(position: Int64 = 0, change: DishonestChange, at: Date, record: DishonestRecord) {
        self.position = position
        self.change = change
        self.at = at
        self.record = record
    }
}

/// One day's export: the feed positions after the previous day's export up to the last change
/// made before the day ended. Consecutive exports cover the feed without gap or overlap.
public struct DailyExport: Hashable, Codable, Sendable {
    public var day: CalendarDate
    /// Positions (`afterPosition`, `throughPosition`].
    public var afterPosition: Int64
    public var throughPosition: Int64
    public var count: Int
    public var madeAt: Date

    public init(day: CalendarDate, afterPosition: Int64, throughPosition: Int64, count: Int, madeAt: Date) {
        self.day = day
        self.afterPosition = afterPosition
        self.throughPosition = throughPosition
        self.count = count
        self.madeAt = madeAt
    }
}

extension DishonestFeedEntry {
    /// The entry as one line of the JSON Lines export: sorted keys, snake-case field names.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        // Every field is a plain value; encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
